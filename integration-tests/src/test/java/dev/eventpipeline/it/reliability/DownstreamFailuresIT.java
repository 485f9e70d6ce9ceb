package dev.eventpipeline.it.reliability;

import static dev.eventpipeline.it.reliability.ReliableCloud.figure;
import static dev.eventpipeline.it.reliability.ReliableCloud.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.it.SignedRequests;
import dev.eventpipeline.it.WebhookReceiver;
import dev.eventpipeline.it.faults.FaultInjectingProxy.Kind;
import dev.eventpipeline.it.faults.FaultInjectingProxy.Rule;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Downstream failures on the real stack: the fault proxy answers S3, SNS and Kinesis calls of every
 * function and poller with 500 / 503 / throttling errors, and a webhook subscriber answers 503. A
 * share of them for a while is absorbed by the SDK's retries and the event source mappings' retries
 * with backoff; a dependency that stays down exhausts the retries and the batch or message lands in
 * its on-failure destination or dead-letter queue, which `pipeline status` and `pipeline dlq list`
 * show, and `pipeline dlq redrive` replays to completion.
 *
 * <p>Template changes, all to make exhaustion take seconds instead of minutes (the mechanisms are
 * unchanged): mask's mapping retries 2 times instead of 10; the thumbnail-jobs and notify-events
 * queues have a visibility timeout of 4 s instead of 720 s and 361 s and redrive after 2 receives
 * instead of 5.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DownstreamFailuresIT {
  @TempDir
  static Path dir;
  static ReliableCloud env;

  @BeforeAll
  static void start() throws Exception {
    Path template = ReliableCloud.override("fast-exhaustion", t -> {
      ReliableCloud.set(t, "MaskEventSourceMapping", "MaximumRetryAttempts", 2);
      ReliableCloud.set(t, "ThumbnailJobsQueue", "VisibilityTimeout", 4);
      ((ObjectNode) t.path("Resources").path("ThumbnailJobsQueue").path("Properties").path("RedrivePolicy"))
          .put("maxReceiveCount", 2);
      ReliableCloud.set(t, "NotifyEventsQueue", "VisibilityTimeout", 4);
      ((ObjectNode) t.path("Resources").path("NotifyEventsQueue").path("Properties").path("RedrivePolicy"))
          .put("maxReceiveCount", 2);
    });
    env = ReliableCloud.start(template, dir, true);
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  @AfterEach
  void clearFaults() {
    env.proxy.clearFaults();
    env.proxy.resetCounts();
  }

  static String runId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  @Order(1)
  void aThirdOfS3SnsAndKinesisCallsFailingForAWhileIsRetriedWithBackoffAndLosesNothing() throws Exception {
    String run = runId();
    int records = 1500;
    Duration window = Duration.ofSeconds(30);
    Instant until = Instant.now().plus(window);
    // The first 2 SNS calls fail whatever the dice say: SNS sees only a few dozen calls in the window (one
    // publication per mask batch), too few for 30% to be sure to hit one. The SDK's third attempt absorbs them.
    env.proxy.inject(new Rule("sns", null, 1.0, Kind.UNAVAILABLE, null, Instant.now().plus(Duration.ofMinutes(5)), 2));
    for (String service : List.of("s3", "sns", "kinesis")) {
      // 10% each of 500, 503 and throttling: 30% of the calls fail
      env.proxy.inject(new Rule(service, null, 0.10, Kind.INTERNAL_ERROR, null, until, -1))
          .inject(new Rule(service, null, 0.10 / 0.90, Kind.UNAVAILABLE, null, until, -1))
          .inject(new Rule(service, null, 0.10 / 0.80, Kind.THROTTLING, null, until, -1));
    }
    long start = System.nanoTime();
    long partialBefore = env.console.count("partial batch failure");
    // spread over the window, so that every stage makes calls while the faults last
    for (int from = 0; from < records; from += 100) {
      env.pushLogs(run, from, from + 100);
      Thread.sleep(window.toMillis() / (records / 100));
    }

    await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2))
        .until(() -> env.archive(run).records().size() == records);
    long complete = millis(start);
    ReliableCloud.Tally tally = env.archive(run);

    assertThat(tally.records()).hasSize(records);
    assertThat(tally.distinctIds()).isEqualTo(records);
    assertThat(tally.lines()).isEqualTo(records);
    // Random 30%: S3 sees only a few dozen calls in the window (mask writes one object per batch), so it is not sure
    // to have been hit; SNS is (its first 2 calls), and so is Kinesis (every PutRecords and every poll).
    assertThat(env.proxy.injectedCount("sns")).isGreaterThanOrEqualTo(2);
    assertThat(env.proxy.injectedCount("kinesis")).isPositive();
    figure("30% of S3/SNS/Kinesis calls (and the first 2 SNS calls) failing for " + window.toSeconds()
        + " s: records in " + records
        + ", archived lines " + tally.lines() + ", distinct ids " + tally.distinctIds() + ", injected faults s3 "
        + env.proxy.injectedCount("s3") + " sns " + env.proxy.injectedCount("sns") + " kinesis "
        + env.proxy.injectedCount("kinesis") + ", forwarded s3 " + env.proxy.forwardedCount("s3") + " sns "
        + env.proxy.forwardedCount("sns") + " kinesis " + env.proxy.forwardedCount("kinesis")
        + ", mapping retries (partial batch failures) " + (env.console.count("partial batch failure") - partialBefore)
        + ", complete " + complete + " ms after the first push");
  }

  @Test
  @Order(2)
  void mostKinesisCallsFailingForAWhileAreAbsorbedByRetriesAndLoseNothing() throws Exception {
    String run = runId();
    int records = 500;
    Duration window = Duration.ofSeconds(15);
    Instant until = Instant.now().plus(window);
    // 80% of PutRecords and GetRecords: the SDK's attempts and KinesisRecordWriter's own retries of failed calls
    // absorb them (a batch that still failed would be retried by its mapping, 10 times with backoff)
    env.proxy.inject(new Rule("kinesis", null, 0.40, Kind.INTERNAL_ERROR, null, until, -1))
        .inject(new Rule("kinesis", null, 0.40 / 0.60, Kind.THROTTLING, null, until, -1));
    long start = System.nanoTime();
    long partialBefore = env.console.count("partial batch failure");
    env.pushLogs(run, 0, records);

    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2))
        .until(() -> env.archive(run).records().size() == records);
    long complete = millis(start);
    ReliableCloud.Tally tally = env.archive(run);
    long mappingRetries = env.console.count("partial batch failure") - partialBefore;

    assertThat(tally.records()).hasSize(records);
    assertThat(tally.distinctIds()).isEqualTo(records);
    assertThat(tally.lines()).isEqualTo(records);
    assertThat(env.visible(env.outputs.get("IngestDlqUrl"))).isZero();
    assertThat(env.visible(env.outputs.get("EnrichDlqUrl"))).isZero();
    figure("80% of Kinesis calls failing for " + window.toSeconds() + " s: records in " + records
        + ", archived lines " + tally.lines() + ", distinct ids " + tally.distinctIds() + ", injected kinesis faults "
        + env.proxy.injectedCount("kinesis") + ", mapping retries (partial batch failures) " + mappingRetries
        + ", complete " + complete + " ms after the push");
  }

  @Test
  @Order(3)
  void anArchiveFailingItsFirstWritesIsRetriedByTheMappingWithBackoffThenSucceeds() {
    String run = runId();
    int records = 200;
    long partialBefore = env.console.count("MaskFunction: shardId-000000000000: partial batch failure");
    // the first 4 archive writes fail: with the SDK's 3 attempts per call, mask's first invocation reports its batch
    // failed, the mapping retries it after a backoff, and the retry's write goes through
    env.proxy.inject(new Rule("s3", "PUT /" + env.outputs.get("ArchiveBucketName") + "/logs/", 1.0,
        Kind.INTERNAL_ERROR, null, Instant.now().plus(Duration.ofMinutes(5)), 4));
    long start = System.nanoTime();
    env.pushLogs(run, 0, records);

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> env.archive(run).records().size() == records);
    long complete = millis(start);
    ReliableCloud.Tally tally = env.archive(run);
    long mappingRetries = env.console.count("MaskFunction: shardId-000000000000: partial batch failure") - partialBefore;

    assertThat(tally.distinctIds()).isEqualTo(records);
    assertThat(tally.lines()).isEqualTo(records);
    assertThat(mappingRetries).isPositive();
    assertThat(env.proxy.injectedCount("s3")).isEqualTo(4);
    assertThat(env.visible(env.outputs.get("MaskDlqUrl"))).isZero();
    figure("first 4 archive writes failing: records in " + records + ", archived lines " + tally.lines()
        + ", distinct ids " + tally.distinctIds() + ", mask mapping retries " + mappingRetries + ", complete "
        + complete + " ms after the push");
  }

  @Test
  @Order(4)
  void anArchiveThatStaysDownSendsTheBatchToTheOnFailureQueueAndRedriveCompletesTheArchive() throws Exception {
    String run = runId();
    int records = 100;
    String maskDlq = env.outputs.get("MaskDlqUrl");
    String maskDlqName = maskDlq.substring(maskDlq.lastIndexOf('/') + 1);
    env.proxy.inject(new Rule("s3", "PUT /" + env.outputs.get("ArchiveBucketName") + "/logs/", 1.0,
        Kind.INTERNAL_ERROR, null, Instant.now().plus(Duration.ofMinutes(5)), -1));
    long start = System.nanoTime();
    env.pushLogs(run, 0, records);

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> env.visible(maskDlq) > 0);
    long dead = millis(start);
    // until every record of the run was given up on (they may come as more than one batch)
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> discardedRecords(maskDlq) == records);
    env.proxy.clearFaults();
    List<JsonNode> failures = peek(maskDlq);
    assertThat(failures).allSatisfy(f -> {
      assertThat(f.path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
      assertThat(f.path("requestContext").path("approximateInvokeCount").asInt()).isEqualTo(3);
      assertThat(f.path("KinesisBatchInfo").path("streamArn").asText()).endsWith(
          ":stream/" + env.outputs.get("EnrichedLogsStreamName"));
      assertThat(f.path("KinesisBatchInfo").path("shardId").asText()).startsWith("shardId-");
    });
    assertThat(env.archive(run).lines()).isZero();

    ReliableCloud.Run status = env.pipeline("status");
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).containsPattern(maskDlqName + " \\(DLQ\\)\\s+" + failures.size()
        + "\\s+0\\s+<- messages in a dead-letter queue");
    ReliableCloud.Run list = env.pipeline("dlq", "list");
    assertThat(list.out()).containsPattern(maskDlqName + "\\s+on-failure destination\\s+" + failures.size());

    long redriveStart = System.nanoTime();
    ReliableCloud.Run redrive = env.pipeline("dlq", "redrive", "MaskDlq");
    assertThat(redrive.exitCode()).as(redrive.out() + redrive.err()).isZero();
    assertThat(redrive.out()).contains("Replayed " + failures.size() + " failure record(s): " + records
        + " Kinesis record(s) put again");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(() -> env.archive(run).records().size() == records);
    long replayed = millis(redriveStart);
    ReliableCloud.Tally tally = env.archive(run);

    assertThat(tally.distinctIds()).isEqualTo(records);
    assertThat(tally.lines()).isEqualTo(records);
    assertThat(env.visible(maskDlq)).isZero();
    figure("archive down: records in " + records + ", failure records " + failures.size() + " after " + dead
        + " ms (mapping retries 2), archived after redrive " + tally.lines() + " lines / " + tally.distinctIds()
        + " distinct ids, replay complete " + replayed + " ms after `dlq redrive`");
  }

  @Test
  @Order(5)
  void aThumbnailJobWhoseSourceStaysUnreadableIsDeadLetteredAndRedriveCompletesIt() throws Exception {
    String run = runId();
    String uploads = env.outputs.get("UploadsBucketName");
    String dlq = env.outputs.get("ThumbnailJobsDlqUrl");
    String key = "rel/" + run + "/photo.jpg";
    env.proxy.inject(new Rule("s3", "GET /" + uploads + "/", 1.0, Kind.UNAVAILABLE, null,
        Instant.now().plus(Duration.ofMinutes(5)), -1));
    long start = System.nanoTime();
    env.s3.putObject(b -> b.bucket(uploads).key(key).contentType("image/jpeg"), RequestBody.fromBytes(jpeg()));

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> env.visible(dlq) > 0);
    long dead = millis(start);
    env.proxy.clearFaults();
    assertThat(thumbnails(run)).isEmpty();

    ReliableCloud.Run status = env.pipeline("status");
    String dlqName = dlq.substring(dlq.lastIndexOf('/') + 1);
    assertThat(status.out()).containsPattern(dlqName + " \\(DLQ\\)\\s+1\\s+0\\s+<- messages in a dead-letter queue");
    long redriveStart = System.nanoTime();
    redriveOneMessage(dlqName, "EventPipeline-ThumbnailJobsQueue");

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> thumbnails(run).size() == 3);
    assertThat(env.visible(dlq)).isZero();
    figure("uploads unreadable: the job dead-lettered after " + dead + " ms (visibility 4 s, maxReceiveCount 2), "
        + "3 thumbnails " + millis(redriveStart) + " ms after `dlq redrive`");
  }

  @Test
  @Order(6)
  void aThumbnailCreatedThatCannotBePublishedDeadLettersTheJobAndRedrivePublishesIt() throws Exception {
    String run = runId();
    String uploads = env.outputs.get("UploadsBucketName");
    String dlq = env.outputs.get("ThumbnailJobsDlqUrl");
    String dlqName = dlq.substring(dlq.lastIndexOf('/') + 1);
    String key = "rel/" + run + "/photo.jpg";
    String events = subscribeQueue("rel-created-" + run, "{\"eventType\":[\"ThumbnailCreated\"]}");
    awaitDrained("EventPipeline-ThumbnailJobsQueue"); // the previous job has finished, its publication included
    env.proxy.resetCounts();
    // SNS down for every function: thumbnail writes the thumbnails, then its publication fails (SnsEventPublisher's
    // 4 attempts of the SDK's 3), so the job is reported failed, comes back after the visibility timeout, fails
    // again and is dead-lettered after 2 receives.
    env.proxy.inject(new Rule("sns", null, 1.0, Kind.UNAVAILABLE, null, Instant.now().plus(Duration.ofMinutes(5)), -1));
    long start = System.nanoTime();
    env.s3.putObject(b -> b.bucket(uploads).key(key).contentType("image/jpeg"), RequestBody.fromBytes(jpeg()));

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> env.visible(dlq) > 0);
    long dead = millis(start);
    long snsFaults = env.proxy.injectedCount("sns");
    env.proxy.clearFaults();
    assertThat(snsFaults).isPositive();
    assertThat(env.proxy.forwardedCount("sns")).as("SNS calls that reached the backend").isZero();
    assertThat(thumbnails(run)).as("written before the publication failed").hasSize(3);
    assertThat(createdFor(events, key)).as("ThumbnailCreated before the redrive").isEmpty();

    ReliableCloud.Run status = env.pipeline("status");
    assertThat(status.out()).containsPattern(dlqName + " \\(DLQ\\)\\s+1\\s+0\\s+<- messages in a dead-letter queue");
    long redriveStart = System.nanoTime();
    redriveOneMessage(dlqName, "EventPipeline-ThumbnailJobsQueue");

    List<JsonNode> created = new java.util.ArrayList<>();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      created.addAll(createdFor(events, key));
      return !created.isEmpty();
    });
    long published = millis(redriveStart);
    JsonNode event = created.get(0);
    assertThat(event.path("subject").asText()).isEqualTo(uploads + "/" + key);
    // Re-processing the same object version is idempotent: the replay finds the thumbnails the failed attempts
    // wrote (same source etag) and only publishes the event that was missing.
    assertThat(event.path("data").path("thumbnails")).hasSize(3)
        .allSatisfy(t -> assertThat(t.path("reused").asBoolean()).as(t.toString()).isTrue());
    assertThat(thumbnails(run)).hasSize(3);
    assertThat(env.visible(dlq)).isZero();
    figure("SNS down: the job dead-lettered after " + dead + " ms (" + snsFaults + " SNS calls failed; visibility 4 s, "
        + "maxReceiveCount 2), ThumbnailCreated (thumbnails reused) received " + published + " ms after `dlq redrive`");
  }

  @Test
  @Order(7)
  void aWebhookThatKeepsFailingDeadLettersTheEventAndRedriveDeliversItSignedOnceTheEndpointRecovers()
      throws Exception {
    String run = runId();
    String dlq = env.outputs.get("NotifyEventsDlqUrl");
    String dlqName = dlq.substring(dlq.lastIndexOf('/') + 1);
    String key = "rel/" + run + "/webhook.jpg";
    // Earlier events have been handled before the subscription exists: only this test's event reaches it.
    awaitDrained("EventPipeline-ThumbnailJobsQueue");
    awaitDrained("EventPipeline-NotifyEventsQueue");
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      receiver.answer(503);
      String api = env.outputs.get("SubscriptionsApiUrl").replaceAll("/+$", "");
      String request = Json.MAPPER.createObjectNode().put("url", receiver.url()).put("description", "reliability " + run)
          .set("events", Json.MAPPER.createArrayNode().add("ThumbnailCreated")).toString();
      HttpResponse<String> registered = SignedRequests.send("POST", URI.create(api + "/subscriptions"),
          request);
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
      JsonNode subscription = Json.MAPPER.readTree(registered.body());
      String secret = subscription.path("secret").asText();
      try {
        long start = System.nanoTime();
        env.s3.putObject(b -> b.bucket(env.outputs.get("UploadsBucketName")).key(key).contentType("image/jpeg"),
            RequestBody.fromBytes(jpeg()));

        // 503 is retryable: notify reports the message in batchItemFailures, it comes back after the visibility
        // timeout, and after 2 receives the queue's redrive policy moves it to the notify DLQ.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
            .until(() -> peek(dlq).stream().anyMatch(m -> m.toString().contains(key)));
        long dead = millis(start);
        List<WebhookReceiver.Delivery> failed = deliveriesOf(receiver, key);
        assertThat(failed).as("one attempt per receive").hasSizeGreaterThanOrEqualTo(2)
            .allSatisfy(d -> assertThat(d.status()).isEqualTo(503));
        String eventId = ReliableCloud.json(new String(failed.get(0).body(), StandardCharsets.UTF_8)).path("id").asText();
        assertThat(failed).as("the same webhook-id (the event id) on every attempt")
            .allSatisfy(d -> assertThat(d.header("webhook-id")).isEqualTo(eventId));

        ReliableCloud.Run status = env.pipeline("status");
        assertThat(status.out()).containsPattern(dlqName + " \\(DLQ\\)\\s+1\\s+0\\s+<- messages in a dead-letter queue");
        receiver.answer(204);
        long redriveStart = System.nanoTime();
        redriveOneMessage(dlqName, "EventPipeline-NotifyEventsQueue");
        assertThat(env.visible(dlq)).isZero();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> deliveriesOf(receiver, key).stream().anyMatch(d -> d.status() == 204));
        long delivered = millis(redriveStart);
        List<WebhookReceiver.Delivery> ok = deliveriesOf(receiver, key).stream().filter(d -> d.status() == 204).toList();
        assertThat(ok).as("deliveries answered 2xx").hasSize(1);
        WebhookReceiver.Delivery delivery = ok.get(0);
        JsonNode event = ReliableCloud.json(new String(delivery.body(), StandardCharsets.UTF_8));
        assertThat(event.path("type").asText()).isEqualTo("ThumbnailCreated");
        assertThat(delivery.header("webhook-id")).isEqualTo(eventId).isEqualTo(event.path("id").asText());
        assertThat(WebhookReceiver.verify(secret, delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
            delivery.header("webhook-signature"), delivery.body(), Instant.now()))
            .as("Standard Webhooks signature with the secret returned at registration").isTrue();
        figure("webhook answering 503: the event dead-lettered after " + dead + " ms (" + failed.size()
            + " attempts, visibility 4 s, maxReceiveCount 2), delivered with a valid signature " + delivered
            + " ms after `dlq redrive`");
      } finally {
        SignedRequests.send("DELETE",
            URI.create(api + "/subscriptions/" + subscription.path("id").asText()), null);
      }
    }
  }

  /** A queue of the test's own subscribed to the events topic (raw delivery, filter policy); its URL. */
  private static String subscribeQueue(String name, String filterPolicy) {
    String url = env.sqs.createQueue(b -> b.queueName(name)).queueUrl();
    String arn = env.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    try (SnsClient sns = env.direct.sns()) {
      sns.subscribe(b -> b.topicArn(env.outputs.get("EventsTopicArn")).protocol("sqs").endpoint(arn)
          .attributes(Map.of("FilterPolicy", filterPolicy, "RawMessageDelivery", "true")));
    }
    return url;
  }

  /** Waits until no message of the queue is waiting or being processed: what came before it has finished. */
  private static void awaitDrained(String queueName) {
    String url = env.sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      Map<QueueAttributeName, String> depth = env.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
      return depth.values().stream().allMatch("0"::equals);
    });
  }

  /** The ThumbnailCreated events for {@code key} waiting in {@code queue} (consumed). */
  private static List<JsonNode> createdFor(String queue, String key) {
    List<JsonNode> found = new java.util.ArrayList<>();
    for (Message m : env.sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
        .messages()) {
      JsonNode event = ReliableCloud.json(m.body());
      if (event.path("type").asText().equals("ThumbnailCreated")
          && event.path("data").path("source").path("key").asText().equals(key)) {
        found.add(event);
      }
      env.sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
    }
    return found;
  }

  /** The deliveries the receiver got for the image {@code key}, in order. */
  private static List<WebhookReceiver.Delivery> deliveriesOf(WebhookReceiver receiver, String key) {
    return receiver.deliveries().stream()
        .filter(d -> new String(d.body(), StandardCharsets.UTF_8).contains(key)).toList();
  }

  /** The records the queue's failure records name (sum of their batch sizes), without consuming them. */
  private static int discardedRecords(String queue) {
    return peek(queue).stream().mapToInt(f -> f.path("KinesisBatchInfo").path("batchSize").asInt()).sum();
  }

  /** Every message of a queue, left visible (visibility timeout 0). */
  private static List<JsonNode> peek(String queue) {
    java.util.Map<String, JsonNode> seen = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      for (Message m : env.sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).visibilityTimeout(0))
          .messages()) {
        seen.putIfAbsent(m.messageId(), ReliableCloud.json(m.body()));
      }
    }
    return List.copyOf(seen.values());
  }

  private static List<String> thumbnails(String run) {
    return env.s3.listObjectsV2(b -> b.bucket(env.outputs.get("ThumbnailsBucketName"))).contents().stream()
        .map(S3Object::key).filter(k -> k.contains(run)).toList();
  }

  private static byte[] jpeg() throws Exception {
    BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.ORANGE);
    g.fillRect(0, 0, 640, 480);
    g.setColor(Color.BLUE);
    g.fillOval(100, 100, 300, 200);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  /** `./pipeline dlq redrive DLQ`, which must move the one dead-lettered message back to {@code queue}. */
  private void redriveOneMessage(String dlqName, String queue) throws Exception {
    ReliableCloud.Run redrive = env.pipeline("dlq", "redrive", dlqName);
    assertThat(redrive.exitCode()).as(redrive.out() + redrive.err()).isZero();
    assertThat(redrive.out()).contains("Moved 1 message(s) back to " + queue);
  }
}
