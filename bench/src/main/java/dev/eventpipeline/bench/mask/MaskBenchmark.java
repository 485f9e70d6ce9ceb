package dev.eventpipeline.bench.mask;

import dev.eventpipeline.mask.domain.ArchiveLayout;
import dev.eventpipeline.mask.domain.ArchiveObject;
import dev.eventpipeline.mask.domain.BatchMasker;
import dev.eventpipeline.mask.domain.InputRecord;
import dev.eventpipeline.masking.JsonMasker;
import dev.eventpipeline.masking.LineMasker;
import dev.eventpipeline.masking.MaskCounts;
import dev.eventpipeline.masking.MaskEngine;
import dev.eventpipeline.masking.NotJsonException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Mask throughput on one core with every detector on (the built-in policy), over {@link MaskCorpus}.
 * Each operation masks the whole corpus (4 MiB of text, or 4 MiB of records): MB/s = 4 × ops/s
 * (printed at setup). {@code regexAwsKeyOnly} is the scale reference the budget names: one
 * java.util.regex AWS-key pattern over the same text.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar MaskBenchmark -f 1 -wi 3 -i 5}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MaskBenchmark {
  static final int CORPUS_BYTES = 4 * 1024 * 1024;
  private static final Pattern AWS_KEY = Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b");

  private List<String> lines;
  private List<byte[]> records;
  private List<InputRecord> batch;
  private MaskEngine engine;
  private JsonMasker masker;
  private BatchMasker batchMasker;
  private byte[] corpusBytes;
  private LineMasker lineMasker;
  private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(CORPUS_BYTES + (1 << 20));

  @Setup(Level.Trial)
  public void setUp() {
    lines = MaskCorpus.lines(CORPUS_BYTES, 42);
    records = MaskCorpus.records(CORPUS_BYTES, 7).stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    engine = MaskEngine.withDefaults();
    lineMasker = new LineMasker(engine);
    corpusBytes = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    masker = new JsonMasker(engine);
    batchMasker = new BatchMasker(masker, new ArchiveLayout("logs/", "quarantine/"));
    batch = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      batch.add(new InputRecord(Integer.toString(i), Instant.EPOCH, records.get(i)));
    }
    MaskCounts counts = new MaskCounts();
    long bytes = 0;
    for (String line : lines) {
      engine.mask(line, counts);
      bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    System.out.printf("%nmixed corpus: %d lines, %,d bytes; masked %s%n", lines.size(), bytes, counts);
    System.out.printf("record corpus: %d records, %,d bytes%n", records.size(),
        records.stream().mapToLong(r -> r.length + 1).sum());
  }

  /** The detectors and operators on raw text lines (what `pipeline mask` does for a text line). */
  @Benchmark
  public void maskMixedText(Blackhole bh) {
    MaskCounts counts = new MaskCounts();
    for (String line : lines) {
      bh.consume(engine.mask(line, counts));
    }
  }

  /**
   * What {@code ./pipeline mask} does per line, without the file I/O: the mixed corpus as UTF-8
   * bytes, each line masked in place into an output buffer (JSON lines as JSON, others as text).
   */
  @Benchmark
  public void maskLinesAsTheCliDoes(Blackhole bh) throws java.io.IOException {
    MaskCounts counts = new MaskCounts();
    out.reset();
    int start = 0;
    for (int i = 0; i < corpusBytes.length; i++) {
      if (corpusBytes[i] == '\n') {
        lineMasker.mask(corpusBytes, start, i - start, counts, out);
        out.write('\n');
        start = i + 1;
      }
    }
    bh.consume(out.size());
  }

  /** The function's per-record path without gzip: in-place JSON masking of each record. */
  @Benchmark
  public void maskJsonRecords(Blackhole bh) throws NotJsonException {
    for (byte[] record : records) {
      bh.consume(masker.maskRecord(record));
    }
  }

  /** The whole batch as the function does it: mask, de-duplicate, NDJSON, gzip. */
  @Benchmark
  public void maskBatchWithGzip(Blackhole bh) {
    bh.consume(ArchiveObject.encode(batchMasker.mask("enriched-logs", "shardId-000000000000", batch).lines()));
  }

  /** Scale reference: one regex for AWS access key ids over the mixed text. */
  @Benchmark
  public void regexAwsKeyOnly(Blackhole bh) {
    int found = 0;
    for (String line : lines) {
      Matcher m = AWS_KEY.matcher(line);
      while (m.find()) {
        found++;
      }
    }
    bh.consume(found);
  }
}
