package dev.eventpipeline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.cli.PipelineStackHook;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;
import dev.eventpipeline.cli.demo.Demo;
import dev.eventpipeline.cli.demo.DemoResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.kinesis.retrieval.kpl.Messages;

/**
 * The real stack end to end, on the backend a subclass chooses: the CDK app synthesized afresh, every
 * function from its shaded artifact, driven with SDK clients. Logs in several formats come back masked
 * from the archive; an image gets three thumbnails and ThumbnailCreated; a non-image gets
 * ThumbnailFailed; queues subscribed with filter policies receive only matching events; a webhook
 * registered through the subscriptions API receives a delivery whose signature verifies; the demo's
 * scenario succeeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EndToEndSuite {
  private static final Path HOME = Path.of(System.getProperty("pipeline.home", "..")).toAbsolutePath().normalize();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  /** This class's temporary directory (synthesized template, state); removed after the class. */
  private Path dir;
  static final ConsoleCapture console = new ConsoleCapture();
  static LocalCloud cloud;
  static Map<String, String> outputs;
  static KinesisClient kinesis;
  static S3Client s3;
  static SqsClient sqs;
  static SnsClient sns;
  static String thumbnailEvents;
  static String archiveEvents;
  static final List<JsonNode> thumbnailEventsSeen = new CopyOnWriteArrayList<>();
  static final List<JsonNode> archiveEventsSeen = new CopyOnWriteArrayList<>();

  /** Assumptions about the environment the backend needs (skip with a visible reason when unmet). */
  void requireBackend() {}

  /** The backend choice: moto on a free port, LocalStack... */
  abstract LocalCloudOptions backend(LocalCloudOptions options) throws Exception;

  /** Context the stack is synthesized with (KEY=VALUE, as `pipeline synth -c`); none: the default stack. */
  String[] synthContext() {
    return new String[0];
  }

  @BeforeAll
  void start() throws Exception {
    requireBackend();
    thumbnailEventsSeen.clear();
    archiveEventsSeen.clear();
    dir = Files.createTempDirectory("e2e-");
    Path template = synthesize(dir.resolve("cdk.out"), synthContext());
    assumeTrue(assetsCarryJoda(template.getParent()), "The function artifacts exclude joda-time, but the Lambda Java "
        + "runtime's event deserialization (aws-lambda-java-serialization's DateTimeModule) loads org.joda.time.DateTime "
        + "from the function's classpath for every Kinesis/SQS event (aws/aws-lambda-java-libs#72): every invocation "
        + "fails, locally as on AWS. Remove the joda-time exclude from the parent pom's shade configuration.");
    cloud = new LocalCloud(backend(LocalCloudOptions.defaults(HOME, console.stream).with(o -> {
      o.hook = new PipelineStackHook(HOME);
      o.template = template;
      o.stateDir = dir.resolve(".pipeline");
    }))).start();
    outputs = cloud.outputs();
    kinesis = cloud.aws().kinesis();
    s3 = cloud.aws().s3();
    sqs = cloud.aws().sqs();
    sns = cloud.aws().sns();
    thumbnailEvents = subscribe("it-thumbnail-events-" + RUN, "{\"eventType\":[\"ThumbnailCreated\",\"ThumbnailFailed\"]}");
    archiveEvents = subscribe("it-archive-events-" + RUN, "{\"eventType\":[\"LogBatchArchived\"]}");
  }

  @AfterAll
  void stop() throws IOException {
    if (cloud != null) {
      List<Long> children = cloud.childPids();
      Stream.of(kinesis, s3, sqs, sns).forEach(c -> c.close());
      cloud.close();
      cloud = null;
      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(children)
          .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse()));
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      dir = null;
    }
  }

  /**
   * Runs the CDK app the way `pipeline synth` does: its main class in a child JVM, into {@code outdir},
   * with {@code context} overrides (KEY=VALUE, as `pipeline synth -c KEY=VALUE`).
   */
  static Path synthesize(Path outdir, String... context) throws Exception {
    Path module = HOME.resolve("infra/cdk");
    Path classpath = module.resolve("target/classpath.txt");
    assumeTrue(Files.isRegularFile(classpath) && Files.isDirectory(module.resolve("target/classes")),
        "infra/cdk is not built (" + classpath + " missing): build it first (./mvnw install -DskipTests)");
    for (String fn : List.of("ingest", "enrich", "mask", "thumbnail", "notify", "remediate", "smoketest")) {
      Path pkg = HOME.resolve(fn).resolve("target").resolve(fn + "-function.zip");
      assumeTrue(Files.isRegularFile(pkg), "function artifact " + pkg + " is missing: build the functions first");
    }
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        module.resolve("target/classes") + java.io.File.pathSeparator + Files.readString(classpath).trim(),
        "dev.eventpipeline.infra.EventPipelineApp")
        .directory(module.toFile()).redirectErrorStream(true);
    for (String entry : context) {
      pb.command().add("-c");
      pb.command().add(entry);
    }
    pb.environment().put("CDK_OUTDIR", outdir.toString());
    pb.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("synthesis output:\n" + out).isZero();
    Path template = outdir.resolve("EventPipeline.template.json");
    assertThat(template).exists();
    return template;
  }

  /** Whether every staged deployment package's lib/ jar carries joda-time's DateTime. */
  static boolean assetsCarryJoda(Path cdkOut) throws IOException {
    try (Stream<Path> assets = Files.list(cdkOut)) {
      for (Path pkg : (Iterable<Path>) assets.filter(p -> p.getFileName().toString().endsWith(".zip"))::iterator) {
        if (!libJarCarries(pkg, "org/joda/time/DateTime.class")) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean libJarCarries(Path pkg, String entry) throws IOException {
    try (var zip = new java.util.zip.ZipFile(pkg.toFile())) {
      for (java.util.zip.ZipEntry e : zip.stream().map(java.util.zip.ZipEntry.class::cast).toList()) {
        if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
          try (var jar = new java.util.zip.ZipInputStream(zip.getInputStream(e))) {
            for (var inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
              if (inner.getName().equals(entry)) {
                return true;
              }
            }
          }
        }
      }
    }
    return false;
  }

  static String subscribe(String queueName, String filterPolicy) {
    String url = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
    String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(b -> b.topicArn(outputs.get("EventsTopicArn")).protocol("sqs").endpoint(arn)
        .attributes(Map.of("FilterPolicy", filterPolicy, "RawMessageDelivery", "true")));
    return url;
  }

  @Test
  @Order(1)
  void logsInEveryFormatComeBackMaskedFromTheArchive() throws Exception {
    String stream = outputs.get("RawLogsStreamName");
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    entries.add(entry("{\"level\":\"INFO\",\"message\":\"json-" + RUN + " login by alice@example.com\",\"service\":\"auth\"}"));
    entries.add(entry("2026-11-23T10:00:00Z WARN text-" + RUN + " request from 10.20.30.40 refused"));
    entries.add(entry("{\"level\":\"INFO\",\"message\":\"ndjson1-" + RUN + " card 4111 1111 1111 1111\"}\n"
        + "{\"level\":\"ERROR\",\"message\":\"ndjson2-" + RUN + " mail carol@example.org\"}\n"));
    entries.add(PutRecordsRequestEntry.builder().partitionKey("cwl").data(SdkBytes.fromByteArray(cloudWatchLogs(
        "cwl1-" + RUN + " user dave@example.net", "cwl2-" + RUN + " ok"))).build());
    entries.add(PutRecordsRequestEntry.builder().partitionKey("kpl").data(SdkBytes.fromByteArray(kplAggregate(
        "{\"message\":\"kpl1-" + RUN + " from 192.168.1.77\"}", "{\"message\":\"kpl2-" + RUN + " fine\"}"))).build());
    kinesis.putRecords(b -> b.streamName(stream).records(entries));

    List<String> markers = List.of("json-", "text-", "ndjson1-", "ndjson2-", "cwl1-", "cwl2-", "kpl1-", "kpl2-");
    List<JsonNode> archived = new ArrayList<>();
    await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      archived.clear();
      archived.addAll(archivedRecords());
      return markers.stream().allMatch(m -> archived.stream().anyMatch(r -> r.path("message").asText().contains(m + RUN)));
    });
    String all = archived.toString();
    assertThat(all).doesNotContain("alice@example.com", "10.20.30.40", "4111 1111 1111 1111", "carol@example.org",
        "dave@example.net", "192.168.1.77");
    assertThat(archived.stream().filter(r -> r.path("message").asText().contains(RUN)))
        .allSatisfy(r -> assertThat(r.has("masking")).isTrue());
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      archiveEventsSeen.addAll(receive(archiveEvents));
      return !archiveEventsSeen.isEmpty();
    });
  }

  @Test
  @Order(2)
  void anImageGetsThreeThumbnailsAndANonImageAThumbnailFailedEvent() throws Exception {
    String uploads = outputs.get("UploadsBucketName");
    String good = "it/" + RUN + "/photo.jpg";
    String bad = "it/" + RUN + "/not-an-image.jpg";
    Path jpeg = HOME.resolve("../shared/corpora/images/formats/libjpeg-turbo_testorig.jpg").normalize();
    byte[] image = Files.isRegularFile(jpeg) ? Files.readAllBytes(jpeg) : TestImages.jpeg(640, 480);
    s3.putObject(b -> b.bucket(uploads).key(good).contentType("image/jpeg"), RequestBody.fromBytes(image));
    s3.putObject(b -> b.bucket(uploads).key(bad), RequestBody.fromString("this is plain text, not a JPEG"));

    String thumbnails = outputs.get("ThumbnailsBucketName");
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
        s3.listObjectsV2(b -> b.bucket(thumbnails)).contents().stream().map(S3Object::key)
            .filter(k -> k.contains(RUN + "/photo.jpg")).count() == 3);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      thumbnailEventsSeen.addAll(receive(thumbnailEvents));
      return hasEvent(thumbnailEventsSeen, "ThumbnailCreated", good) && hasEvent(thumbnailEventsSeen, "ThumbnailFailed", bad);
    });
    for (JsonNode e : thumbnailEventsSeen) {
      EventContract.assertValid(EventType.valueOf(e.path("type").asText()), e.toString());
    }
  }

  @Test
  @Order(3)
  void queuesSubscribedWithAFilterPolicyReceiveOnlyMatchingEvents() {
    thumbnailEventsSeen.addAll(receive(thumbnailEvents));
    archiveEventsSeen.addAll(receive(archiveEvents));
    assertThat(thumbnailEventsSeen).isNotEmpty().allSatisfy(e -> assertThat(e.path("type").asText())
        .isIn("ThumbnailCreated", "ThumbnailFailed"));
    assertThat(archiveEventsSeen).isNotEmpty().allSatisfy(e -> assertThat(e.path("type").asText())
        .isEqualTo("LogBatchArchived"));
  }

  @Test
  @Order(4)
  void aWebhookRegisteredThroughTheSubscriptionsApiReceivesADeliveryWhoseSignatureVerifies() throws Exception {
    try (WebhookReceiver receiver = WebhookReceiver.start()) {
      String api = outputs.get("SubscriptionsApiUrl").replaceAll("/+$", "");
      String request = Json.MAPPER.createObjectNode().put("url", receiver.url())
          .put("description", "e2e " + RUN).set("events", Json.MAPPER.createArrayNode().add("ThumbnailCreated"))
          .toString();
      HttpResponse<String> created = SignedRequests.send("POST", URI.create(api + "/subscriptions"), request);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode subscription = Json.MAPPER.readTree(created.body());
      String secret = subscription.path("secret").asText();
      assertThat(secret).startsWith("whsec_");
      try {
        String key = "it/" + RUN + "/webhook.jpg";
        s3.putObject(b -> b.bucket(outputs.get("UploadsBucketName")).key(key).contentType("image/jpeg"),
            RequestBody.fromBytes(TestImages.jpeg(320, 240)));

        WebhookReceiver.Delivery delivery = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .until(() -> receiver.deliveries().stream()
                .filter(d -> new String(d.body(), StandardCharsets.UTF_8).contains(key)).findFirst().orElse(null),
                java.util.Objects::nonNull);

        JsonNode event = Json.MAPPER.readTree(delivery.body());
        assertThat(event.path("type").asText()).isEqualTo("ThumbnailCreated");
        assertThat(delivery.header("webhook-id")).isEqualTo(event.path("id").asText());
        assertThat(WebhookReceiver.verify(secret, delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
            delivery.header("webhook-signature"), delivery.body(), java.time.Instant.now()))
            .as("Standard Webhooks signature with the secret returned at registration").isTrue();
        assertThat(WebhookReceiver.verify(secret, delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
            delivery.header("webhook-signature"), (new String(delivery.body(), StandardCharsets.UTF_8) + " ")
                .getBytes(StandardCharsets.UTF_8), java.time.Instant.now()))
            .as("a tampered body does not verify").isFalse();
        EventContract.assertValid(EventType.ThumbnailCreated, new String(delivery.body(), StandardCharsets.UTF_8));
      } finally {
        SignedRequests.send("DELETE", URI.create(api + "/subscriptions/" + subscription.path("id").asText()), null);
      }
    }
  }

  @Test
  @Order(5)
  void theDemoScenarioGetsEveryExpectedResult() {
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(printed, true, StandardCharsets.UTF_8);

    DemoResult result = new Demo(cloud, HOME.resolve("samples"), out, Duration.ofSeconds(120)).run();

    String text = printed.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    assertThat(result.success()).as(text).isTrue();
    assertThat(result.logRecordsArchived()).isEqualTo(result.logRecordsPushed()).isPositive();
    assertThat(result.thumbnailsCreated()).isEqualTo(3);
    assertThat(result.thumbnailsFailed()).isEqualTo(1);
    assertThat(text).contains("Demo OK").contains("Thumbnails written").contains("masked {")
        .doesNotContain("alice.smith@example.com", "4111 1111 1111 1111");
  }

  @Test
  @Order(6)
  void anUndecodableRecordIsQuarantinedMaskedAndNoRawCopyIsKeptByDefault() throws Exception {
    assertThat(outputs).doesNotContainKeys("QuarantineRawBucketName", "QuarantineRawReaderRoleArn");
    QuarantineChecks.Pushed pushed = QuarantineChecks.pushUndecodable(kinesis, outputs.get("RawLogsStreamName"), RUN);
    String archive = outputs.get("ArchiveBucketName");

    String key = QuarantineChecks.awaitDocumentKey(s3, archive, pushed);
    JsonNode document = QuarantineChecks.assertMaskedDocument(s3, archive, key, pushed);

    assertThat(document.path("rawCopy").isNull()).as("no raw copy without the opt-in").isTrue();
    assertThat(s3.listObjectsV2Paginator(b -> b.bucket(archive).prefix("quarantine/")).contents())
        .extracting(S3Object::key).noneMatch(k -> k.endsWith(".bin"));
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name().toLowerCase(java.util.Locale.ROOT))
        .noneMatch(n -> n.contains("quarantineraw"));
  }

  // ---- helpers

  private static PutRecordsRequestEntry entry(String data) {
    return PutRecordsRequestEntry.builder().partitionKey("pk-" + data.length()).data(SdkBytes.fromUtf8String(data)).build();
  }

  /** A CloudWatch Logs subscription payload: gzip JSON, DATA_MESSAGE. */
  static byte[] cloudWatchLogs(String... messages) throws IOException {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.put("messageType", "DATA_MESSAGE");
    doc.put("owner", "123456789012");
    doc.put("logGroup", "/aws/app/it");
    doc.put("logStream", "it-" + RUN);
    doc.putArray("subscriptionFilters").add("it");
    ArrayNode events = doc.putArray("logEvents");
    long now = System.currentTimeMillis();
    for (int i = 0; i < messages.length; i++) {
      events.addObject().put("id", Long.toString(now + i)).put("timestamp", now).put("message", messages[i]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(Json.MAPPER.writeValueAsBytes(doc));
    }
    return out.toByteArray();
  }

  /** A KPL aggregate: magic, protobuf AggregatedRecord, MD5 of the protobuf. */
  static byte[] kplAggregate(String... records) throws Exception {
    Messages.AggregatedRecord.Builder b = Messages.AggregatedRecord.newBuilder().addPartitionKeyTable("kpl-pk");
    for (String r : records) {
      b.addRecords(Messages.Record.newBuilder().setPartitionKeyIndex(0)
          .setData(ByteString.copyFrom(r, StandardCharsets.UTF_8)));
    }
    byte[] protobuf = b.build().toByteArray();
    byte[] md5 = MessageDigest.getInstance("MD5").digest(protobuf);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2});
    out.write(protobuf);
    out.write(md5);
    return out.toByteArray();
  }

  static List<JsonNode> archivedRecords() throws IOException {
    List<JsonNode> records = new ArrayList<>();
    String bucket = outputs.get("ArchiveBucketName");
    for (S3Object o : s3.listObjectsV2(b -> b.bucket(bucket)).contents()) {
      if (!o.key().endsWith(".gz")) {
        continue;
      }
      byte[] gz = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
      String text;
      try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          records.add(Json.MAPPER.readTree(line));
        }
      }
    }
    return records;
  }

  static List<JsonNode> receive(String queueUrl) {
    List<JsonNode> events = new ArrayList<>();
    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
        .messages();
    for (Message m : messages) {
      try {
        events.add(Json.MAPPER.readTree(m.body()));
      } catch (IOException e) {
        throw new IllegalStateException("not an event: " + m.body(), e);
      }
      sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
    }
    return events;
  }

  static boolean hasEvent(List<JsonNode> events, String type, String key) {
    return events.stream().anyMatch(e -> e.path("type").asText().equals(type) && e.toString().contains(key));
  }
}
