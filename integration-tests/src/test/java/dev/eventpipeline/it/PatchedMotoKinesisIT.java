package dev.eventpipeline.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.local.backend.MotoBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * moto as the local cloud starts it (with its Kinesis patch) under the load that made unpatched moto
 * answer 500 and slow down: 25,000 records put into one shard while two readers follow the shard's
 * tip at the same time; every record comes back, in order, to both, with no failed call (the clients
 * do not retry) and no 500 in moto's log.
 */
class PatchedMotoKinesisIT {
  private static final int RECORDS = 25_000;
  private static final String STREAM = "patched-load";
  @TempDir
  static Path dir;
  static MotoBackend moto;

  @BeforeAll
  static void start() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    moto = MotoBackend.start(port, dir.resolve("moto.log"), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    moto.close();
  }

  /** No retries: a 500 fails the call instead of being retried away. */
  private static KinesisClient client() {
    System.setProperty("aws.cborEnabled", "false");
    return KinesisClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(Duration.ofSeconds(60)))
        .build();
  }

  @Test
  void twentyFiveThousandRecordsPutWhileTwoReadersFollowTheTipComeBackInOrderWithoutA500() throws Exception {
    assertThat(moto.kinesisPatchApplied()).as(moto.kinesisPatch()).isTrue();
    try (KinesisClient kinesis = client()) {
      kinesis.createStream(b -> b.streamName(STREAM).shardCount(1));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    AtomicBoolean producing = new AtomicBoolean(true);
    long start = System.nanoTime();
    try {
      Future<List<String>> reader1 = pool.submit(() -> read(producing));
      Future<List<String>> reader2 = pool.submit(() -> read(producing));
      Future<List<String>> producer = pool.submit(() -> {
        try {
          return produce();
        } finally {
          producing.set(false);
        }
      });
      List<String> sequenceNumbers = producer.get(10, TimeUnit.MINUTES);
      double putSeconds = (System.nanoTime() - start) / 1e9;
      List<String> first = reader1.get(5, TimeUnit.MINUTES);
      List<String> second = reader2.get(5, TimeUnit.MINUTES);
      System.out.printf("PatchedMotoKinesisIT: %,d records put in %.1f s (%,.0f records/s) while two readers followed; "
          + "read back after %.1f s%n", RECORDS, putSeconds, RECORDS / putSeconds, (System.nanoTime() - start) / 1e9);

      List<String> expected = new ArrayList<>();
      for (int i = 0; i < RECORDS; i++) {
        expected.add(sequenceNumbers.get(i) + "=r-" + i);
      }
      assertThat(first).containsExactlyElementsOf(expected);
      assertThat(second).containsExactlyElementsOf(expected);
      // Sequence numbers are distinct and increasing: no two concurrent puts took the same one.
      assertThat(sequenceNumbers).doesNotHaveDuplicates();
      for (int i = 1; i < RECORDS; i++) {
        assertThat(new java.math.BigInteger(sequenceNumbers.get(i))).isGreaterThan(new java.math.BigInteger(sequenceNumbers.get(i - 1)));
      }
    } finally {
      producing.set(false);
      pool.shutdownNow();
    }
    String log = Files.readString(dir.resolve("moto.log"));
    assertThat(log).doesNotContain("\" 500 ").doesNotContain("mutated during iteration");
  }

  /** PutRecords of 500 records ("r-<n>"), in order; returns the sequence numbers. */
  private static List<String> produce() {
    List<String> seqs = new ArrayList<>();
    try (KinesisClient kinesis = client()) {
      for (int from = 0; from < RECORDS; from += 500) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = from; i < Math.min(RECORDS, from + 500); i++) {
          entries.add(PutRecordsRequestEntry.builder().partitionKey("pk-" + (i % 97))
              .data(SdkBytes.fromUtf8String("r-" + i)).build());
        }
        PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(STREAM).records(entries));
        assertThat(r.failedRecordCount()).isZero();
        r.records().forEach(e -> seqs.add(e.sequenceNumber()));
      }
    }
    return seqs;
  }

  /** Follows the shard from TRIM_HORIZON, 10,000 records per read, until the producer is done and a read is empty. */
  private static List<String> read(AtomicBoolean producing) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    try (KinesisClient kinesis = client()) {
      String iterator = kinesis.getShardIterator(b -> b.streamName(STREAM).shardId("shardId-000000000000")
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (true) {
        boolean producerDone = !producing.get();
        String it = iterator;
        GetRecordsResponse r = kinesis.getRecords(b -> b.shardIterator(it).limit(10_000));
        for (Record rec : r.records()) {
          seen.add(rec.sequenceNumber() + "=" + rec.data().asString(StandardCharsets.UTF_8));
        }
        iterator = r.nextShardIterator();
        if (r.records().isEmpty()) {
          if (producerDone) {
            return seen;
          }
          Thread.sleep(20);
        }
      }
    }
  }
}
