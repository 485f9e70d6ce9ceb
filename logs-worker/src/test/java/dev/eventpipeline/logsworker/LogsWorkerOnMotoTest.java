package dev.eventpipeline.logsworker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.settings.EnvVars;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The worker against a real moto server, in process: records pushed to raw-logs come out of the three
 * stages masked in the archive (every id once) and undecodable ones in quarantine; after a graceful
 * shutdown the checkpoints stand where the work ended, and a new worker carries on from there without
 * archiving anything twice.
 */
class LogsWorkerOnMotoTest {
  private static final String ARCHIVE = "archive";
  private static final String QUARANTINE = "quarantine";
  private static MotoServer moto;
  private static KinesisClient kinesis;
  private static S3Client s3;
  private static DynamoDbClient dynamoDb;
  private static Map<String, String> env;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start().configureSdkSystemProperties();
    AwsClients clients = AwsClients.from(Env.of(moto.clientEnvironment()));
    kinesis = clients.kinesis();
    s3 = clients.s3();
    dynamoDb = clients.dynamoDb();
    for (String stream : List.of("raw-logs", "normalized-logs", "enriched-logs")) {
      kinesis.createStream(b -> b.streamName(stream).shardCount(2));
    }
    for (String bucket : List.of(ARCHIVE, QUARANTINE, "reference-data")) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    String topic = clients.sns().createTopic(b -> b.name("pipeline-events")).topicArn();
    for (String stream : List.of("raw-logs", "normalized-logs", "enriched-logs")) {
      waitUntil(Duration.ofSeconds(30), () -> kinesis.describeStreamSummary(b -> b.streamName(stream))
          .streamDescriptionSummary().streamStatusAsString().equals("ACTIVE"));
    }
    env = new HashMap<>(moto.clientEnvironment());
    env.put(EnvVars.KCL_APPLICATION_NAME, "test-logs-worker");
    env.put(EnvVars.AWS_ACCOUNT_ID, "123456789012");
    env.put(EnvVars.RAW_STREAM_NAME, "raw-logs");
    env.put(EnvVars.NORMALIZED_STREAM_NAME, "normalized-logs");
    env.put(EnvVars.ENRICHED_STREAM_NAME, "enriched-logs");
    env.put(EnvVars.QUARANTINE_BUCKET, QUARANTINE);
    env.put(EnvVars.EVENTS_TOPIC_ARN, topic);
    env.put(EnvVars.ENVIRONMENT_NAME, "test");
    env.put(EnvVars.PIPELINE_VERSION, "1.0.0");
    env.put(EnvVars.CATALOG_BUCKET, "reference-data");
    env.put(EnvVars.ARCHIVE_BUCKET, ARCHIVE);
    env.put(EnvVars.MASK_BATCHING_WINDOW_SECONDS, "1");
    env.put("KCL_FAILOVER_MILLIS", "3000");
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void runsTheThreeStagesCheckpointsAfterTheArchiveAndANewWorkerCarriesOnWithoutDuplicates() throws Exception {
    Running first = Running.start(env);
    List<String> firstIds = put(0, 30);
    putRaw("garbage", new byte[] {0x1F, (byte) 0x8B, 8, 0, 1, 2, 3}); // a bad gzip member: quarantined by ingest

    List<JsonNode> archived = awaitArchived(30, Duration.ofSeconds(120));
    assertThat(archived).extracting(r -> r.path("message").asText())
        .allMatch(m -> !m.contains("@example.com"), "no e-mail address left unmasked");
    assertThat(archived).allMatch(r -> r.path("enrichment").isObject() && r.path("masking").isObject());
    assertThat(archived).extracting(r -> r.path("message").asText()).containsAll(firstIds.stream()
        .map(id -> "order " + id + " for [EMAIL]").toList());
    waitUntil(Duration.ofSeconds(30), () -> !keys(QUARANTINE).isEmpty());
    assertThat(keys(QUARANTINE)).anyMatch(k -> k.startsWith("quarantine/ingest/"));

    first.stop();
    assertThat(first.exit()).isZero();

    Running second = Running.start(env);
    put(30, 20);
    List<JsonNode> all = awaitArchived(50, Duration.ofSeconds(120));
    second.stop();

    List<String> ids = all.stream().map(r -> r.path("id").asText()).toList();
    assertThat(ids).doesNotHaveDuplicates().hasSize(50);
  }

  /** Puts {@code count} text lines to raw-logs, each with an e-mail address to mask. */
  private static List<String> put(int from, int count) {
    List<String> orders = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String order = "o-" + i;
      orders.add(order);
      putRaw("key-" + i, ("order " + order + " for jane" + i + "@example.com").getBytes(StandardCharsets.UTF_8));
    }
    return orders;
  }

  private static void putRaw(String partitionKey, byte[] data) {
    kinesis.putRecord(b -> b.streamName("raw-logs").partitionKey(partitionKey).data(SdkBytes.fromByteArray(data)));
  }

  /** Every record in the archive once {@code expected} are there (and then a little longer, to see extras). */
  private static List<JsonNode> awaitArchived(int expected, Duration timeout) throws InterruptedException {
    waitUntil(timeout, () -> readArchive().size() >= expected);
    Thread.sleep(2_000);
    return readArchive();
  }

  private static List<JsonNode> readArchive() {
    List<JsonNode> records = new ArrayList<>();
    for (String key : keys(ARCHIVE)) {
      byte[] object = s3.getObjectAsBytes(b -> b.bucket(ARCHIVE).key(key)).asByteArray();
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(object))) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!line.isBlank()) {
            records.add(Json.MAPPER.readTree(line));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return records;
  }

  private static List<String> keys(String bucket) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
  }

  private static void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** A worker running on its own thread, as main runs it. */
  private record Running(LogsWorker worker, Thread thread, int[] exitCode) {
    static Running start(Map<String, String> env) {
      WorkerConfig config = WorkerConfig.from(Env.of(env));
      AwsClients clients = AwsClients.from(Env.of(env));
      LogsWorker worker = new LogsWorker(config, StageHandlers.fromEnvironment(config, env, clients), clients);
      int[] exit = {-1};
      Thread thread = new Thread(() -> exit[0] = worker.run(), "logs-worker-under-test");
      thread.start();
      return new Running(worker, thread, exit);
    }

    void stop() throws InterruptedException {
      worker.shutdown();
      thread.join(60_000);
    }

    int exit() {
      return exitCode[0];
    }
  }
}
