package dev.eventpipeline.bench.ingest;

import dev.eventpipeline.ingest.domain.QuarantineDocuments;
import dev.eventpipeline.ingest.domain.QuarantineKeys;
import dev.eventpipeline.ingest.domain.QuarantineMasking;
import dev.eventpipeline.ingest.domain.RawRecord;
import dev.eventpipeline.ingest.domain.format.RejectReason;
import dev.eventpipeline.ingest.domain.Rejection;
import dev.eventpipeline.ingest.port.QuarantineStore.QuarantinedObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What storing a quarantined record masked costs ingest (docs/ingest.md, "Quarantine"), one thread, in
 * milliseconds per record: the quarantine document (mask the text with the default policy, SHA-256 of
 * the raw bytes, JSON) against what the quarantine did before it was masked (the key and the metadata;
 * the raw bytes were stored as they were). The S3 PUT is not included.
 *
 * <p>Records: 1 MiB of log text lines (a sensitive value every line: e-mail, IPv4, password, card), a
 * 1 MiB JSON record whose fields fill it (RECORD_TOO_LARGE), 1 MiB of random bytes (BINARY) and a
 * 4 KiB binary record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QuarantineBenchmark {
  private static final int ONE_MIB = 1024 * 1024;

  private final QuarantineKeys keys = new QuarantineKeys("quarantine/");
  private final QuarantineDocuments documents = new QuarantineDocuments(keys, QuarantineMasking.withPolicy(null), null);
  private RawRecord textRecord;
  private Rejection text;
  private RawRecord jsonRecord;
  private Rejection json;
  private RawRecord binaryRecord;
  private Rejection binary;
  private RawRecord smallRecord;
  private Rejection small;

  @Setup
  public void setUp() {
    StringBuilder lines = new StringBuilder(ONE_MIB + 200);
    for (int i = 0; lines.length() < ONE_MIB - 200; i++) {
      lines.append("2026-11-23T10:00:00.").append(i % 1000).append("Z INFO user user").append(i)
          .append("@example.com logged in from 10.1.").append(i % 250).append('.').append(i % 200)
          .append(" password=hunter").append(i).append(" card 4111 1111 1111 1111\n");
    }
    byte[] textBytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    textRecord = raw(textBytes);
    text = Rejection.ofRecord(RejectReason.DECODER_ERROR, "decoder failed: benchmark", textBytes);

    String head = "{\"msg\":\"small\",\"user\":\"bob@example.com\",\"password\":\"hunter2\",\"blob\":\"";
    byte[] jsonBytes = (head + "b".repeat(ONE_MIB - head.length() - 3) + "\"}").getBytes(StandardCharsets.UTF_8);
    jsonRecord = raw(jsonBytes);
    json = new Rejection(RejectReason.RECORD_TOO_LARGE, "benchmark", Rejection.Scope.ITEM, 0, 0, jsonBytes);

    byte[] random = new byte[ONE_MIB];
    new Random(7).nextBytes(random);
    binaryRecord = raw(random);
    binary = Rejection.ofRecord(RejectReason.BINARY, "binary data, not a known format", random);

    byte[] four = new byte[4096];
    new Random(8).nextBytes(four);
    smallRecord = raw(four);
    small = Rejection.ofRecord(RejectReason.BINARY, "binary data, not a known format", four);
  }

  private static RawRecord raw(byte[] data) {
    return new RawRecord("raw-logs", "shardId-000000000000", "49545115243490985018280067714973144582180062593244200961",
        "pk", 1795449601456L, data);
  }

  @Benchmark
  public QuarantinedObject maskedDocumentOf1MiBOfLogText() {
    return documents.object(textRecord, text);
  }

  @Benchmark
  public QuarantinedObject maskedDocumentOfA1MiBJsonRecord() {
    return documents.object(jsonRecord, json);
  }

  @Benchmark
  public QuarantinedObject maskedDocumentOf1MiBOfRandomBytes() {
    return documents.object(binaryRecord, binary);
  }

  @Benchmark
  public QuarantinedObject maskedDocumentOfA4KiBBinaryRecord() {
    return documents.object(smallRecord, small);
  }

  /** Before: the raw bytes were stored as they were, with the key and this metadata. */
  @Benchmark
  public Map<String, String> unmaskedBefore1MiB() {
    keys.key(textRecord, text);
    return keys.metadata(textRecord, text, "");
  }
}
