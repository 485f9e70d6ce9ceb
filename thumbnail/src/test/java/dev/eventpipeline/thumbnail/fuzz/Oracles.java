package dev.eventpipeline.thumbnail.fuzz;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.domain.SourceImage;
import dev.eventpipeline.thumbnail.domain.ThumbnailSet;
import dev.eventpipeline.thumbnail.fuzz.Budget.Outcome;
import dev.eventpipeline.thumbnail.image.ImageHeader;
import dev.eventpipeline.thumbnail.image.Pixels;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What must hold for every input, whatever its bytes. Each oracle runs the code under test through
 * {@link Budget} and reports a {@link Finding} (an {@link Oracle} broken) when something does not hold.
 *
 * <p><b>Safety</b> ({@link #safety}): the Thumbnailer either succeeds or throws
 * ImageRejectedException (else CRASH); within {@link #TIME_LIMIT} (TIME); allocating at most
 * {@link #THUMBNAILER_MAX_BYTES} (ALLOCATION); and what it accepts declares at most
 * {@link Targets#MAX_PIXELS} (OVER_LIMIT).
 *
 * <p><b>Differential</b> ({@link #differential}, JPEG): the guard (HeaderReader), our decoder at full
 * size and ImageIO's first JPEG reader on the same bytes. Failures:
 * <ul>
 *   <li>CONTRACT: the guard throws anything but ImageRejectedException, or our decoder anything but
 *       that, UnsupportedVariantException or CorruptDataException. The Thumbnailer survives the
 *       latter by falling back to ImageIO on any RuntimeException, but an index or null error means
 *       the decoder acted on data it never validated;
 *   <li>TIME, ALLOCATION: over {@link #TIME_LIMIT}, or over {@link #DECODER_MAX_BYTES} (our decoder)
 *       or {@link #OVERHEAD_BYTES} (the guard, which must not allocate by the pixel);
 *   <li>GUARD_MISMATCH: our decoder decodes a frame of another size than the guard measured, so the
 *       pixel limit was checked against the wrong frame;
 *   <li>DIMENSIONS: both decode, to different sizes;
 *   <li>PIXELS: both decode an input whose pixel data no mutation touched (and whose seed they agree
 *       on) to pixels further apart than {@link #PIXEL_TOLERANCE}.
 * </ul>
 * Every other outcome is a class of agreement or disagreement that is only counted and reported
 * (with the smallest example of each, at the end of a run), for these reasons:
 * <ul>
 *   <li>we decode, ImageIO refuses: we are more lenient (missing blocks stay gray; tables or
 *       segments we do not need are not checked). Not a risk: the guard has measured the frame we
 *       decode (else GUARD_MISMATCH) and the budgets hold.
 *   <li>we refuse (CORRUPT), ImageIO decodes: a policy difference (a progressive image cut before
 *       EOI is refused rather than shown half refined; a truncated segment). Worth a look in long
 *       runs, since the pipeline does not fall back to ImageIO after this refusal.
 *   <li>we fall back (UnsupportedVariant/CorruptData), whatever ImageIO then does: by design ImageIO
 *       decides, and the safety oracle covers that path.
 *   <li>both decode, pixels differ, after entropy data, tables or headers were mutated: decoders
 *       conceal corrupt data differently (libjpeg resynchronises at restart markers, we leave gray).
 *   <li>the guard refuses: nothing is decoded in production either.
 * </ul>
 */
final class Oracles {
  /** Longest one call may take: generous for a loaded 2-core machine (a 256 px image takes milliseconds). */
  static final Duration TIME_LIMIT = Duration.ofSeconds(Long.getLong("fuzz.timeoutSeconds", 5));
  /**
   * Bytes our decoder may allocate per allowed pixel. Its largest legitimate need is a progressive
   * 4:4:4 image at full size: 2-byte coefficients for 3 components (6 B/px), the 3 component planes
   * (3 B/px) and the RGB result (3 B/px); measured 11.8 B/px on a 2000x2000 one.
   */
  static final long DECODER_BYTES_PER_ALLOWED_PIXEL = 12;
  /**
   * Bytes the whole Thumbnailer may allocate per allowed pixel. Its largest legitimate need is the
   * ImageIO fallback on a progressive JPEG our decoder gave up on: the JDK's JPEG reader alone
   * allocates about 32 B/px for a progressive image (measured on 2000x2000 4:2:0 and 4:4:4; 6 B/px
   * for baseline), then come our RGB copy and the resize. PNG, BMP and TIFF need 11-14 B/px.
   */
  static final long THUMBNAILER_BYTES_PER_ALLOWED_PIXEL = 40;
  /** Fixed overhead: reader state, Huffman and colour tables, encoders, exceptions. Also all the guard may allocate. */
  static final long OVERHEAD_BYTES = 16L * 1024 * 1024;
  static final long DECODER_MAX_BYTES = DECODER_BYTES_PER_ALLOWED_PIXEL * Targets.MAX_PIXELS + OVERHEAD_BYTES;
  static final long THUMBNAILER_MAX_BYTES = THUMBNAILER_BYTES_PER_ALLOWED_PIXEL * Targets.MAX_PIXELS + OVERHEAD_BYTES;
  /**
   * Mean absolute difference per channel (0..255) two correct decodes of the same JPEG stay within.
   * Chroma is replicated here and triangle-filtered by libjpeg: on the generated seeds the difference
   * is 0.0-2.4, and 4.4 on the smallest (16x16 4:2:0, hard edges); a wrong IDCT, colour transform or
   * block order is tens of levels off.
   */
  static final double PIXEL_TOLERANCE = 5.0;

  /** The properties an input can break. */
  enum Oracle {
    /** The Thumbnailer threw something other than ImageRejectedException. */
    CRASH,
    /** A call allocated more than its budget. */
    ALLOCATION,
    /** A call overran {@link #TIME_LIMIT}. */
    TIME,
    /** The Thumbnailer accepted a source declaring more than the pixel limit. */
    OVER_LIMIT,
    /** The guard or our decoder threw outside its contract (our decoder: a RuntimeException the Thumbnailer only survives by falling back). */
    CONTRACT,
    /** Our decoder decoded a frame of another size than the guard measured: the guard checked the wrong frame. */
    GUARD_MISMATCH,
    /** Both decoders decoded, to different sizes. */
    DIMENSIONS,
    /** Both decoders decoded an input whose pixel data no mutation touched, to different pixels. */
    PIXELS
  }

  /**
   * Something that must not happen.
   *
   * @param signature what identifies the bug rather than the input (the oracle, and an exception's
   *     type and the method that threw it), for grouping findings
   */
  record Finding(Oracle oracle, String signature, String detail) {
    @Override
    public String toString() {
      return signature + ": " + detail;
    }
  }

  /** What the differential concluded: a class of outcome for the report, and what it broke. */
  record Comparison(String agreement, List<Finding> failures) {
    /** The first failure of one of {@code oracles}, if any. */
    Optional<Finding> first(Set<Oracle> oracles) {
      return failures.stream().filter(f -> oracles.contains(f.oracle())).findFirst();
    }
  }

  private Oracles() {}

  /** The pipeline on {@code data}: succeeds or refuses, within the time and allocation budgets. */
  static Optional<Finding> safety(byte[] data, int largest) {
    return safety(Budget.run(() -> Targets.thumbnails(data, largest), TIME_LIMIT));
  }

  /** The safety oracle on a Thumbnailer call already made. */
  static Optional<Finding> safety(Outcome<ThumbnailSet> o) {
    String outcome = o.thrown() instanceof ImageRejectedException r ? "refused " + r.reason() : o.succeeded() ? "created" : "";
    if (o.timedOut()) {
      return finding(Oracle.TIME, "", "the Thumbnailer did not finish within " + TIME_LIMIT.toSeconds() + " s");
    }
    if (o.thrown() != null && !(o.thrown() instanceof ImageRejectedException)) {
      return finding(Oracle.CRASH, where(o.thrown()), "the Thumbnailer threw " + o.thrown()
          + " (allocated " + mb(o.allocatedBytes()) + ")" + stack(o.thrown()));
    }
    if (o.allocatedBytes() > THUMBNAILER_MAX_BYTES) {
      return finding(Oracle.ALLOCATION, outcome, "the Thumbnailer allocated " + mb(o.allocatedBytes())
          + ", over the " + mb(THUMBNAILER_MAX_BYTES) + " budget for a " + Targets.MAX_PIXELS + "-pixel limit, and "
          + outcome + (o.thrown() != null ? ": " + o.thrown().getMessage() : ""));
    }
    if (o.elapsedNanos() > TIME_LIMIT.toNanos()) {
      return finding(Oracle.TIME, outcome, "the Thumbnailer took " + o.elapsedMillis() + " ms and " + outcome);
    }
    if (o.succeeded()) {
      SourceImage source = o.value().source();
      long pixels = (long) source.width() * source.height();
      if (pixels > Targets.MAX_PIXELS) {
        return finding(Oracle.OVER_LIMIT, "", "the Thumbnailer accepted a " + source.width() + "x" + source.height()
            + " source, over the " + Targets.MAX_PIXELS + "-pixel limit");
      }
    }
    return Optional.empty();
  }

  /**
   * The guard, our decoder and (with {@code withReference}) ImageIO's reader on one JPEG. An
   * exception outside our decoder's contract is a CONTRACT failure and otherwise counts as a refusal,
   * so the other oracles still get their say.
   *
   * @param pixelsComparable true when no mutation touched what the pixels are made of and both
   *     decoders agree on the unmutated seed: then the pixels must agree too
   */
  static Comparison differential(byte[] data, boolean pixelsComparable, boolean withReference) {
    Outcome<ImageHeader> guard = Budget.run(() -> Targets.header(data), TIME_LIMIT);
    List<Finding> failures = new ArrayList<>();
    checkCall("the guard (HeaderReader)", guard, false, OVERHEAD_BYTES, failures);
    if (!failures.isEmpty()) {
      return new Comparison("the guard failed", failures);
    }
    if (guard.thrown() != null) {
      return new Comparison("the guard refuses: " + ((ImageRejectedException) guard.thrown()).reason(), failures);
    }
    ImageHeader header = guard.value();
    if (header.totalPixels() > Targets.MAX_PIXELS) {
      return new Comparison("the guard refuses: over the pixel limit", failures);
    }
    String measured = " (the guard measured " + header.width() + "x" + header.height() + ")";

    Outcome<Pixels> ours = Budget.run(() -> Targets.ourJpeg(data), TIME_LIMIT);
    checkCall("our decoder (JpegDecoder)", ours, true, DECODER_MAX_BYTES, failures);
    failures.replaceAll(f -> new Finding(f.oracle(), f.signature(), f.detail() + measured));
    boolean oursDecoded = ours.succeeded() && ours.value() != null;
    if (oursDecoded && (ours.value().width() != header.width() || ours.value().height() != header.height())) {
      failures.add(new Finding(Oracle.GUARD_MISMATCH, "GUARD_MISMATCH", "the guard measured " + header.width() + "x"
          + header.height() + " but our decoder decoded " + ours.value().width() + "x" + ours.value().height()));
    }
    if (!withReference) {
      return new Comparison("not compared with ImageIO", failures);
    }

    Outcome<BufferedImage> ref = Budget.run(() -> Targets.referenceJpeg(data), TIME_LIMIT);
    boolean refDecoded = ref.succeeded() && ref.value() != null;
    if (!oursDecoded) {
      Throwable t = ours.thrown();
      String why = t instanceof ImageRejectedException r ? "we refuse " + r.reason()
          : Targets.isFallback(t) ? "we fall back to ImageIO (" + t.getClass().getSimpleName() + ")"
          : "our decoder fails (" + (t == null ? "timed out" : t.getClass().getSimpleName()) + ")";
      return new Comparison(why + ", ImageIO " + (refDecoded ? "decodes" : "refuses"), failures);
    }
    if (!refDecoded) {
      return new Comparison("we decode, ImageIO refuses" + (ref.timedOut() ? " (timed out)" : ""), failures);
    }
    Pixels mine = ours.value();
    BufferedImage theirs = ref.value();
    if (mine.width() != theirs.getWidth() || mine.height() != theirs.getHeight()) {
      failures.add(new Finding(Oracle.DIMENSIONS, "DIMENSIONS", "we decoded " + mine.width() + "x" + mine.height()
          + ", ImageIO " + theirs.getWidth() + "x" + theirs.getHeight() + measured));
      return new Comparison("both decode, sizes differ", failures);
    }
    double difference = meanDifference(mine, theirs);
    if (difference <= PIXEL_TOLERANCE) {
      return new Comparison("both decode, same pixels", failures);
    }
    if (pixelsComparable) {
      failures.add(new Finding(Oracle.PIXELS, "PIXELS", String.format(
          "mean difference %.2f per channel, over the %.1f tolerance, though no pixel data was mutated", difference,
          PIXEL_TOLERANCE)));
      return new Comparison("both decode, pixels differ", failures);
    }
    return new Comparison("both decode, pixels differ (mutated data, concealed differently)", failures);
  }

  /** Time, exception contract and allocation of one call to our code: adds what it broke to {@code failures}. */
  private static void checkCall(String who, Outcome<?> o, boolean decoder, long maxBytes, List<Finding> failures) {
    if (o.timedOut()) {
      failures.add(new Finding(Oracle.TIME, "TIME " + who, who + " did not finish within " + TIME_LIMIT.toSeconds() + " s"));
      return;
    }
    Throwable t = o.thrown();
    if (t != null && !(t instanceof ImageRejectedException) && !(decoder && Targets.isFallback(t))) {
      failures.add(new Finding(Oracle.CONTRACT, "CONTRACT " + where(t), who + " threw " + t + " (allocated "
          + mb(o.allocatedBytes()) + ")" + stack(t)));
    }
    if (o.allocatedBytes() > maxBytes) {
      failures.add(new Finding(Oracle.ALLOCATION, "ALLOCATION " + who, who + " allocated " + mb(o.allocatedBytes())
          + ", over the " + mb(maxBytes) + " budget, and " + (t == null ? "succeeded" : "threw " + t)));
    }
    if (o.elapsedNanos() > TIME_LIMIT.toNanos()) {
      failures.add(new Finding(Oracle.TIME, "TIME " + who, who + " took " + o.elapsedMillis() + " ms"));
    }
  }

  /** Mean absolute difference per channel; a one-band (gray) reference is compared on its samples, not through its colour space. */
  static double meanDifference(Pixels mine, BufferedImage theirs) {
    Raster raster = theirs.getRaster();
    boolean gray = raster.getNumBands() == 1;
    long sum = 0;
    for (int y = 0; y < mine.height(); y++) {
      for (int x = 0; x < mine.width(); x++) {
        int a = mine.argb(x, y);
        int b;
        if (gray) {
          int v = raster.getSample(x, y, 0);
          b = v << 16 | v << 8 | v;
        } else {
          b = theirs.getRGB(x, y);
        }
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs((a >> shift & 0xFF) - (b >> shift & 0xFF));
        }
      }
    }
    return sum / (3.0 * mine.width() * mine.height());
  }

  /** The exception type and the first frame in our code (or the first frame at all): stable across inputs. */
  static String where(Throwable t) {
    StackTraceElement first = null;
    for (StackTraceElement e : t.getStackTrace()) {
      if (first == null) {
        first = e;
      }
      if (e.getClassName().startsWith("dev.eventpipeline.thumbnail.domain")) {
        first = e;
        break;
      }
    }
    String at = first == null ? "" : "@" + first.getClassName().substring(first.getClassName().lastIndexOf('.') + 1)
        + "." + first.getMethodName();
    return t.getClass().getSimpleName() + at;
  }

  private static String stack(Throwable t) {
    StringBuilder s = new StringBuilder();
    StackTraceElement[] frames = t.getStackTrace();
    for (int i = 0; i < Math.min(6, frames.length); i++) {
      s.append("\n      at ").append(frames[i]);
    }
    return s.toString();
  }

  private static Optional<Finding> finding(Oracle oracle, String what, String detail) {
    return Optional.of(new Finding(oracle, (oracle + " " + what).trim(), detail));
  }

  static String mb(long bytes) {
    return String.format("%.1f MB", bytes / (1024.0 * 1024));
  }
}
