package dev.eventpipeline.thumbnail.domain;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.ImageFormat;
import dev.eventpipeline.thumbnail.image.FailureReason;
import static dev.eventpipeline.thumbnail.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.settings.ThumbnailSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The limits where ImageIO allocates and the time it may take (issue 15, item 2), for every format
 * that is decoded through ImageIO: PNG, GIF, BMP, WebP, TIFF, and JPEG our decoder leaves to it
 * (CMYK). Every file is generated here. Each refusal must be an {@link ImageRejectedException}, and a
 * refusal made before decoding must allocate little on the calling thread (ThreadMXBean: an upper
 * bound on what the image could have taken of the heap). Allocations and times are reported at the end.
 */
class ImageIoLimitsTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  /** What a refusal made before any pixel buffer exists may allocate. */
  private static final long BEFORE_DECODING = 16L * 1024 * 1024;
  private static final Map<String, String> REPORT = new ConcurrentSkipListMap<>();

  private static final Thumbnailer DEFAULTS = new Thumbnailer(ThumbnailSettings.defaults());
  /** The header's pixel guard wide open: what is refused is refused by the decoder's own checks. */
  private static final Thumbnailer NO_HEADER_GUARD = new Thumbnailer(new ThumbnailSettings(ThumbnailSettings.DEFAULT_SIZES,
      ThumbnailSettings.DEFAULT_MAX_SOURCE_BYTES, Long.MAX_VALUE, 82, ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES));

  @BeforeAll
  static void warmUp() {
    // class loading and ImageIO's plugin scan happen once per JVM: keep them out of the measurements
    for (byte[] image : List.of(CraftedImages.png(8, 8, 2, 8), CraftedImages.gif(8, 8), CraftedImages.bmpRle8(8, 8),
        CraftedImages.tiffDeflate(8, 8), CraftedImages.webpLossless(8, 8, true), CraftedImages.cmykJpeg(8, 8),
        resource("pillow_hopper.webp"))) {
      DEFAULTS.create(image);
    }
  }

  @AfterAll
  static void report() {
    printReport("a", "b", "c", "e");
  }

  /** Prints what the named parts measured: bytes allocated on the calling thread, time, outcome. */
  static void printReport(String... parts) {
    System.out.println("ImageIO limits (" + String.join(", ", parts) + "): allocated on the calling thread, time, outcome");
    REPORT.forEach((name, line) -> {
      if (Arrays.stream(parts).anyMatch(p -> name.startsWith(p + ":"))) {
        System.out.printf("  %-64s %s%n", name, line);
      }
    });
  }

  // ---- (a) the reader's frame against the header and the limits, before it allocates ----

  @ParameterizedTest
  @CsvSource({
    "65535, TOO_MANY_PIXELS, 'GIF frame declares 65535x65535 pixels, over the 100000000-pixel limit'",
    "8000, CORRUPT, GIF decoder reads a 8000x8000 frame where the header declares 1x1",
  })
  void aGifWhoseReaderFindsAnotherFirstFrameIsRefusedBeforeDecoding(int size, FailureReason reason, String detail) {
    Outcome outcome = refuse("a: GIF, hidden " + size + "x" + size + " frame", DEFAULTS, CraftedImages.gifWithHiddenFrame(size, size));

    assertThat(outcome.refusal().reason()).isEqualTo(reason);
    assertThat(outcome.refusal().detail()).isEqualTo(detail);
    assertThat(outcome.allocated()).isLessThan(BEFORE_DECODING);
  }

  @ParameterizedTest
  @CsvSource({"16, 100000", "100000, 16"})
  void aTiffWithTwoImageWidthsIsRefusedBeforeDecoding(int first, int second) {
    // the guard keeps the last ImageWidth, TwelveMonkeys the first: they must agree on the frame
    byte[] tiff = new CraftedImages.Tiff().entry(256, 4, 1, first).entry(256, 4, 1, second).entry(257, 4, 1, 16)
        .entry(258, 3, 1, 8).entry(259, 3, 1, 1).entry(262, 3, 1, 1).entry(273, 4, 1, -1).entry(277, 3, 1, 1)
        .entry(278, 4, 1, 16).entry(279, 4, 1, 256).build(new byte[256]);

    Outcome outcome = refuse("a: TIFF, ImageWidth " + first + " then " + second, DEFAULTS, tiff);

    assertThat(outcome.refusal().reason()).isEqualTo(FailureReason.CORRUPT);
    assertThat(outcome.refusal().detail()).startsWith("TIFF decoder reads a " + first + "x16 frame where the header declares "
        + second + "x16");
    assertThat(outcome.allocated()).isLessThan(BEFORE_DECODING);
  }

  @Test
  void aPngWithinThePixelLimitWhoseRowsAloneExceedTheByteLimitIsRefusedBeforeDecoding() {
    // 50 M pixels pass the pixel guard; the PNG reader's full-width rows of 16-bit RGBA are 400 MB each
    Outcome outcome = refuse("a: PNG, 50000000x1 16-bit RGBA", DEFAULTS, CraftedImages.pngDeclaring(50_000_000, 1, 6, 16));

    assertThat(outcome.refusal().reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS);
    assertThat(outcome.refusal().detail()).startsWith("PNG decode would allocate about ")
        .endsWith("over the 536870912-byte limit");
    assertThat(outcome.allocated()).isLessThan(BEFORE_DECODING);
  }

  @Test
  void aBmpEmbeddingALargerPngIsRefusedBeforeDecoding() {
    byte[] png = CraftedImages.png(20_000, 20_000, 0, 1);

    Outcome outcome = refuse("a: BMP 100x100 embedding a 20000x20000 PNG", DEFAULTS,
        CraftedImages.bmpEmbeddingPng(100, 100, png, png.length));

    assertThat(outcome.refusal().reason()).isEqualTo(FailureReason.CORRUPT);
    assertThat(outcome.refusal().detail()).isEqualTo("BMP declares a 100x100 PNG image but embeds a 20000x20000 PNG image");
    assertThat(outcome.allocated()).isLessThan(BEFORE_DECODING);
  }

  @Test
  void aBmpEmbeddingABmpIsCorruptWithoutRecursing() {
    byte[] inner = CraftedImages.bmpRle8(100, 100);
    byte[] bmp = inner;
    for (int depth = 0; depth < 2000; depth++) {
      bmp = CraftedImages.bmpEmbeddingPng(100, 100, bmp, bmp.length); // declared PNG, holds a BMP
    }

    Outcome outcome = refuse("a: BMP embedding a BMP 2000 deep", DEFAULTS, bmp);

    assertThat(outcome.refusal().reason()).isEqualTo(FailureReason.CORRUPT);
    assertThat(outcome.refusal().detail()).isEqualTo("BMP's embedded PNG image is unreadable: it is a BMP");
  }

  @Test
  void aBmpEmbeddingAPngOfItsOwnSizeIsDecoded() {
    byte[] png = CraftedImages.png(100, 100, 2, 8);

    assertThat(DEFAULTS.create(CraftedImages.bmpEmbeddingPng(100, 100, png, png.length)).source().width()).isEqualTo(100);
  }

  @ParameterizedTest
  @CsvSource({
    // the JDK's reader allocates the declared size before reading: 2 GB (an OutOfMemoryError before), or a negative size
    "PNG, 2147483632",
    "RLE8, 4294967280",
  })
  void aBmpDeclaringMoreCompressedDataThanItHoldsIsRefusedBeforeDecoding(String kind, long declared) {
    byte[] bmp = kind.equals("PNG")
        ? CraftedImages.bmpEmbeddingPng(100, 100, CraftedImages.png(100, 100, 2, 8), declared)
        : CraftedImages.withBmpImageSize(CraftedImages.bmpRle8(100, 100), declared);

    Outcome outcome = refuse("a: BMP " + kind + " declaring " + declared + " bytes of data", DEFAULTS, bmp);

    assertThat(outcome.refusal().reason()).isEqualTo(FailureReason.CORRUPT);
    assertThat(outcome.refusal().detail()).startsWith("BMP declares " + declared + " bytes of compressed pixel data");
    assertThat(outcome.allocated()).isLessThan(BEFORE_DECODING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"lossless canvas", "lossy canvas", "lossless frame"})
  void aWebpWhoseImageDataIsLargerThanItsCanvasOrFrameIsRefusedBeforeDecoding(String kind) {
    // TwelveMonkeys decodes a lossy bitstream at its own size whatever the canvas (16383x16383: 113 MB
    // allocated before); the guard counts the canvas or the frame, so they must agree
    byte[] lossless = CraftedImages.firstChunk(CraftedImages.webpLossless(16_384, 16_384, false));
    byte[] lossy = CraftedImages.withVp8Size(CraftedImages.firstChunk(resource("pillow_hopper.webp")), 16_383, 16_383);
    byte[] webp = switch (kind) {
      case "lossless canvas" -> CraftedImages.webpExtended(16, 16, lossless);
      case "lossy canvas" -> CraftedImages.webpExtended(16, 16, lossy);
      default -> CraftedImages.webpAnimated(1, 1, lossless);
    };

    Outcome outcome = refuse("a: WebP, " + kind + " 16x16 or 1x1 around 16384x16384 data", DEFAULTS, webp);

    assertThat(outcome.refusal().reason()).isEqualTo(FailureReason.CORRUPT);
    assertThat(outcome.refusal().detail()).contains("but its image data is 1638");
    assertThat(outcome.allocated()).isLessThan(BEFORE_DECODING);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PNG", "GIF", "BMP", "TIFF", "WEBP", "JPEG"})
  void theByteLimitRefusesADecodeBeforeItStarts(ImageFormat format) {
    byte[] image = switch (format) {
      case PNG -> CraftedImages.png(2000, 2000, 2, 8);
      case GIF -> CraftedImages.gif(2000, 2000);
      case BMP -> CraftedImages.bmpRle8(2000, 2000);
      case TIFF -> CraftedImages.tiffDeflate(2000, 2000);
      case WEBP -> CraftedImages.webpLossless(2000, 2000, true);
      case JPEG -> CraftedImages.cmykJpeg(2000, 2000); // 4 components: left to ImageIO
    };
    Thumbnailer limited = new Thumbnailer(new ThumbnailSettings(ThumbnailSettings.DEFAULT_SIZES,
        ThumbnailSettings.DEFAULT_MAX_SOURCE_BYTES, ThumbnailSettings.DEFAULT_MAX_SOURCE_PIXELS, 82, 8_000_000));

    Outcome outcome = refuse("a: " + format + " 2000x2000 over an 8 MB decode limit", limited, image);

    assertThat(outcome.refusal().reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS);
    assertThat(outcome.refusal().detail()).startsWith(format + " decode would allocate about ").contains("2000x2000 pixels")
        .endsWith("over the 8000000-byte limit");
    assertThat(outcome.allocated()).isLessThan(BEFORE_DECODING);
    assertThat(DEFAULTS.create(image).source().width()).isEqualTo(2000); // and within the default limit it is decoded
  }

  // ---- (b) sizes near 2^31: long arithmetic, never a negative array size ----

  @ParameterizedTest
  @CsvSource({
    "PNG, 2147483647, 2147483647, TOO_MANY_PIXELS",
    "PNG, 46341, 46341, TOO_MANY_PIXELS", // 2^31 + 4633 pixels: overflows an int
    "PNG, 2147483647, 1, TOO_MANY_PIXELS",
    "GIF, 65535, 65535, TOO_MANY_PIXELS",
    "TIFF, 2147483647, 2147483647, TOO_MANY_PIXELS",
    "TIFF, 46341, 46341, TOO_MANY_PIXELS",
    "WEBP, 16384, 16384, TOO_MANY_PIXELS",
    "JPEG, 65500, 65500, TOO_MANY_PIXELS",
    // the JDK's BMP reader refuses these headers itself, before the decoder can look at them
    "BMP, 2147483647, 2147483647, CORRUPT",
    "BMP, 46341, 46341, CORRUPT",
  })
  void hugeDimensionsAreRefusedByTheGuardAndByTheDecoderAlone(ImageFormat format, int width, int height,
      FailureReason decoderReason) {
    byte[] image = switch (format) {
      case PNG -> CraftedImages.pngDeclaring(width, height, 2, 8);
      case GIF -> CraftedImages.gifDeclaring(width, height);
      case BMP -> CraftedImages.bmp24(width, height, 4);
      case TIFF -> CraftedImages.Tiff.gray(width, height, 1, 256).build(new byte[256]);
      case WEBP -> CraftedImages.webpLossless(width, height, false);
      case JPEG -> CraftedImages.withJpegSize(CraftedImages.cmykJpeg(64, 64), width, height);
    };
    String name = "b: " + format + " " + width + "x" + height;

    Outcome guarded = refuse(name + ", default limits", DEFAULTS, image);
    Outcome unguarded = refuse(name + ", no header guard", NO_HEADER_GUARD, image);

    assertThat(guarded.refusal().reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS);
    assertThat(unguarded.refusal().reason()).as(unguarded.refusal().detail()).isEqualTo(decoderReason);
    for (Outcome outcome : List.of(guarded, unguarded)) {
      assertThat(outcome.allocated()).isLessThan(BEFORE_DECODING);
      for (Throwable t = outcome.refusal(); t != null; t = t.getCause()) {
        assertThat(t).isNotInstanceOfAny(NegativeArraySizeException.class, ArithmeticException.class, OutOfMemoryError.class);
      }
    }
  }

  // ---- (c) pixel data far shorter than declared ----

  @ParameterizedTest
  @ValueSource(strings = {"BMP 24-bit", "BMP RLE8", "TIFF uncompressed", "TIFF deflate", "PNG", "GIF", "WEBP"})
  void pixelDataFarShorterThanDeclaredIsCorruptOrAThumbnailNeverAnotherException(String kind) {
    byte[] image = switch (kind) {
      case "BMP 24-bit" -> CraftedImages.bmp24(4000, 4000, 10);
      case "BMP RLE8" -> half(CraftedImages.bmpRle8(4000, 4000));
      case "TIFF uncompressed" -> CraftedImages.Tiff.gray(4000, 4000, 1, 16_000_000).build(new byte[256]);
      case "TIFF deflate" -> half(CraftedImages.tiffDeflate(4000, 4000));
      case "PNG" -> half(CraftedImages.png(4000, 4000, 2, 8));
      case "GIF" -> half(CraftedImages.gif(2000, 2000));
      default -> half(CraftedImages.webpLossless(2000, 2000, true));
    };

    long before = THREADS.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    String outcome;
    try {
      ThumbnailSet set = DEFAULTS.create(image);
      outcome = "thumbnail " + set.source().width() + "x" + set.source().height();
    } catch (ImageRejectedException e) {
      assertThat(e.reason()).as(e.detail()).isEqualTo(FailureReason.CORRUPT);
      outcome = e.reason() + " " + e.detail();
    }
    record("c: " + kind + ", pixel data cut short", THREADS.getCurrentThreadAllocatedBytes() - before,
        System.nanoTime() - start, outcome);
  }

  // ---- (e) JPEG our decoder leaves to ImageIO ----

  @Test
  void aCmykJpegWithTwoFrameHeadersIsRefusedBeforeDecoding() {
    // an 8000x8000 frame header ahead of the real 64x64 one: the guard and the reader must not disagree silently
    byte[] jpeg = CraftedImages.cmykJpeg(64, 64);
    byte[] sof = null;
    for (int i = 2; sof == null; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
        sof = Arrays.copyOfRange(jpeg, i, i + 2 + ((jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF)));
      }
    }
    byte[] big = CraftedImages.withJpegSize(sof, 8000, 8000);
    byte[] twoFrames = new byte[jpeg.length + big.length];
    System.arraycopy(jpeg, 0, twoFrames, 0, 2);
    System.arraycopy(big, 0, twoFrames, 2, big.length);
    System.arraycopy(jpeg, 2, twoFrames, 2 + big.length, jpeg.length - 2);

    Outcome outcome = refuse("e: CMYK JPEG, 8000x8000 SOF ahead of a 64x64 one", DEFAULTS, twoFrames);

    assertThat(outcome.refusal().reason()).isIn(FailureReason.CORRUPT, FailureReason.TOO_MANY_PIXELS);
    assertThat(outcome.allocated()).isLessThan(BEFORE_DECODING);
  }

  @Test
  void aCmykJpegIsDecodedThroughImageIoWithinTheLimits() {
    ThumbnailSet set = DEFAULTS.create(CraftedImages.cmykJpeg(600, 400));

    assertThat(set.source().format()).isEqualTo(ImageFormat.JPEG);
    assertThat(set.thumbnails()).extracting(t -> t.width() + "x" + t.height()).containsExactly("128x85", "256x171", "512x341");
  }

  @Test
  void maxDecodeBytesMustBePositive() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ThumbnailSettings(List.of(128), 1, 1, 82, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTimeLimitIsReportedInSeconds() {
    assertThat(ImageRejectedException.overDecodeTime(Duration.ofSeconds(10), null).detail())
        .isEqualTo("decoding took longer than 10 s");
    assertThat(ImageRejectedException.overDecodeTime(Duration.ofMillis(20), null).detail())
        .isEqualTo("decoding took longer than 0.02 s");
  }

  // ---- helpers ----

  record Outcome(ImageRejectedException refusal, long allocated) {}

  /** Runs the image through the pipeline, which must refuse it; records what that cost. */
  static Outcome refuse(String name, Thumbnailer thumbnailer, byte[] image) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    Throwable thrown = null;
    try {
      thumbnailer.create(image);
    } catch (Throwable e) {
      thrown = e;
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    record(name, allocated, System.nanoTime() - start, thrown == null ? "created" : thrown instanceof ImageRejectedException r
        ? r.reason() + " " + r.detail() : "ESCAPED " + thrown);
    assertThat(thrown).as(name).isInstanceOf(ImageRejectedException.class);
    return new Outcome((ImageRejectedException) thrown, allocated);
  }

  static void record(String name, long allocated, long nanos, String outcome) {
    REPORT.put(name, String.format("%8.1f MB %8.1f ms  %s", allocated / 1e6, nanos / 1e6,
        outcome.length() > 140 ? outcome.substring(0, 140) + "..." : outcome));
  }

  private static byte[] half(byte[] image) {
    return Arrays.copyOf(image, image.length / 2);
  }
}
