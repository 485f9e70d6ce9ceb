package dev.eventpipeline.bench.pipeline;

import dev.eventpipeline.enrich.domain.Catalog;
import dev.eventpipeline.enrich.domain.CatalogParser;
import dev.eventpipeline.enrich.domain.Enricher;
import dev.eventpipeline.ingest.domain.format.DecodeLimits;
import dev.eventpipeline.ingest.domain.OutputRecord;
import dev.eventpipeline.ingest.domain.RawRecord;
import dev.eventpipeline.ingest.domain.RecordDecoder;
import dev.eventpipeline.mask.domain.ArchiveLayout;
import dev.eventpipeline.mask.domain.ArchiveObject;
import dev.eventpipeline.mask.domain.BatchMasker;
import dev.eventpipeline.mask.domain.InputRecord;
import dev.eventpipeline.masking.JsonMasker;
import dev.eventpipeline.masking.MaskEngine;
import dev.eventpipeline.mask.domain.MaskedBatch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole record path of the log pipeline on one core, with the three functions' own domain
 * code: decode + normalize (ingest) → enrich → mask → NDJSON → gzip (mask's archive object), for a
 * batch of 1,024 raw ~300-byte JSON records, about 5% of them carrying PII or a credential.
 * Budget (issue 3): ≥ 50k records/s per core. Kinesis and S3 I/O are not included.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar WholePath -f 1 -wi 3 -i 5}; or, robust to other
 * load on the machine (thread CPU time):
 * {@code java -cp bench/target/benchmarks.jar dev.eventpipeline.bench.pipeline.WholePathBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WholePathBenchmark {
  static final int BATCH = 1024;
  private static final String SHARD = "shardId-000000000000";
  private static final String[] LEVELS = {"info", "info", "info", "debug", "warn", "error"};
  private static final String[] SERVICES = {"orders", "checkout", "users", "inventory"};

  private final Instant now = Instant.parse("2026-11-23T16:00:00Z");
  private RawRecord[] raw;
  private RecordDecoder decoder;
  private Enricher enricher;
  private Catalog catalog;
  private BatchMasker masker;
  private long rawBytes;

  @Setup
  public void setup() throws Exception {
    decoder = new RecordDecoder(DecodeLimits.DEFAULT);
    enricher = new Enricher("prod", "us-east-1", "1.0.0");
    catalog = CatalogParser.parse(catalogDocument().getBytes(StandardCharsets.UTF_8));
    masker = new BatchMasker(new JsonMasker(MaskEngine.withDefaults()), new ArchiveLayout("logs/", "quarantine/"));
    Random random = new Random(42);
    raw = new RawRecord[BATCH];
    for (int i = 0; i < BATCH; i++) {
      byte[] data = jsonRecord(random, i).getBytes(StandardCharsets.UTF_8);
      rawBytes += data.length;
      raw[i] = new RawRecord("raw-logs", SHARD, Long.toString(1_000_000L + i), "pk-" + (i % 16),
          now.toEpochMilli(), data);
    }
    MaskedBatch check = runBatch();
    if (check.archived() != BATCH || !check.quarantined().isEmpty()) {
      throw new IllegalStateException("corpus did not flow through: archived " + check.archived()
          + ", quarantined " + check.quarantined().size());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public byte[] wholePath() {
    return ArchiveObject.encode(runBatch().lines());
  }

  /** decode → enrich → mask (gzip in {@link #wholePath}), exactly the data each function hands the next. */
  MaskedBatch runBatch() {
    Enricher.Session session = enricher.session("123456789012", catalog, now);
    List<InputRecord> enriched = new ArrayList<>(BATCH + 16);
    long sequence = 2_000_000L;
    for (RawRecord r : raw) {
      for (OutputRecord normalized : decoder.decode(r).outputs()) {
        String seq = Long.toString(sequence++);
        byte[] data = session.enrich(new dev.eventpipeline.enrich.domain.InputRecord(normalized.json(),
            normalized.partitionKey(), "normalized-logs", SHARD, seq, now)).data();
        enriched.add(new InputRecord(seq, now, data));
      }
    }
    return masker.mask("enriched-logs", SHARD, enriched);
  }

  static String jsonRecord(Random r, int k) {
    String service = SERVICES[r.nextInt(SERVICES.length)];
    String extra = switch (k % 20) {
      case 3 -> ",\"email\":\"jane.doe" + k + "@example.com\"";
      case 7 -> ",\"card\":\"4111 1111 1111 1111\"";
      case 11 -> ",\"note\":\"key AKIAIOSFODNN7EXAMPLE used\"";
      case 17 -> ",\"client\":\"203.0.113." + (k % 250) + "\"";
      default -> "";
    };
    return "{\"timestamp\":\"2026-11-23T16:00:" + (10 + r.nextInt(49)) + "." + (100 + r.nextInt(899)) + "Z\","
        + "\"level\":\"" + LEVELS[r.nextInt(LEVELS.length)] + "\",\"service\":\"" + service + "\","
        + "\"message\":\"request handled for order " + r.nextInt(100_000) + " in " + r.nextInt(500) + " ms\","
        + "\"requestId\":\"" + new UUID(r.nextLong(), r.nextLong()) + "\",\"userId\":" + r.nextInt(1_000_000)
        + ",\"path\":\"/api/v1/orders/" + r.nextInt(100_000) + "\",\"status\":200" + extra + "}";
  }

  static String catalogDocument() {
    StringBuilder b = new StringBuilder("{\"formatVersion\":1,\"services\":{");
    for (int i = 0; i < SERVICES.length; i++) {
      b.append(i == 0 ? "" : ",").append('"').append(SERVICES[i]).append("\":{\"team\":\"team-").append(i)
          .append("\",\"tier\":\"tier-1\",\"onCall\":\"oncall-").append(i).append("@example.com\"}");
    }
    return b.append("},\"networkZones\":[{\"cidr\":\"203.0.113.0/24\",\"zone\":\"partner\"},"
        + "{\"cidr\":\"10.0.0.0/8\",\"zone\":\"internal\"}]}").toString();
  }

  /** Records per second of thread CPU time over a few seconds, after warm-up. */
  public static void main(String[] args) throws Exception {
    WholePathBenchmark b = new WholePathBenchmark();
    b.setup();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 8; round++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      int batches = 0;
      while (System.nanoTime() - wall0 < 2_000_000_000L) {
        b.runBatch();
        batches++;
      }
      double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
      System.out.printf("round %d: %,.0f records/s per core (CPU time), %.1f MB/s raw input%s%n", round,
          batches * BATCH / cpuSeconds, batches * b.rawBytes / cpuSeconds / 1e6, round < 3 ? " (warm-up)" : "");
    }
  }
}
