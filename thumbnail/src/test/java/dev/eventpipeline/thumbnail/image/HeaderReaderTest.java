package dev.eventpipeline.thumbnail.image;

import static dev.eventpipeline.thumbnail.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderReaderTest {

  @Test
  void readsTheDeclaredSizeOfAPixelFloodJpegWithoutDecoding() {
    ImageHeader header = HeaderReader.read(resource("fuzzdb_lottapixel.jpg"));

    assertThat(header.width()).isEqualTo(64250);
    assertThat(header.height()).isEqualTo(64250);
    assertThat(header.totalPixels()).isEqualTo(64250L * 64250L);
  }

  @Test
  void refusesTheLottapixelBombAllocatingLessThan20Megabytes() {
    byte[] bomb = resource("fuzzdb_lottapixel.jpg");
    Thumbnailer thumbnailer = new Thumbnailer(ThumbnailSettings.defaults());
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();

    assertThatThrownBy(() -> thumbnailer.create(bomb))
        .isInstanceOfSatisfying(ImageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS));

    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).isLessThan(20L * 1024 * 1024);
  }

  @Test
  void enlargesAGifCanvasToAFirstFrameOutsideTheScreenLikeBrowsers() {
    // 32x32 screen, 65535x1321 frame at y=65280.
    ImageHeader header = HeaderReader.read(resource("pillow_decompression_bomb.gif"));

    assertThat(header.width()).isEqualTo(65535);
    assertThat(header.height()).isEqualTo(65280 + 1321);
  }

  @Test
  void countsTiffPagesAndGifFrames() {
    assertThat(HeaderReader.read(resource("pillow_multipage.tiff")).frames()).isEqualTo(3);
    assertThat(HeaderReader.read(dev.eventpipeline.thumbnail.TestImages.gifFrameBomb(500)).frames()).isEqualTo(500);
  }

  @Test
  void sumsThePixelsOfEveryFrameOfAnApngAndAnAnimatedWebp() {
    // Pillow's iss634 animation, 245x245: the first frame covers the canvas, the others are partial
    // updates. Expected sums were added up from the fcTL and ANMF chunks by a separate script.
    ImageHeader apng = HeaderReader.read(resource("pillow_iss634_animated.apng"));
    ImageHeader webp = HeaderReader.read(resource("pillow_iss634_animated.webp"));

    assertThat(apng.format()).isEqualTo(ImageFormat.PNG);
    assertThat(apng.frames()).isEqualTo(41);
    assertThat(apng.totalPixels()).isEqualTo(1_035_211L);
    assertThat(webp.format()).isEqualTo(ImageFormat.WEBP);
    assertThat(webp.frames()).isEqualTo(42);
    assertThat(webp.totalPixels()).isEqualTo(1_138_737L);
    assertThat(List.of(apng.width(), apng.height(), webp.width(), webp.height())).containsOnly(245);
  }

  @Test
  void sumsThePixelsOfEveryPageOfAMultipageTiff() {
    // Pages of 10x10, 10x10 and 20x20; the first page's size is the image's.
    ImageHeader tiff = HeaderReader.read(resource("pillow_multipage.tiff"));

    assertThat(tiff.totalPixels()).isEqualTo(100 + 100 + 400);
    assertThat(tiff.width()).isEqualTo(10);
  }

  @Test
  void refusesAnAnimationWhoseFramesTogetherExceedTheCap() {
    // Each frame is 60,025 pixels; 41 frames make 1,035,211.
    Thumbnailer strict = new Thumbnailer(new ThumbnailSettings(List.of(128), 50_000_000, 1_000_000, 82,
        ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES));

    assertThatThrownBy(() -> strict.create(resource("pillow_iss634_animated.apng")))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS);
          assertThat(e.detail()).contains("over 41 frames = 1035211 pixels");
        });
  }

  @Test
  void readsOrientationFromJpegExifAndWebpExif() {
    assertThat(HeaderReader.read(resource("pillow_hopper_orientation_6.jpg")).orientation()).isEqualTo(6);
    assertThat(HeaderReader.read(resource("pillow_hopper_orientation_3.webp")).orientation()).isEqualTo(3);
    assertThat(HeaderReader.read(resource("recurser_Landscape_0_small.jpg")).orientation()).isEqualTo(1);
  }

  @Test
  void namesWhatANonImageLooksLike() {
    assertThatThrownBy(() -> HeaderReader.read("<!DOCTYPE html><html>".getBytes()))
        .hasMessageContaining("HTML");
    assertThatThrownBy(() -> HeaderReader.read("%PDF-1.7".getBytes()))
        .hasMessageContaining("PDF");
  }
}
