package dev.eventpipeline.local.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The moto Kinesis patch: moto started with it says so, answers exactly as moto without it does
 * (records, sequence numbers, iterator positions, MillisBehindLatest), and the patch leaves moto
 * alone, saying why, when moto is not the version it was written for.
 */
class MotoKinesisPatchTest {
  @TempDir
  static Path dir;
  static MotoBackend patched;
  static MotoBackend plain;
  static KinesisClient patchedKinesis;
  static KinesisClient plainKinesis;

  @BeforeAll
  static void start() throws IOException {
    patched = MotoBackend.start(freePort(), dir.resolve("patched/moto.log"), Duration.ofSeconds(60));
    plain = MotoBackend.start(freePort(), dir.resolve("plain/moto.log"), Duration.ofSeconds(60), false);
    patchedKinesis = client(patched.endpoint());
    plainKinesis = client(plain.endpoint());
  }

  @AfterAll
  static void stop() {
    patchedKinesis.close();
    plainKinesis.close();
    patched.close();
    plain.close();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** No retries: a 500 from moto fails the call instead of being retried away. */
  static KinesisClient client(URI endpoint) {
    System.setProperty("aws.cborEnabled", "false");
    return KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @Test
  void motoStartedByTheLocalCloudRunsPatchedAndSaysSo() throws IOException {
    assertThat(patched.kinesisPatchApplied()).isTrue();
    assertThat(patched.kinesisPatch()).startsWith("applied to moto 5.");
    assertThat(patched.description()).contains("Kinesis patch applied to moto 5.");
    assertThat(dir.resolve("patched/moto-patch/sitecustomize.py")).exists();
    assertThat(Files.readString(dir.resolve("patched/moto.log"))).contains(MotoBackend.PATCH_MARKER + " applied");

    assertThat(plain.kinesisPatchApplied()).isFalse();
    assertThat(plain.description()).contains("Kinesis patch not applied");
  }

  @Test
  void getRecordsAnswersAsUnpatchedMotoForEveryIteratorTypeAndLimit() throws Exception {
    List<String> patchedSeqs = fill(patchedKinesis, "same-answers");
    List<String> plainSeqs = fill(plainKinesis, "same-answers");
    assertThat(patchedSeqs).isEqualTo(plainSeqs);

    List<String> starts = List.of("TRIM_HORIZON", "LATEST", "AT:1", "AT:17", "AT:40", "AFTER:1", "AFTER:25",
        "AFTER:40", "AFTER:99");
    for (String start : starts) {
      for (Integer limit : new Integer[] {null, 1, 7, 40, 10_000}) {
        List<String> mine = drain(patchedKinesis, "same-answers", start, limit);
        List<String> theirs = drain(plainKinesis, "same-answers", start, limit);
        assertThat(mine).as("%s, limit %s", start, limit).isEqualTo(theirs);
      }
    }
  }

  @Test
  void anEmptyShardAnswersNoRecordsAndNoLag() {
    for (KinesisClient k : List.of(patchedKinesis, plainKinesis)) {
      k.createStream(b -> b.streamName("empty").shardCount(1));
      String it = k.getShardIterator(b -> b.streamName("empty").shardId("shardId-000000000000")
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      GetRecordsResponse r = k.getRecords(b -> b.shardIterator(it).limit(100));
      assertThat(r.records()).isEmpty();
      assertThat(r.millisBehindLatest()).isZero();
      assertThat(k.getRecords(b -> b.shardIterator(r.nextShardIterator())).records()).isEmpty();
    }
  }

  /** 40 records on one shard, put one by one and in batches, a few ms apart now and then. */
  private static List<String> fill(KinesisClient k, String stream) throws InterruptedException {
    k.createStream(b -> b.streamName(stream).shardCount(1));
    List<String> seqs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      seqs.add(k.putRecord(b -> b.streamName(stream).partitionKey("pk-" + n)
          .data(SdkBytes.fromUtf8String("single-" + n))).sequenceNumber());
      Thread.sleep(3);
    }
    for (int batch = 0; batch < 3; batch++) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        entries.add(PutRecordsRequestEntry.builder().partitionKey("k" + batch + "-" + i)
            .data(SdkBytes.fromUtf8String("batch-" + batch + "-" + i + "x".repeat(i * 10))).build());
      }
      k.putRecords(b -> b.streamName(stream).records(entries)).records().forEach(r -> seqs.add(r.sequenceNumber()));
      Thread.sleep(20);
    }
    return seqs;
  }

  /**
   * Reads from {@code start} following NextShardIterator until a read comes back empty; one line per
   * read: the records (sequence number, key, data), and whether MillisBehindLatest is what it must be
   * (the arrival time of the shard's newest record minus that of the last record returned; 0 when none).
   */
  private static List<String> drain(KinesisClient k, String stream, String start, Integer limit) {
    String[] parts = start.split(":");
    String iterator = k.getShardIterator(b -> {
      b.streamName(stream).shardId("shardId-000000000000");
      switch (parts[0]) {
        case "AT" -> b.shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(parts[1]);
        case "AFTER" -> b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(parts[1]);
        default -> b.shardIteratorType(parts[0]);
      }
    }).shardIterator();
    long newestArrival = newestArrival(k, stream);
    List<String> reads = new ArrayList<>();
    for (int guard = 0; guard < 100; guard++) {
      String it = iterator;
      GetRecordsResponse r = k.getRecords(b -> b.shardIterator(it).limit(limit));
      StringBuilder line = new StringBuilder();
      for (Record rec : r.records()) {
        line.append(rec.sequenceNumber()).append('/').append(rec.partitionKey()).append('/')
            .append(rec.data().asString(StandardCharsets.UTF_8)).append(' ');
      }
      long expectedLag = r.records().isEmpty() ? 0
          : newestArrival - r.records().get(r.records().size() - 1).approximateArrivalTimestamp().toEpochMilli();
      line.append("lag ").append(Math.abs(r.millisBehindLatest() - expectedLag) <= 1 ? "consistent" : "WRONG "
          + r.millisBehindLatest() + " vs " + expectedLag);
      reads.add(line.toString());
      iterator = r.nextShardIterator();
      if (r.records().isEmpty()) {
        break;
      }
    }
    return reads;
  }

  private static long newestArrival(KinesisClient k, String stream) {
    String it = k.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    List<Record> all = k.getRecords(b -> b.shardIterator(it)).records();
    return all.get(all.size() - 1).approximateArrivalTimestamp().toEpochMilli();
  }

  // ---- the guard, with stand-in moto packages in front of the real one

  @Test
  void leavesMotoAloneAndSaysSoWhenItIsNotVersion5(@TempDir Path fake) throws Exception {
    writeFakeMoto(fake, "6.0.0", "def get_records(self, last_sequence_id, limit):");

    List<String> lines = runPatchWith(fake);

    assertThat(lines).containsExactly(
        MotoBackend.PATCH_MARKER + " not applied: moto 6.0.0 is not 5.x; its Kinesis runs as shipped",
        "get_records untouched: True");
  }

  @Test
  void leavesMotoAloneAndSaysSoWhenAPatchedFunctionHasAnotherSignature(@TempDir Path fake) throws Exception {
    writeFakeMoto(fake, "5.9.0", "def get_records(self, last_sequence_id, limit, consumer):");

    List<String> lines = runPatchWith(fake);

    assertThat(lines).containsExactly(MotoBackend.PATCH_MARKER + " not applied: moto 5.9.0 Shard.get_records is not "
        + "get_records(self, last_sequence_id, limit); Kinesis runs as shipped", "get_records untouched: True");
  }

  private static void writeFakeMoto(Path root, String version, String getRecordsDef) throws IOException {
    Path kinesis = Files.createDirectories(root.resolve("moto/kinesis"));
    Files.writeString(root.resolve("moto/__init__.py"), "__version__ = \"" + version + "\"\n");
    Files.writeString(kinesis.resolve("__init__.py"), "");
    Files.writeString(kinesis.resolve("models.py"), String.join("\n",
        "class Record:", "    pass",
        "class Shard:",
        "    " + getRecordsDef, "        return 'original'",
        "    def put_record(self, partition_key, data, explicit_hash_key): pass",
        "    def get_min_sequence_number(self): pass",
        "    def get_max_sequence_number(self): pass",
        "    def get_sequence_number_at(self, at_timestamp): pass",
        "ORIGINAL_GET_RECORDS = Shard.get_records", ""));
  }

  /**
   * Runs Python with the extracted patch first on PYTHONPATH and the stand-in moto after it; returns
   * what it printed: the patch's line, then whether Shard.get_records is still the stand-in's own.
   */
  private static List<String> runPatchWith(Path fakeMoto) throws Exception {
    Path patch = MotoBackend.extractPatch(fakeMoto.resolve("patch"));
    ProcessBuilder builder = new ProcessBuilder("python3", "-c", "import sys; import moto.kinesis.models as m; "
        + "print('get_records untouched: ' + str(m.Shard.get_records is m.ORIGINAL_GET_RECORDS), file=sys.stderr)")
        .redirectErrorStream(true);
    builder.environment().put("PYTHONPATH", patch + java.io.File.pathSeparator + fakeMoto);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.lines().toList();
  }
}
