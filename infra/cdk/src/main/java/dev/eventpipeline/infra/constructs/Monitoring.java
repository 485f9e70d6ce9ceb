package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.FunctionId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * Alarms and a dashboard: iterator age of every stream consumer, depth of every DLQ and on-failure
 * queue, errors and throttles of every function, and notify's failed deliveries. Every alarm
 * notifies the alarm topic.
 */
public final class Monitoring extends Construct {
  /**
   * {@code deadLetterQueues} maps an output name stem (e.g. ThumbnailJobsDlq) to the queue;
   * {@code notifyFunction} is the function whose {@code failedDeliveriesMetric} EMF metric is alarmed;
   * {@code logsWorker} is null unless it runs the log stages (then {@code streamConsumers} is empty).
   */
  public record Props(
      ITopic alarmTopic,
      List<PipelineFunction> functions,
      List<PipelineFunction> streamConsumers,
      Map<String, IQueue> deadLetterQueues,
      int iteratorAgeSeconds,
      PipelineFunction notifyFunction,
      String metricsNamespace,
      String failedDeliveriesMetric,
      int failedDeliveriesThreshold,
      LogsWorker logsWorker) {}

  private static final Duration PERIOD = Duration.minutes(5);

  private final Map<FunctionId, List<IAlarm>> functionAlarms = new EnumMap<>(FunctionId.class);
  private final List<Alarm> alarms = new ArrayList<>();
  private final Map<String, Alarm> queueAlarms = new java.util.LinkedHashMap<>();
  private final Map<FunctionId, Alarm> iteratorAgeAlarms = new EnumMap<>(FunctionId.class);
  private final Dashboard dashboard;

  public Monitoring(Construct scope, String id, Props props) {
    super(scope, id);
    SnsAction notifyOperators = new SnsAction(props.alarmTopic());

    List<IWidget> widgets = new ArrayList<>();
    widgets.add(TextWidget.Builder.create()
        .markdown("# Lambda Event Pipeline\nInvocations, errors and throttles per function (alias `live`),"
            + " stream consumers' iterator age, dead-letter queue depths, webhook delivery failures.")
        .width(24).height(2).build());

    List<IMetric> invocations = new ArrayList<>();
    List<IMetric> errors = new ArrayList<>();
    List<IMetric> throttles = new ArrayList<>();
    List<IMetric> durations = new ArrayList<>();
    for (PipelineFunction fn : props.functions()) {
      String name = fn.id().logicalName();
      MetricOptions sum = MetricOptions.builder().period(PERIOD).statistic("Sum").label(name).build();
      Alarm errorAlarm = alarm(name + "Errors", fn.alias().metricErrors(sum), 1,
          "The " + fn.id().contextPrefix() + " function failed invocations (a whole batch retried).",
          notifyOperators);
      Alarm throttleAlarm = alarm(name + "Throttles", fn.alias().metricThrottles(sum), 1,
          "The " + fn.id().contextPrefix() + " function was throttled.", notifyOperators);
      functionAlarms.put(fn.id(), List.of(errorAlarm, throttleAlarm));
      invocations.add(fn.alias().metricInvocations(sum));
      errors.add(fn.alias().metricErrors(sum));
      throttles.add(fn.alias().metricThrottles(sum));
      durations.add(fn.alias().metricDuration(
          MetricOptions.builder().period(PERIOD).statistic("p99").label(name).build()));
    }
    widgets.add(graph("Invocations", invocations));
    widgets.add(graph("Errors", errors));
    widgets.add(graph("Throttles", throttles));
    widgets.add(graph("Duration p99 (ms)", durations));

    List<IMetric> iteratorAges = new ArrayList<>();
    for (PipelineFunction fn : props.streamConsumers()) {
      String name = fn.id().logicalName();
      Metric age = fn.alias().metric("IteratorAge",
          MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").label(name).build());
      iteratorAgeAlarms.put(fn.id(), alarm(name + "IteratorAge", age, props.iteratorAgeSeconds() * 1000.0,
          "The " + fn.id().contextPrefix() + " function is falling behind its stream (oldest record"
              + " older than " + props.iteratorAgeSeconds() + " s).", notifyOperators, 5));
      iteratorAges.add(age);
    }
    LogsWorker worker = props.logsWorker();
    if (worker != null) {
      // The worker's lag is the streams' own: the age of the last record GetRecords returned (the worker
      // is each stream's only reader).
      worker.inputStreams().forEach((stage, stream) -> {
        String name = stage.logicalName();
        Metric age = stream.metricGetRecordsIteratorAgeMilliseconds(
            MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").label(name).build());
        iteratorAgeAlarms.put(stage, alarm(name + "StreamIteratorAge", age, props.iteratorAgeSeconds() * 1000.0,
            "The logs worker's " + stage.contextPrefix() + " stage is falling behind its stream (oldest record"
                + " read older than " + props.iteratorAgeSeconds() + " s).", notifyOperators, 5));
        iteratorAges.add(age);
      });
    }
    widgets.add(graph("Iterator age (ms)", iteratorAges));
    if (worker != null) {
      widgets.add(logsWorker(worker, notifyOperators));
    }

    List<IMetric> depths = new ArrayList<>();
    props.deadLetterQueues().forEach((name, queue) -> {
      Metric visible = queue.metricApproximateNumberOfMessagesVisible(
          MetricOptions.builder().period(Duration.minutes(1)).statistic("Maximum").label(name).build());
      queueAlarms.put(name, alarm(name + "NotEmpty", visible, 1, "Messages are waiting in " + name
          + ": something failed for good; inspect and redrive.", notifyOperators));
      depths.add(visible);
    });
    widgets.add(graph("Dead-letter and on-failure queues (visible messages)", depths));

    Metric failedDeliveries = Metric.Builder.create()
        .namespace(props.metricsNamespace())
        .metricName(props.failedDeliveriesMetric())
        .dimensionsMap(Map.of("FunctionName", props.notifyFunction().function().getFunctionName()))
        .statistic("Sum")
        .period(PERIOD)
        .label("Failed webhook deliveries")
        .build();
    alarm("NotifyFailedDeliveries", failedDeliveries, props.failedDeliveriesThreshold(),
        "Webhook deliveries are failing (" + props.failedDeliveriesMetric() + " in "
            + props.metricsNamespace() + ").", notifyOperators);
    widgets.add(graph("Webhook deliveries failed", List.of(failedDeliveries)));

    dashboard = Dashboard.Builder.create(this, "Dashboard")
        .widgets(List.of(widgets))
        .build();
  }

  private Alarm alarm(String id, IMetric metric, double threshold, String description, SnsAction action) {
    return alarm(id, metric, threshold, description, action, 1);
  }

  private Alarm alarm(String id, IMetric metric, double threshold, String description, SnsAction action,
      int evaluationPeriods) {
    // No data means no invocations or no messages: healthy, not unknown.
    return alarm(id, metric, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, threshold,
        TreatMissingData.NOT_BREACHING, description, action, evaluationPeriods);
  }

  private Alarm alarm(String id, IMetric metric, ComparisonOperator comparison, double threshold,
      TreatMissingData missingData, String description, SnsAction action, int evaluationPeriods) {
    Alarm alarm = Alarm.Builder.create(this, id)
        .metric(metric)
        .threshold(threshold)
        .comparisonOperator(comparison)
        .evaluationPeriods(evaluationPeriods)
        .treatMissingData(missingData)
        .alarmDescription(description)
        .build();
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    alarms.add(alarm);
    return alarm;
  }

  /**
   * The worker's service: an alarm when fewer tasks run than its minimum for 5 minutes (crashing, or
   * unable to start), and a graph of its tasks and their CPU and memory (what autoscaling acts on).
   */
  private GraphWidget logsWorker(LogsWorker worker, SnsAction action) {
    Map<String, String> service = Map.of(
        "ClusterName", worker.cluster().getClusterName(),
        "ServiceName", worker.service().getServiceName());
    Metric running = Metric.Builder.create()
        .namespace("ECS/ContainerInsights")
        .metricName("RunningTaskCount")
        .dimensionsMap(service)
        .statistic("Minimum")
        .period(Duration.minutes(1))
        .label("Running tasks")
        .build();
    // Container Insights reports the service's task counts every minute: 5 minutes without a report are
    // treated like 5 minutes below the minimum, not as healthy.
    alarm("LogsWorkerTasksBelowMinimum", running, ComparisonOperator.LESS_THAN_THRESHOLD, worker.minTasks(),
        TreatMissingData.BREACHING, "The logs worker runs fewer than its " + worker.minTasks()
            + " task(s): the log stages are slowed or stopped (tasks failing to start or crashing).", action, 5);
    MetricOptions average = MetricOptions.builder().period(Duration.minutes(1)).statistic("Average").build();
    return GraphWidget.Builder.create().title("Logs worker: running tasks, CPU and memory (%)")
        .left(List.of(running))
        .right(List.of(worker.service().metricCpuUtilization(average), worker.service().metricMemoryUtilization(average)))
        .width(12).height(6).build();
  }

  private static GraphWidget graph(String title, List<IMetric> metrics) {
    return GraphWidget.Builder.create().title(title).left(metrics).width(12).height(6).build();
  }

  /** The error and throttle alarms of a function (rollback triggers of a canary deployment). */
  public List<IAlarm> alarmsOf(FunctionId id) {
    return functionAlarms.getOrDefault(id, List.of());
  }

  /** The depth alarm of each dead-letter and on-failure queue, by output stem (e.g. ThumbnailJobsDlq). */
  public Map<String, Alarm> queueAlarms() {
    return java.util.Collections.unmodifiableMap(queueAlarms);
  }

  /**
   * The iterator-age alarm of each stream consumer: the function's IteratorAge, or with the logs worker
   * the stream's GetRecords.IteratorAgeMilliseconds, by stage.
   */
  public Map<FunctionId, Alarm> iteratorAgeAlarms() {
    return java.util.Collections.unmodifiableMap(iteratorAgeAlarms);
  }

  public List<Alarm> alarms() {
    return List.copyOf(alarms);
  }

  public Dashboard dashboard() {
    return dashboard;
  }
}
