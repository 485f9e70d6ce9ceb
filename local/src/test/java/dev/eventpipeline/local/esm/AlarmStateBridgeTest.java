package dev.eventpipeline.local.esm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.lambda.InvocationResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.eventpipeline.local.cloud.CloudWatchAlarms;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Alarm state changes in moto's CloudWatch, routed to a rule's target the way EventBridge does. */
class AlarmStateBridgeTest {
  private static MotoServer moto;
  private static LocalAws aws;
  private static CloudWatchAlarms cloudWatch;
  private static SqsClient sqs;
  private static final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

  @BeforeAll
  static void start() {
    moto = MotoServer.start();
    aws = new LocalAws(moto.endpoint(), "us-east-1");
    cloudWatch = aws.cloudWatchAlarms();
    sqs = aws.sqs();
  }

  @AfterAll
  static void stop() {
    scheduler.shutdownNow();
    sqs.close();
    aws.close();
    moto.close();
  }

  private static String alarm(String name) {
    cloudWatch.put(new CloudWatchAlarms.Definition(name, "Messages are waiting in " + name,
        "GreaterThanOrEqualToThreshold", 1, null, 1.0, "notBreaching", List.of(new CloudWatchAlarms.Metric("m1",
            "AWS/SQS", "ApproximateNumberOfMessagesVisible", Map.of("QueueName", name), 60, "Maximum", true))));
    return "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name;
  }

  private static RuleSpec rule(String alarmArn, String dlqArn) throws Exception {
    JsonNode pattern = Json.MAPPER.readTree("{\"source\":[\"aws.cloudwatch\"],\"detail-type\":[\"CloudWatch Alarm"
        + " State Change\"],\"resources\":[\"" + alarmArn + "\"],\"detail\":{\"state\":{\"value\":[\"ALARM\"]}}}");
    return new RuleSpec("Rule", "EventPipeline-Rule", "arn:aws:events:us-east-1:123456789012:rule/r", pattern, true,
        List.of(new RuleSpec.Target("Target0", "Fn", "arn:aws:lambda:us-east-1:123456789012:function:fn:live", dlqArn,
            8)));
  }

  private static InvocationResult result(boolean ok) {
    return new InvocationResult("r", ok ? InvocationResult.Outcome.SUCCESS : InvocationResult.Outcome.FUNCTION_ERROR,
        "{}".getBytes(StandardCharsets.UTF_8), ok ? null : "java.lang.IllegalStateException", ok ? null : "boom", 1, false);
  }

  @Test
  void aChangeToAlarmInvokesTheTargetWithTheEventAwsSendsAndAChangeBackToOkDoesNot() throws Exception {
    String arn = alarm("DlqNotEmpty");
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    List<String> log = new CopyOnWriteArrayList<>();
    try (AlarmStateBridge bridge = new AlarmStateBridge(cloudWatch, sqs, List.of("DlqNotEmpty"), List.of(rule(arn, null)),
        (fn, payload, invoked) -> {
          events.add(read(payload));
          return CompletableFuture.completedFuture(result(true));
        }, x -> null, "us-east-1", "123456789012", scheduler, log::add)) {
      bridge.start();
      cloudWatch.setState("DlqNotEmpty", "ALARM", "test: 2 messages");
      await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 1);

      JsonNode e = events.get(0);
      assertThat(e.path("source").asText()).isEqualTo("aws.cloudwatch");
      assertThat(e.path("detail-type").asText()).isEqualTo("CloudWatch Alarm State Change");
      assertThat(e.path("account").asText()).isEqualTo("123456789012");
      assertThat(e.path("resources").get(0).asText()).isEqualTo(arn);
      JsonNode detail = e.path("detail");
      assertThat(detail.path("alarmName").asText()).isEqualTo("DlqNotEmpty");
      assertThat(detail.path("state").path("value").asText()).isEqualTo("ALARM");
      assertThat(detail.path("state").path("reason").asText()).isEqualTo("test: 2 messages");
      assertThat(detail.path("previousState").path("value").asText()).isEqualTo("OK");
      // CloudWatch's own timestamp format in these events
      OffsetDateTime.parse(detail.path("state").path("timestamp").asText(),
          DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ"));
      assertThat(detail.path("configuration").path("metrics").get(0).path("metricStat").path("metric")
          .path("dimensions").path("QueueName").asText()).isEqualTo("DlqNotEmpty");

      cloudWatch.setState("DlqNotEmpty", "OK", "test: empty");
      await().atMost(Duration.ofSeconds(10)).until(() -> log.stream().anyMatch(l -> l.contains("ALARM -> OK: no rule matches")));
      assertThat(events).hasSize(1);
    }
  }

  @Test
  void aTargetThatKeepsFailingIsRetriedTwiceThenTheEventGoesToTheDlq() throws Exception {
    String arn = alarm("Failing");
    String dlq = sqs.createQueue(b -> b.queueName("rule-dlq")).queueUrl();
    String dlqArn = "arn:aws:sqs:us-east-1:123456789012:rule-dlq";
    List<Integer> calls = new CopyOnWriteArrayList<>();
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicBoolean fail = new AtomicBoolean(true);
    try (AlarmStateBridge bridge = new AlarmStateBridge(cloudWatch, sqs, List.of("Failing"), List.of(rule(arn, dlqArn)),
        (fn, payload, invoked) -> {
          calls.add(1);
          return CompletableFuture.completedFuture(result(!fail.get()));
        }, x -> x.equals(dlqArn) ? dlq : null, "us-east-1", "123456789012", scheduler, log::add)) {
      bridge.start();
      cloudWatch.setState("Failing", "ALARM", "test");
      await().atMost(Duration.ofSeconds(15)).until(() -> log.stream().anyMatch(l -> l.contains("failed for good")));

      assertThat(calls).hasSize(3);
      var messages = sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(2)).messages();
      assertThat(messages).singleElement().satisfies(m ->
          assertThat(read(m.body().getBytes(StandardCharsets.UTF_8)).path("detail").path("alarmName").asText())
              .isEqualTo("Failing"));
    }
  }

  private static JsonNode read(byte[] json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
