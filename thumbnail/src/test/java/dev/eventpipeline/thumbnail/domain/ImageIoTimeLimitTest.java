package dev.eventpipeline.thumbnail.domain;

import dev.eventpipeline.thumbnail.image.ImageFormat;
import dev.eventpipeline.thumbnail.image.FailureReason;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.settings.ThumbnailSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * (d) The time limit of a decode through ImageIO: legal images that take far longer than a tiny limit
 * are refused with the time-limit detail whatever the reader (measured here, warm, on 2 shared cores:
 * these decodes take 100-480 ms unbounded and are refused 20-45 ms after a 20 ms limit; the 34-byte
 * lossless WebP below takes 5.5-14 s unbounded). Times and allocations are reported at the end.
 */
class ImageIoTimeLimitTest {
  private static final Duration LIMIT = Duration.ofMillis(20);
  private static final Thumbnailer QUICK = new Thumbnailer(ThumbnailSettings.defaults(), LIMIT);

  @BeforeAll
  static void warmUp() {
    Thumbnailer thumbnailer = new Thumbnailer(ThumbnailSettings.defaults());
    for (byte[] image : new byte[][] {CraftedImages.png(8, 8, 2, 8), CraftedImages.gif(8, 8), CraftedImages.bmpRle8(8, 8),
        CraftedImages.tiffDeflate(8, 8), CraftedImages.webpLossless(8, 8, true), CraftedImages.cmykJpeg(8, 8)}) {
      thumbnailer.create(image);
    }
  }

  @AfterAll
  static void report() {
    ImageIoLimitsTest.printReport("d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"PNG", "GIF", "BMP", "TIFF", "WEBP", "JPEG"})
  void aLegalImageThatTakesLongerThanTheLimitIsRefused(ImageFormat format) {
    byte[] image = switch (format) {
      case PNG -> CraftedImages.png(4000, 4000, 2, 8);
      case GIF -> CraftedImages.gif(3000, 3000);
      case BMP -> CraftedImages.bmpRle8(10_000, 10_000); // 100 M pixels, subsampled on load
      case TIFF -> CraftedImages.tiffDeflate(8000, 8000);
      case WEBP -> CraftedImages.webpLossless(3000, 3000, true);
      case JPEG -> CraftedImages.cmykJpeg(2000, 2000);
    };

    ImageIoLimitsTest.Outcome outcome = ImageIoLimitsTest.refuse("d: " + format + " with a 20 ms limit", QUICK, image);

    assertThat(outcome.refusal().reason()).isEqualTo(FailureReason.RESOURCE_LIMIT);
    assertThat(outcome.refusal().detail()).isEqualTo("decoding took longer than 0.02 s");
  }

  @Test
  void aWebpThatCostsSecondsPerMegapixelIsStoppedAtTheLimit() {
    // 34 bytes declaring 1000x1000: TwelveMonkeys reads past the end for every pixel (5.5-14 s here),
    // and checks abort() only once it has finished; the input failing its reads stops it
    byte[] webp = CraftedImages.webpLossless(1000, 1000, false);
    Thumbnailer thumbnailer = new Thumbnailer(ThumbnailSettings.defaults(), Duration.ofMillis(50));
    long start = System.nanoTime();

    ImageIoLimitsTest.Outcome outcome = ImageIoLimitsTest.refuse("d: WebP 1000x1000 in 34 bytes, 50 ms limit", thumbnailer, webp);

    assertThat(outcome.refusal().detail()).isEqualTo("decoding took longer than 0.05 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aCmykJpegWhoseDataEndsEarlyIsStoppedAtTheLimit() {
    // 10000x10000 declared, 64x64 of data: libjpeg makes up the rest without reading its input, and the
    // JDK's JPEG reader refuses abort() from the timer thread; the abort from its own progress reports stops it
    byte[] jpeg = CraftedImages.withJpegSize(CraftedImages.cmykJpeg(64, 64), 10_000, 10_000);

    ImageIoLimitsTest.Outcome outcome = ImageIoLimitsTest.refuse("d: CMYK JPEG 10000x10000 with 64x64 of data", QUICK, jpeg);

    assertThat(outcome.refusal().detail()).isEqualTo("decoding took longer than 0.02 s");
  }
}
