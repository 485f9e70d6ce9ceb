package dev.eventpipeline.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.lambda.InvocationResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import dev.eventpipeline.local.cloud.CloudWatchAlarms;
import dev.eventpipeline.local.cloud.CloudWatchAlarms.Alarm;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What CloudWatch and EventBridge do together on AWS: polls the stack's alarms (DescribeAlarms, every
 * second) and, when one changes state (ALARM, OK, INSUFFICIENT_DATA: by {@code set-alarm-state} here, the
 * backend evaluating none), builds the "CloudWatch Alarm State Change" event the way AWS does, matches it
 * against the rules and invokes their Lambda targets asynchronously: a failed invocation is retried twice
 * (Lambda's asynchronous retries, 1 s and 2 s apart here instead of minutes), then the event goes to the
 * target's dead-letter queue.
 */
public final class AlarmStateBridge implements AutoCloseable {
  /** CloudWatch's timestamp format in these events, e.g. 2026-12-07T13:02:11.402+0000. */
  static final DateTimeFormatter CLOUDWATCH = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
      .withZone(ZoneOffset.UTC);
  private static final int ASYNC_RETRIES = 2;

  /** Invokes a function (by logical id) asynchronously with a payload, as {@code arn} (its alias). */
  @FunctionalInterface
  public interface Invoker {
    java.util.concurrent.CompletableFuture<InvocationResult> invoke(String functionLogicalId, byte[] payload, String arn);
  }

  record Seen(String value, Instant updated, String reason) {}

  private final CloudWatchAlarms cloudWatch;
  private final SqsClient sqs;
  private final List<String> alarmNames;
  private final List<RuleSpec> rules;
  private final Invoker invoker;
  private final Function<String, String> queueUrlOfArn;
  private final String region;
  private final String account;
  private final ScheduledExecutorService scheduler;
  private final Consumer<String> log;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private ScheduledFuture<?> polling;

  /**
   * @param invoker invokes a function (a pool of the local cloud)
   * @param queueUrlOfArn a dead-letter queue's URL by ARN (null when it is not one of the stack's)
   */
  public AlarmStateBridge(CloudWatchAlarms cloudWatch, SqsClient sqs, List<String> alarmNames, List<RuleSpec> rules,
      Invoker invoker, Function<String, String> queueUrlOfArn, String region, String account,
      ScheduledExecutorService scheduler, Consumer<String> log) {
    this.cloudWatch = cloudWatch;
    this.sqs = sqs;
    this.alarmNames = List.copyOf(alarmNames);
    this.rules = List.copyOf(rules);
    this.invoker = invoker;
    this.queueUrlOfArn = queueUrlOfArn;
    this.region = region;
    this.account = account;
    this.scheduler = scheduler;
    this.log = log;
  }

  /** Takes the alarms' current states as the baseline, then polls. */
  public void start() {
    poll(false);
    polling = scheduler.scheduleWithFixedDelay(() -> {
      try {
        poll(true);
      } catch (RuntimeException e) {
        log.accept("alarm poll failed (retrying): " + e.getMessage());
      }
    }, 1, 1, TimeUnit.SECONDS);
  }

  private void poll(boolean dispatch) {
    for (int i = 0; i < alarmNames.size(); i += 100) {
      List<String> page = alarmNames.subList(i, Math.min(alarmNames.size(), i + 100));
      for (Alarm a : cloudWatch.describe(page)) {
        Seen now = new Seen(a.state(), a.stateUpdated(), a.stateReason());
        Seen before = seen.put(a.name(), now);
        if (dispatch && before != null && !before.value().equals(now.value())) {
          dispatch(event(a, before, now));
        }
      }
    }
  }

  /** The event EventBridge receives from CloudWatch for this change. */
  ObjectNode event(Alarm a, Seen before, Seen now) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("version", "0");
    e.put("id", UUID.randomUUID().toString());
    e.put("detail-type", "CloudWatch Alarm State Change");
    e.put("source", "aws.cloudwatch");
    e.put("account", account);
    Instant at = now.updated() != null ? now.updated() : Instant.now();
    e.put("time", DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    e.put("region", region);
    e.putArray("resources").add(a.arn() != null ? a.arn()
        : "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + a.name());
    ObjectNode detail = e.putObject("detail");
    detail.put("alarmName", a.name());
    ObjectNode configuration = detail.putObject("configuration");
    if (a.description() != null) {
      configuration.put("description", a.description());
    }
    var metrics = configuration.putArray("metrics");
    for (CloudWatchAlarms.Metric q : a.metrics()) {
      ObjectNode m = metrics.addObject().put("id", q.id());
      ObjectNode stat = m.putObject("metricStat");
      ObjectNode metric = stat.putObject("metric");
      metric.put("namespace", q.namespace()).put("name", q.name());
      ObjectNode dims = metric.putObject("dimensions");
      q.dimensions().forEach(dims::put);
      stat.put("period", q.period()).put("stat", q.stat());
      m.put("returnData", q.returnData());
    }
    detail.putObject("previousState").put("reason", String.valueOf(before.reason()))
        .put("timestamp", CLOUDWATCH.format(before.updated() != null ? before.updated() : at)).put("value", before.value());
    ObjectNode state = detail.putObject("state").put("reason", String.valueOf(now.reason()));
    if (a.stateReasonData() != null && !a.stateReasonData().isEmpty()) {
      state.put("reasonData", a.stateReasonData());
    }
    state.put("timestamp", CLOUDWATCH.format(at)).put("value", now.value());
    return e;
  }

  private void dispatch(ObjectNode event) {
    String alarm = event.path("detail").path("alarmName").asText();
    String change = event.path("detail").path("previousState").path("value").asText() + " -> "
        + event.path("detail").path("state").path("value").asText();
    List<String> matched = new ArrayList<>();
    for (RuleSpec rule : rules) {
      if (!rule.enabled() || !EventPatterns.matches(rule.eventPattern(), event)) {
        continue;
      }
      matched.add(rule.name());
      for (RuleSpec.Target t : rule.targets()) {
        scheduler.execute(() -> invoke(rule, t, event, 0));
      }
    }
    log.accept("alarm " + alarm + " " + change + (matched.isEmpty() ? ": no rule matches"
        : ": rule(s) " + String.join(", ", matched)));
  }

  private void invoke(RuleSpec rule, RuleSpec.Target t, JsonNode event, int attempt) {
    String fn = t.functionLogicalId();
    byte[] payload;
    try {
      payload = Json.MAPPER.writeValueAsBytes(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write an event", e);
    }
    invoker.invoke(fn, payload, t.arn()).whenComplete((result, error) -> {
      if (error == null && result.succeeded()) {
        String answer = result.payloadText();
        log.accept("rule " + rule.name() + " -> " + fn + ": " + (answer.length() > 400
            ? answer.substring(0, 400) + "..." : answer));
        return;
      }
      String why = error != null ? error.toString() : result.describeError();
      if (attempt < Math.min(ASYNC_RETRIES, t.maximumRetryAttempts())) {
        log.accept("rule " + rule.name() + " -> " + fn + " failed (" + why + "), retry "
            + (attempt + 1) + " of " + ASYNC_RETRIES);
        scheduler.schedule(() -> invoke(rule, t, event, attempt + 1), 1L << attempt, TimeUnit.SECONDS);
        return;
      }
      String dlq = t.deadLetterArn() == null ? null : queueUrlOfArn.apply(t.deadLetterArn());
      if (dlq != null) {
        sqs.sendMessage(b -> b.queueUrl(dlq).messageBody(new String(payload, java.nio.charset.StandardCharsets.UTF_8)));
      }
      log.accept("rule " + rule.name() + " -> " + fn + " failed for good (" + why + ")"
          + (dlq != null ? ": event sent to " + dlq.substring(dlq.lastIndexOf('/') + 1) : ": event dropped"));
    });
  }

  @Override
  public void close() {
    if (polling != null) {
      polling.cancel(false);
    }
  }
}
