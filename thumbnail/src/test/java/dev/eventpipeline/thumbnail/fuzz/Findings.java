package dev.eventpipeline.thumbnail.fuzz;

import dev.eventpipeline.thumbnail.fuzz.Oracles.Finding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where the fuzz properties put what they find. By default a finding fails the property at once (and
 * jqwik shrinks it); its input is also written to {@code target/fuzz-findings/} (the smallest one
 * seen per signature, so after shrinking it is the shrunk input), ready to become a fixture under
 * {@code src/test/resources/corpus/fuzz/}.
 *
 * <p>With {@code -Dfuzz.survey=true} a property does not stop at the first finding: every distinct
 * signature is collected, its input minimized by deleting byte ranges while the signature holds, and
 * written as above; the class fails at the end listing them all. That is the mode for long runs,
 * where one known bug would otherwise hide every other.
 *
 * <p>It also counts the report-only classes of the differential, with the smallest example of each.
 */
final class Findings {
  static final boolean SURVEY = Boolean.getBoolean("fuzz.survey");
  private static final Path DIR = Path.of("target", "fuzz-findings");
  /** Calls and time the minimizer may spend on one finding (a TIME finding costs seconds a call). */
  private static final int MINIMIZE_ATTEMPTS = 600;
  private static final long MINIMIZE_NANOS = 30_000_000_000L;

  private static final Map<String, Recorded> FOUND = new ConcurrentSkipListMap<>();
  private static final Map<String, Tally> TALLY = new ConcurrentSkipListMap<>();

  private record Recorded(Finding finding, String input, byte[] bytes, Path file) {}

  private static final class Tally {
    final AtomicLong count = new AtomicLong();
    volatile String example;
    volatile int exampleSize = Integer.MAX_VALUE;
  }

  private Findings() {}

  /**
   * Handles what an oracle returned for {@code fuzzCase}: nothing, or a finding that is saved and
   * then either thrown (default) or collected (survey mode, minimized with {@code oracle}).
   */
  static void check(String property, Optional<Finding> finding, FuzzCase fuzzCase,
      Function<byte[], Optional<Finding>> oracle) {
    if (finding.isEmpty()) {
      return;
    }
    Finding f = finding.get();
    byte[] bytes = fuzzCase.bytes();
    String key = property + " " + f.signature();
    if (SURVEY) {
      Recorded known = FOUND.get(key);
      if (known != null && known.bytes().length <= bytes.length) {
        return;
      }
      byte[] small = minimize(bytes, candidate -> oracle.apply(candidate)
          .filter(again -> again.signature().equals(f.signature())).isPresent());
      if (known != null && known.bytes().length <= small.length) {
        return;
      }
      FOUND.put(key, new Recorded(f, fuzzCase.toString(), small, save(property, f, small)));
      return;
    }
    Path file = save(property, f, bytes);
    throw new AssertionError(f.oracle() + ": " + f.detail() + "\n  input: " + fuzzCase + "\n  saved as " + file
        + " (the smallest input seen with this signature)");
  }

  /** Counts one report-only outcome of the differential, keeping the smallest example. */
  static void tally(String agreement, FuzzCase fuzzCase) {
    Tally t = TALLY.computeIfAbsent(agreement, k -> new Tally());
    t.count.incrementAndGet();
    synchronized (t) {
      if (fuzzCase.bytes().length < t.exampleSize) {
        t.exampleSize = fuzzCase.bytes().length;
        t.example = fuzzCase.toString();
      }
    }
  }

  /** Prints the tally and the survey's findings; fails listing the findings, if any (survey mode). */
  static void report(String title) {
    if (!TALLY.isEmpty()) {
      System.out.println(title + ": outcomes of the differential (reference reader " + Targets.referenceJpegReader() + ")");
      TALLY.forEach((agreement, t) -> System.out.println(String.format("  %7d  %s%n           e.g. %s", t.count.get(),
          agreement, t.example)));
    }
    if (FOUND.isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>();
    FOUND.forEach((key, r) -> lines.add(key + " (" + r.bytes().length + " bytes, saved as " + r.file() + ")\n    "
        + r.finding().detail() + "\n    first seen: " + r.input()));
    FOUND.clear();
    throw new AssertionError(title + ": " + lines.size() + " distinct findings\n" + String.join("\n", lines));
  }

  /**
   * Deletes ever smaller byte ranges (halves, quarters, ... single bytes) while {@code stillFails}
   * holds: a plain delta-debugging pass, bounded by {@link #MINIMIZE_ATTEMPTS} and {@link #MINIMIZE_NANOS}.
   */
  static byte[] minimize(byte[] data, Predicate<byte[]> stillFails) {
    byte[] best = data;
    int attempts = 0;
    long deadline = System.nanoTime() + MINIMIZE_NANOS;
    for (int chunk = Math.max(1, best.length / 2); chunk >= 1 && attempts < MINIMIZE_ATTEMPTS; chunk /= 2) {
      for (int start = 0; start < best.length && attempts < MINIMIZE_ATTEMPTS && System.nanoTime() < deadline; ) {
        int n = Math.min(chunk, best.length - start);
        if (n == best.length) {
          start += n;
          continue;
        }
        byte[] candidate = new byte[best.length - n];
        System.arraycopy(best, 0, candidate, 0, start);
        System.arraycopy(best, start + n, candidate, start, best.length - start - n);
        attempts++;
        if (stillFails.test(candidate)) {
          best = candidate; // same start: the next range slid into place
        } else {
          start += n;
        }
      }
    }
    return best;
  }

  /** Writes the input as target/fuzz-findings/{property}-{signature}.{ext}, unless a smaller one is there. */
  private static Path save(String property, Finding f, byte[] bytes) {
    String name = (property + "-" + f.signature()).replaceAll("[^A-Za-z0-9_.-]+", "_") + "." + extension(bytes);
    Path file = DIR.resolve(name);
    try {
      Files.createDirectories(DIR);
      if (!Files.exists(file) || Files.size(file) > bytes.length) {
        Files.write(file, bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A file extension from the magic bytes (the fixtures are named by what they are). */
  static String extension(byte[] d) {
    if (d.length >= 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8) {
      return "jpg";
    }
    String head = new String(d, 0, Math.min(d.length, 12), StandardCharsets.ISO_8859_1);
    if (head.startsWith("\u0089PNG")) {
      return "png";
    }
    if (head.startsWith("GIF")) {
      return "gif";
    }
    if (head.startsWith("BM")) {
      return "bmp";
    }
    if (head.startsWith("RIFF") && head.endsWith("WEBP")) {
      return "webp";
    }
    if (head.startsWith("II") || head.startsWith("MM")) {
      return "tif";
    }
    return "bin";
  }
}
