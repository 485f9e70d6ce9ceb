package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.settings.EnvVars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * Alarm-driven remediation: an EventBridge rule on the state changes to ALARM of the remediable alarms
 * invokes the remediate function (its live alias, asynchronously), which redrives a dead-letter queue or
 * raises a stream's shard count, records each action in its ledger table and publishes
 * RemediationPerformed. Failed invocations (after Lambda's two retries) and undeliverable events go to the
 * remediation's own DLQ, alarmed like every other. The function may touch exactly the queues and streams
 * of its targets.
 */
public final class Remediation extends Construct {
  /** EventBridge's source and detail-type of a CloudWatch alarm state change. */
  public static final String ALARM_SOURCE = "aws.cloudwatch";
  public static final String ALARM_DETAIL_TYPE = "CloudWatch Alarm State Change";

  /** What the remediation needs from the rest of the stack. */
  public record Props(FunctionFactory functions, ITopic events) {}

  /**
   * A dead-letter queue whose depth alarm redrives it: to {@code source} (an SQS DLQ), or, when
   * {@code source} is null, replaying its failure records from {@code stream} (a Kinesis on-failure destination).
   */
  public record Redrive(IAlarm alarm, IQueue dlq, IQueue source, IStream stream) {}

  /** A provisioned stream whose consumer's iterator-age alarm raises its shard count up to {@code maxShards}. */
  public record Scale(IAlarm alarm, IStream stream, int minShards, int maxShards) {}

  private final Table ledger;
  private final Queue deadLetterQueue;
  private final PipelineFunction function;
  private Rule rule;

  public Remediation(Construct scope, String id, Props props) {
    super(scope, id);
    PipelineSettings s = props.functions().settings();
    ledger = Table.Builder.create(this, "Ledger")
        .partitionKey(Attribute.builder().name("alarmName").type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name("changedAt").type(AttributeType.NUMBER).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true).build())
        .encryption(TableEncryption.AWS_MANAGED)
        .timeToLiveAttribute("expiresAt")
        .deletionProtection(s.retainData())
        .removalPolicy(s.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
        .build();
    LogicalIds.set(ledger, "RemediationLedgerTable");

    deadLetterQueue = SecureQueue.deadLetterQueue(this, "Dlq", "RemediateDlq",
        "the failure destination of the remediate function's asynchronous invocations and of its"
            + " EventBridge rule target");

    Map<String, String> env = new LinkedHashMap<>();
    env.put(EnvVars.REMEDIATION_TABLE, ledger.getTableName());
    env.put(EnvVars.EVENTS_TOPIC_ARN, props.events().getTopicArn());
    env.put(EnvVars.REMEDIATION_MAX_ATTEMPTS_PER_HOUR, Integer.toString(s.remediation().maxAttemptsPerHour()));
    env.put(EnvVars.REMEDIATION_BACKOFF_SECONDS, Integer.toString(s.remediation().backoffSeconds()));
    env.put(EnvVars.REMEDIATION_MAX_BACKOFF_SECONDS, Integer.toString(s.remediation().maxBackoffSeconds()));
    function = props.functions().create(this, FunctionId.REMEDIATE, env,
        "Acts on alarms: redrives dead-letter queues, raises stream shard counts (alarm state changes -> actions)");
    // The ledger: a conditional put per state change, its completion, and a query of the alarm's last hour.
    ledger.grant(function.alias(), "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query");
    props.events().grantPublish(function.alias());
    function.alias().configureAsyncInvoke(EventInvokeConfigOptions.builder()
        .retryAttempts(2)
        .maxEventAge(Duration.hours(1))
        .onFailure(new SqsDestination(deadLetterQueue))
        .build());
  }

  /**
   * Targets the alarms: the rule, the function's map of alarm to action (REMEDIATION_TARGETS) and the
   * grants on exactly those queues and streams. Called once, after the alarms exist.
   */
  public void actOn(List<Redrive> redrives, List<Scale> scales) {
    if (rule != null) {
      throw new IllegalStateException("Remediation.actOn is called once");
    }
    List<Map<String, Object>> targets = new ArrayList<>();
    List<String> alarmArns = new ArrayList<>();
    for (Redrive r : redrives) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("alarm", r.alarm().getAlarmName());
      t.put("dlq", r.dlq().getQueueUrl());
      r.dlq().grantConsumeMessages(function.alias());
      if (r.source() != null) {
        t.put("source", r.source().getQueueUrl());
        r.source().grantSendMessages(function.alias());
      } else {
        // the failure record names a shard and a sequence range: read them back, put them again
        r.stream().grantRead(function.alias());
        r.stream().grantWrite(function.alias());
      }
      targets.add(t);
      alarmArns.add(r.alarm().getAlarmArn());
    }
    for (Scale sc : scales) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("alarm", sc.alarm().getAlarmName());
      t.put("stream", sc.stream().getStreamName());
      t.put("minShards", sc.minShards());
      t.put("maxShards", sc.maxShards());
      sc.stream().grant(function.alias(), "kinesis:DescribeStreamSummary", "kinesis:UpdateShardCount");
      targets.add(t);
      alarmArns.add(sc.alarm().getAlarmArn());
    }
    function.function().addEnvironment(EnvVars.REMEDIATION_TARGETS, Stack.of(this).toJsonString(targets));

    rule = Rule.Builder.create(this, "Rule")
        .description("Remediable alarms going into ALARM -> the remediate function")
        .eventPattern(EventPattern.builder()
            .source(List.of(ALARM_SOURCE))
            .detailType(List.of(ALARM_DETAIL_TYPE))
            .resources(alarmArns)
            .detail(Map.of("state", Map.of("value", List.of("ALARM"))))
            .build())
        .targets(List.of(new LambdaFunction(function.alias(), LambdaFunctionProps.builder()
            .deadLetterQueue(deadLetterQueue)
            .retryAttempts(8)
            .maxEventAge(Duration.hours(2))
            .build())))
        .build();
    LogicalIds.set(rule, "RemediationRule");
  }

  public PipelineFunction function() {
    return function;
  }

  public Table ledger() {
    return ledger;
  }

  /** Where failed remediations end: alarmed by the monitoring construct, never a remediation target itself. */
  public Queue deadLetterQueue() {
    return deadLetterQueue;
  }

  public Rule rule() {
    return rule;
  }
}
