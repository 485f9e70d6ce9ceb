package dev.eventpipeline.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

class StatusCommandTest {
  @TempDir
  static Path home;
  static MotoPipeline pipeline;
  static String rawLogs;
  static String notifyQueue;
  static String thumbnailDlq;
  static String archive;
  static String topic;

  @BeforeAll
  static void provision() {
    pipeline = MotoPipeline.start(home);
    rawLogs = pipeline.createStream("RawLogsStreamName", 2);
    notifyQueue = pipeline.createQueue("NotifyQueueUrl");
    thumbnailDlq = pipeline.createQueue("ThumbnailJobsDlqUrl");
    archive = pipeline.createBucket("ArchiveBucketName");
    topic = pipeline.createTopic("EventsTopicArn");
    pipeline.output("SubscriptionsApiUrl", "http://127.0.0.1:9999/");
    for (int i = 0; i < 3; i++) {
      String body = "job " + i;
      pipeline.sqs.sendMessage(b -> b.queueUrl(thumbnailDlq).messageBody(body));
    }
    pipeline.sqs.sendMessage(b -> b.queueUrl(notifyQueue).messageBody("event"));
    pipeline.s3.putObject(b -> b.bucket(archive).key("logs/a.gz"), RequestBody.fromString("x"));
  }

  @AfterAll
  static void stop() {
    pipeline.close();
  }

  @AfterEach
  void noStatusFile() throws IOException {
    Files.deleteIfExists(pipeline.stateDirectory().resolve("status.json"));
  }

  @Test
  void showsStreamsQueueAndDlqDepthsBucketsAndNaWithoutTheLocalCloudsStatusFile() {
    MotoPipeline.Run run = pipeline.run("status");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String name = notifyQueue.substring(notifyQueue.lastIndexOf('/') + 1);
    String dlq = thumbnailDlq.substring(thumbnailDlq.lastIndexOf('/') + 1);
    assertThat(run.out())
        .containsPattern(rawLogs + "\\s+ACTIVE\\s+2\\s+n/a")
        .containsPattern(name + "\\s+1\\s+0")
        .containsPattern(dlq + " \\(DLQ\\)\\s+3\\s+0\\s+<- messages in a dead-letter queue")
        .containsPattern(archive + "\\s+1")
        .contains("0 subscription(s)")
        .contains("FUNCTIONS: n/a");
  }

  @Test
  void countsTheTopicsSubscriptionsByListingThemBecauseMotoReportsZeroConfirmed() {
    String queueArn = pipeline.sqs.getQueueAttributes(b -> b.queueUrl(notifyQueue)
        .attributeNames(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN)).attributes()
        .get(software.amazon.awssdk.services.sqs.model.QueueAttributeName.QUEUE_ARN);
    String sub = pipeline.sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn)
        .returnSubscriptionArn(true)).subscriptionArn();
    try {
      MotoPipeline.Run run = pipeline.run("status");

      assertThat(run.exitCode()).as(run.err()).isZero();
      String topicName = topic.substring(topic.lastIndexOf(':') + 1);
      String queueName = notifyQueue.substring(notifyQueue.lastIndexOf('/') + 1);
      assertThat(run.out()).contains("TOPIC " + topicName + ": 1 subscription(s)").contains("  sqs  " + queueName);
    } finally {
      pipeline.sns.unsubscribe(b -> b.subscriptionArn(sub));
    }
  }

  @Test
  void functionColumnsLineUpWhateverTheLengthOfTheFunctionNames() throws IOException {
    Files.writeString(pipeline.stateDirectory().resolve("status.json"), """
        {"updatedAt": "%s",
         "functions": {
           "EventPipeline-SubscriptionsApiFunction": {"invocations": 3, "errors": 0, "coldStarts": 1, "lastErrors": []},
           "ingest": {"invocations": 1234, "errors": 12, "coldStarts": 2, "lastErrors": []}
         },
         "mappings": []}
        """.formatted(Instant.now()));

    MotoPipeline.Run run = pipeline.run("status");

    assertThat(run.exitCode()).as(run.err()).isZero();
    java.util.List<String> rows = run.out().lines()
        .dropWhile(l -> !l.startsWith("FUNCTION ")).takeWhile(l -> !l.isBlank()).toList();
    assertThat(rows).hasSize(3);
    // Every row's INVOCATIONS column ends where the header's does.
    int end = rows.get(0).indexOf("INVOCATIONS") + "INVOCATIONS".length();
    assertThat(rows.get(1)).startsWith("EventPipeline-SubscriptionsApiFunction ");
    assertThat(rows.get(1).substring(0, end)).endsWith(" 3");
    assertThat(rows.get(2).substring(0, end)).endsWith(" 1234");
    assertThat(rows.get(2).substring(0, rows.get(0).indexOf("COLD STARTS") + "COLD STARTS".length())).endsWith(" 2");
  }

  @Test
  void showsConsumerIteratorAgeAndFunctionErrorsFromTheStatusFile() throws IOException {
    Files.writeString(pipeline.stateDirectory().resolve("status.json"), """
        {"updatedAt": "%s",
         "functions": {
           "ingest": {"invocations": 42, "errors": 1, "coldStarts": 1,
                      "lastErrors": [{"time": "2026-11-23T10:00:00Z", "requestId": "r-1",
                                      "errorType": "IllegalStateException", "errorMessage": "boom"}]},
           "thumbnail": {"invocations": 7, "errors": 0, "lastErrors": []}
         },
         "mappings": [
           {"function": "ingest", "kind": "kinesis", "source": "%s", "state": "Enabled",
            "shards": [{"shardId": "shardId-000000000000", "checkpoint": "4960", "iteratorAgeMillis": 1500},
                       {"shardId": "shardId-000000000001", "iteratorAgeMillis": 200}]}
         ]}
        """.formatted(Instant.now().minusSeconds(3), rawLogs));

    MotoPipeline.Run run = pipeline.run("status");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern(rawLogs + "\\s+ACTIVE\\s+2\\s+ingest \\(1.5 s\\)")
        .containsPattern("ingest\\s+42\\s+1\\s+1\\s+2026-11-23T10:00:00Z IllegalStateException boom")
        .containsPattern("thumbnail\\s+7\\s+0\\s+n/a\\s+-")
        .contains("Status: " + pipeline.stateDirectory().resolve("status.json")).contains("ago");
  }

  @Test
  void jsonPrintsTheWholeReport() throws IOException {
    MotoPipeline.Run run = pipeline.run("status", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = Json.MAPPER.readTree(run.out());
    assertThat(report.path("target").path("kind").asText()).isEqualTo("local cloud");
    assertThat(report.path("streams").get(0).path("shards").asInt()).isEqualTo(2);
    assertThat(report.path("queues")).anySatisfy(q -> {
      assertThat(q.path("dlq").asBoolean()).isTrue();
      assertThat(q.path("visible").asLong()).isEqualTo(3);
    });
    assertThat(report.path("functions").isNull()).isTrue();
  }

  @Test
  void aResourceThatIsGoneIsShownAsAnErrorAndStatusStillSucceeds() {
    pipeline.output("EnrichedLogsStreamName", "no-such-stream");
    try {
      MotoPipeline.Run run = pipeline.run("status");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out()).containsPattern("no-such-stream\\s+ERROR");
    } finally {
      pipeline.removeOutput("EnrichedLogsStreamName");
    }
  }
}
