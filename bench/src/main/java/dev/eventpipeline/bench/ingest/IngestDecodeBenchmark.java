package dev.eventpipeline.bench.ingest;

import dev.eventpipeline.ingest.domain.format.DecodeLimits;
import dev.eventpipeline.ingest.domain.DecodeResult;
import dev.eventpipeline.ingest.domain.RawRecord;
import dev.eventpipeline.ingest.domain.RecordDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
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
 * Ingest decode + normalize + serialize, one thread (= per core), in records per second.
 * Budget: ≥ 200k records/s on ~300-byte JSON records (issue 3).
 *
 * <p>Corpus: 1,024 distinct synthetic application log records (JSON objects of 280–330 bytes with an
 * ISO timestamp, a level, a message and nine other fields including a nested object), the same
 * records as plain-text lines, and CloudWatch Logs DATA_MESSAGE payloads of 50 events (gzip).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestDecodeBenchmark {
  private static final int CORPUS = 1024;
  private static final int CWL_EVENTS = 50;
  private static final String[] LEVELS = {"info", "info", "info", "warn", "error", "debug"};
  private static final String[] SERVICES = {"orders", "payments", "checkout", "inventory", "search"};
  private static final String[] PATHS = {"/api/orders", "/api/orders/42/items", "/health", "/api/payments/capture"};

  private final RecordDecoder decoder = new RecordDecoder(DecodeLimits.DEFAULT);
  private RawRecord[] json;
  private RawRecord[] text;
  private RawRecord[] cwl;
  private int i;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    json = new RawRecord[CORPUS];
    text = new RawRecord[CORPUS];
    int totalJson = 0;
    for (int k = 0; k < CORPUS; k++) {
      String record = jsonRecord(random, k);
      totalJson += record.length();
      json[k] = raw(k, record.getBytes(StandardCharsets.UTF_8));
      text[k] = raw(k, textRecord(random, k).getBytes(StandardCharsets.UTF_8));
    }
    cwl = new RawRecord[64];
    for (int k = 0; k < cwl.length; k++) {
      StringBuilder payload = new StringBuilder("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\","
          + "\"logGroup\":\"/aws/lambda/orders\",\"logStream\":\"2026/11/23/[$LATEST]abc" + k + "\","
          + "\"subscriptionFilters\":[\"all\"],\"logEvents\":[");
      for (int e = 0; e < CWL_EVENTS; e++) {
        if (e > 0) {
          payload.append(',');
        }
        String message = e % 2 == 0 ? textRecord(random, e) : jsonRecord(random, e);
        payload.append("{\"id\":\"3719971756290717428835512580704011470483764099463361").append(3000 + e)
            .append("\",\"timestamp\":").append(1795449600000L + e).append(",\"message\":")
            .append(quote(message + "\n")).append('}');
      }
      payload.append("]}");
      cwl[k] = raw(k, gzip(payload.toString().getBytes(StandardCharsets.UTF_8)));
    }
    System.out.printf("%nJSON corpus: %d records, mean %d bytes%n", CORPUS, totalJson / CORPUS);
  }

  static String jsonRecord(Random r, int k) {
    return "{\"timestamp\":\"2026-11-23T16:" + two(r.nextInt(60)) + ":" + two(r.nextInt(60)) + "." + r.nextInt(100, 1000)
        + "Z\",\"level\":\"" + LEVELS[r.nextInt(LEVELS.length)] + "\",\"message\":\"request handled for order "
        + r.nextInt(100_000) + " in " + r.nextInt(500) + " ms\",\"service\":\"" + SERVICES[r.nextInt(SERVICES.length)]
        + "\",\"requestId\":\"" + new java.util.UUID(r.nextLong(), r.nextLong()) + "\",\"userId\":" + r.nextInt(1_000_000)
        + ",\"durationMs\":" + r.nextInt(2000) + "." + r.nextInt(10) + ",\"http\":{\"method\":\"GET\",\"path\":\""
        + PATHS[r.nextInt(PATHS.length)] + "\",\"status\":" + (r.nextInt(10) == 0 ? 500 : 200)
        + "},\"region\":\"eu-west-1\",\"cold\":" + r.nextBoolean() + ",\"seq\":" + k + "}";
  }

  static String textRecord(Random r, int k) {
    return "2026-11-23T16:" + two(r.nextInt(60)) + ":" + two(r.nextInt(60)) + ".123Z " + LEVELS[r.nextInt(LEVELS.length)].toUpperCase()
        + " [main] c.e.orders.Handler - request handled for order " + r.nextInt(100_000) + " in " + r.nextInt(500)
        + " ms user=" + r.nextInt(1_000_000) + " seq=" + k;
  }

  private static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static RawRecord raw(int k, byte[] data) {
    return new RawRecord("raw-logs", "shardId-000000000000",
        "4954511524349098501828006771497314458218006259324420" + (1000 + k), "pk-" + (k % 16), 1795449601456L, data);
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One ~300-byte JSON record: detect, parse, normalize, serialize. */
  @Benchmark
  public DecodeResult jsonRecord() {
    return decoder.decode(json[i++ & (CORPUS - 1)]);
  }

  /** One plain-text line with an ISO timestamp and a level word. */
  @Benchmark
  public DecodeResult textLine() {
    return decoder.decode(text[i++ & (CORPUS - 1)]);
  }

  /** A gzip CloudWatch Logs payload of 50 events (half JSON, half text); reported per event. */
  @Benchmark
  @OperationsPerInvocation(CWL_EVENTS)
  public DecodeResult cloudWatchLogsEvent() {
    return decoder.decode(cwl[i++ & 63]);
  }
}
