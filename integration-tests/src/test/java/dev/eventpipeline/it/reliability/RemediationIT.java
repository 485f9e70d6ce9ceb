package dev.eventpipeline.it.reliability;

import static dev.eventpipeline.it.reliability.ReliableCloud.figure;
import static dev.eventpipeline.it.reliability.ReliableCloud.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.local.cloud.CloudWatchAlarms;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Alarm-driven remediation end to end on the real stack: a thumbnail job parked in ThumbnailJobsDlq
 * (as if it had failed maxReceiveCount times), the DLQ's depth alarm set to ALARM the way an operator or
 * CloudWatch would, and the remediate function, invoked through the EventBridge rule, redrives the job
 * to thumbnail-jobs after its backoff: the thumbnails appear, the DLQ empties, RemediationPerformed is
 * published. The same state change delivered again does nothing (the ledger).
 */
class RemediationIT {
  @TempDir
  static Path dir;
  static ReliableCloud env;
  static CloudWatchAlarms alarms;

  @BeforeAll
  static void start() throws Exception {
    // a 2 s backoff instead of 30 s: the same code path, a shorter wait
    Path template = ReliableCloud.override("remediation", t -> {
      ObjectNode vars = (ObjectNode) t.path("Resources").path("RemediateFunction").path("Properties")
          .path("Environment").path("Variables");
      vars.put("REMEDIATION_BACKOFF_SECONDS", "2");
    });
    env = ReliableCloud.start(template, dir, false);
    alarms = env.cloud.aws().cloudWatchAlarms();
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void aJobParkedInTheThumbnailDlqIsRedrivenWhenItsAlarmGoesToAlarm() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String uploads = env.outputs.get("UploadsBucketName");
    String dlq = env.outputs.get("ThumbnailJobsDlqUrl");
    String key = "remediate-" + run + ".jpg";
    String events = subscribe("RemediationPerformed");

    // an upload whose job ended in the DLQ: the object is there, its thumbnails are not, its job is parked
    var put = env.s3.putObject(b -> b.bucket(uploads).key(key), RequestBody.fromBytes(jpeg()));
    await().atMost(Duration.ofSeconds(90)).until(() -> thumbnails(run).size() == 3);
    for (String k : thumbnails(run)) {
      env.s3.deleteObject(b -> b.bucket(env.outputs.get("ThumbnailsBucketName")).key(k));
    }
    String job = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
        + "\"eventTime\":\"2026-12-07T13:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"s3SchemaVersion\":\"1.0\","
        + "\"bucket\":{\"name\":\"" + uploads + "\",\"arn\":\"arn:aws:s3:::" + uploads + "\"},\"object\":{\"key\":\"" + key
        + "\",\"eTag\":" + put.eTag() + (put.versionId() != null ? ",\"versionId\":\"" + put.versionId() + "\"" : "")
        + "}}}]}";
    env.sqs.sendMessage(b -> b.queueUrl(dlq).messageBody(job));
    assertThat(depth(dlq)).isEqualTo(1);

    String alarm = env.cloud.stack().resources().values().stream()
        .filter(r -> r.type().equals("AWS::CloudWatch::Alarm") && r.logicalId().contains("ThumbnailJobsDlqNotEmpty"))
        .findFirst().orElseThrow().name();
    long start = System.nanoTime();
    alarms.setState(alarm, "ALARM", "RemediationIT: 1 message parked in ThumbnailJobsDlq");

    await().atMost(Duration.ofSeconds(120)).until(() -> thumbnails(run).size() == 3);
    figure("remediation: alarm -> thumbnails again in " + millis(start) + " ms (backoff 2 s)");
    assertThat(depth(dlq)).isZero();
    JsonNode performed = ReliableCloud.json(awaitMessage(events).body());
    assertThat(performed.path("type").asText()).isEqualTo("RemediationPerformed");
    JsonNode data = performed.path("data");
    assertThat(data.path("alarmName").asText()).isEqualTo(alarm);
    assertThat(data.path("action").asText()).isEqualTo("REDRIVE");
    assertThat(data.path("outcome").asText()).isEqualTo("REDRIVEN");
    assertThat(data.path("messagesRedriven").asInt()).isEqualTo(1);
    assertThat(data.path("delaySeconds").asInt()).isEqualTo(2);
    assertThat(data.path("attempt").asInt()).isEqualTo(1);

    // OK, then ALARM again: a new state change, the hour's second attempt (twice the backoff), nothing left
    alarms.setState(alarm, "OK", "RemediationIT: empty");
    // the local cloud polls the alarms every second: let it see OK before the next ALARM
    await().atMost(Duration.ofSeconds(10)).until(() -> env.console.count(alarm + " ALARM -> OK") > 0);
    alarms.setState(alarm, "ALARM", "RemediationIT: again");
    JsonNode second = ReliableCloud.json(awaitMessage(events).body()).path("data");
    assertThat(second.path("attempt").asInt()).isEqualTo(2);
    assertThat(second.path("outcome").asText()).isEqualTo("NOTHING_TO_REDRIVE");
    assertThat(second.path("delaySeconds").asInt()).isEqualTo(4);
  }

  private static String subscribe(String type) {
    String queue = env.sqs.createQueue(b -> b.queueName("remediation-it-events")).queueUrl();
    String arn = env.sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    try (var sns = env.direct.sns()) {
      sns.subscribe(b -> b.topicArn(env.outputs.get("EventsTopicArn")).protocol("sqs").endpoint(arn)
          .attributes(Map.of("RawMessageDelivery", "true", "FilterPolicy", "{\"eventType\":[\"" + type + "\"]}")));
    }
    return queue;
  }

  private static software.amazon.awssdk.services.sqs.model.Message awaitMessage(String queue) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      var messages = env.sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(5).maxNumberOfMessages(1)).messages();
      if (!messages.isEmpty()) {
        env.sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(messages.get(0).receiptHandle()));
        return messages.get(0);
      }
    }
    throw new AssertionError("no message in " + queue + " within 60 s");
  }

  private static long depth(String queue) {
    var a = env.sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
    return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  private static List<String> thumbnails(String run) {
    return env.s3.listObjectsV2(b -> b.bucket(env.outputs.get("ThumbnailsBucketName"))).contents().stream()
        .map(S3Object::key).filter(k -> k.contains(run)).toList();
  }

  private static byte[] jpeg() throws Exception {
    BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, 320, 240);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }
}
