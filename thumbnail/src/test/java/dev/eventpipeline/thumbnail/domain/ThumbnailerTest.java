package dev.eventpipeline.thumbnail.domain;

import static dev.eventpipeline.thumbnail.TestImages.decode;
import static dev.eventpipeline.thumbnail.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.thumbnail.TestImages;
import java.awt.Color;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ThumbnailerTest {
  private final Thumbnailer thumbnailer = new Thumbnailer(ThumbnailSettings.defaults());

  private static Thumbnailer sized(int... sizes) {
    return new Thumbnailer(ThumbnailSettings.defaults().withSizes(Arrays.stream(sizes).boxed().toList()));
  }

  // ---- formats ----

  @ParameterizedTest
  @CsvSource({
    "libjpeg-turbo_testorig.jpg, JPEG, 227, 149, 1",
    "pillow_hopper.jpg, JPEG, 128, 128, 1",
    "fuzzdb_POC_phpinfo-metadata_progressive.jpg, JPEG, 640, 356, 1",
    "pillow_pil_sample_cmyk.jpg, JPEG, 100, 100, 1",
    "pillow_hopper.png, PNG, 128, 128, 1",
    "pillow_mode_16bit_rgba.png, PNG, 128, 64, 2",
    "pillow_transparent_rgba.png, PNG, 200, 150, 1",
    "pillow_hopper.gif, GIF, 128, 128, 1",
    "pillow_transparent.gif, GIF, 200, 150, 1",
    "pillow_hopper.bmp, BMP, 128, 128, 1",
    "pillow_hopper.webp, WEBP, 128, 128, 1",
    "pillow_transparent.webp, WEBP, 200, 150, 1",
    "pillow_hopper.tif, TIFF, 128, 128, 1",
    "pillow_multipage.tiff, TIFF, 10, 10, 3",
  })
  void thumbnailsEverySupportedFormat(String file, ImageFormat format, int width, int height, int frames) {
    ThumbnailSet set = thumbnailer.create(resource(file));

    assertThat(set.source().format()).isEqualTo(format);
    assertThat(set.source().width()).isEqualTo(width);
    assertThat(set.source().height()).isEqualTo(height);
    assertThat(set.source().frames()).isEqualTo(frames);
    assertThat(set.thumbnails()).extracting(Thumbnail::size).containsExactly(128, 256, 512);
    for (Thumbnail t : set.thumbnails()) {
      BufferedImage decoded = decode(t.data());
      assertThat(decoded).as("%s at %d decodes", file, t.size()).isNotNull();
      assertThat(decoded.getWidth()).isEqualTo(t.width());
      assertThat(decoded.getHeight()).isEqualTo(t.height());
      assertThat(Math.max(t.width(), t.height())).isEqualTo(Math.min(t.size(), Math.max(width, height)));
    }
  }

  @Test
  void neverUpscalesASmallImage() {
    ThumbnailSet set = thumbnailer.create(resource("pillow_hopper.png"));

    assertThat(set.thumbnails()).allSatisfy(t -> {
      assertThat(t.width()).isEqualTo(128);
      assertThat(t.height()).isEqualTo(128);
    });
  }

  @Test
  void keepsTheAspectRatioWithTheLongestEdgeAtEachSize() {
    ThumbnailSet set = thumbnailer.create(TestImages.jpeg(TestImages.quadrants(1200, 800), 0.9f, false));

    assertThat(set.thumbnails()).extracting(t -> t.width() + "x" + t.height())
        .containsExactly("128x85", "256x171", "512x341");
  }

  @Test
  void writesJpegForOpaqueImagesAndPngWhenThereIsTransparency() {
    assertThat(thumbnailer.create(resource("pillow_hopper.png")).thumbnails())
        .allSatisfy(t -> assertThat(t.format()).isEqualTo(OutputFormat.JPEG));
    assertThat(thumbnailer.create(resource("pillow_transparent_rgba.png")).thumbnails())
        .allSatisfy(t -> assertThat(t.format()).isEqualTo(OutputFormat.PNG));
    assertThat(thumbnailer.create(resource("pillow_transparent.webp")).thumbnails())
        .allSatisfy(t -> assertThat(t.format()).isEqualTo(OutputFormat.PNG));
    assertThat(thumbnailer.create(resource("pillow_transparent.gif")).thumbnails())
        .allSatisfy(t -> assertThat(t.format()).isEqualTo(OutputFormat.PNG));
  }

  @Test
  void keepsTheAlphaChannelInPngThumbnails() {
    Thumbnail t = sized(64).create(resource("pillow_transparent_rgba.png")).thumbnails().get(0);

    BufferedImage image = decode(t.data());
    assertThat(image.getColorModel().hasAlpha()).isTrue();
    boolean someTransparent = false;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        someTransparent |= (image.getRGB(x, y) >>> 24) < 255;
      }
    }
    assertThat(someTransparent).isTrue();
  }

  @Test
  void thumbnailsOnlyTheFirstFrameOfAnAnimatedGif() throws Exception {
    // Frame 1 red, frame 2 blue: the thumbnail is red.
    BufferedImage red = solid(40, 30, Color.RED);
    BufferedImage blue = solid(40, 30, Color.BLUE);
    byte[] gif = animatedGif(red, blue);

    ThumbnailSet set = sized(16).create(gif);

    assertThat(set.source().frames()).isEqualTo(2);
    int rgb = decode(set.thumbnails().get(0).data()).getRGB(8, 6);
    assertThat(rgb >> 16 & 0xFF).isGreaterThan(200);
    assertThat(rgb & 0xFF).isLessThan(60);
  }

  @Test
  void decodesAFrameBombsFirstFrameWithoutTouchingTheOthers() {
    ThumbnailSet set = thumbnailer.create(TestImages.gifFrameBomb(40_000));

    assertThat(set.source().frames()).isEqualTo(40_000);
    assertThat(set.thumbnails().get(0).width()).isEqualTo(1);
  }

  @Test
  void convertsCmykJpegToTheSameColoursAsItsRgbTwin() {
    Thumbnail cmyk = sized(100).create(resource("pillow_pil_sample_cmyk.jpg")).thumbnails().get(0);
    Thumbnail rgb = sized(100).create(resource("pillow_pil_sample_rgb.jpg")).thumbnails().get(0);

    assertThat(TestImages.meanDifference(decode(cmyk.data()), decode(rgb.data()))).isLessThan(12);
  }

  @Test
  void convertsAnEmbeddedNonSrgbProfileToSrgb() {
    // Pixels written as linear-light values with the linear RGB profile attached: 50% linear grey is
    // about 188 in sRGB. Without colour management it would stay near 128.
    BufferedImage linear = solid(64, 64, new Color(128, 128, 128));
    byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    byte[] payload = new byte[14 + profile.length];
    System.arraycopy("ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1), 0, payload, 0, 12);
    payload[12] = 1;
    payload[13] = 1;
    System.arraycopy(profile, 0, payload, 14, profile.length);
    byte[] jpeg = TestImages.withSegment(TestImages.jpeg(linear, 0.95f, false), 0xE2, payload);

    Thumbnail t = sized(32).create(jpeg).thumbnails().get(0);

    int green = decode(t.data()).getRGB(16, 16) >> 8 & 0xFF;
    assertThat(green).isBetween(178, 198);
  }

  @Test
  void downscalesWithoutAliasing() {
    // One-pixel black/white stripes: an area filter averages them to grey; nearest-neighbour
    // sampling would give pure black or white (or moiré).
    BufferedImage stripes = new BufferedImage(1000, 1000, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 1000; y++) {
      for (int x = 0; x < 1000; x++) {
        stripes.setRGB(x, y, x % 2 == 0 ? 0xFFFFFF : 0);
      }
    }
    Thumbnail t = sized(100).create(TestImages.png(stripes)).thumbnails().get(0);

    BufferedImage out = decode(t.data());
    for (int x = 5; x < 95; x += 7) {
      assertThat(out.getRGB(x, 50) & 0xFF).as("pixel %d", x).isBetween(110, 145);
    }
  }

  @Test
  void stripsExifAndGpsFromThumbnails() {
    byte[] source = resource("pillow_exif_gps.jpg");
    assertThat(new String(source, StandardCharsets.ISO_8859_1)).contains("Exif");

    for (Thumbnail t : thumbnailer.create(source).thumbnails()) {
      String text = new String(t.data(), StandardCharsets.ISO_8859_1);
      assertThat(text).doesNotContain("Exif").doesNotContain("GPS").doesNotContain("ICC_PROFILE");
    }
  }

  @Test
  void stripsInjectedMetadataFromAProgressiveJpeg() {
    byte[] source = resource("fuzzdb_POC_phpinfo-metadata_progressive.jpg");

    for (Thumbnail t : thumbnailer.create(source).thumbnails()) {
      assertThat(new String(t.data(), StandardCharsets.ISO_8859_1)).doesNotContain("phpinfo").doesNotContain("Exif");
    }
  }

  @Test
  void appliesTheConfiguredJpegQuality() {
    byte[] source = TestImages.jpeg(TestImages.quadrants(800, 600), 0.95f, false);
    ThumbnailSettings low = new ThumbnailSettings(List.of(512), ThumbnailSettings.DEFAULT_MAX_SOURCE_BYTES,
        ThumbnailSettings.DEFAULT_MAX_SOURCE_PIXELS, 20);
    ThumbnailSettings high = new ThumbnailSettings(List.of(512), ThumbnailSettings.DEFAULT_MAX_SOURCE_BYTES,
        ThumbnailSettings.DEFAULT_MAX_SOURCE_PIXELS, 98);

    int lowBytes = new Thumbnailer(low).create(source).thumbnails().get(0).data().length;
    int highBytes = new Thumbnailer(high).create(source).thumbnails().get(0).data().length;

    assertThat(lowBytes).isLessThan(highBytes);
  }

  @Test
  void shrinksLargeJpegsOnLoadToTheRightSize() {
    byte[] big = TestImages.jpeg(TestImages.quadrants(4000, 3000), 0.8f, false);

    ThumbnailSet set = thumbnailer.create(big);

    assertThat(set.thumbnails()).extracting(t -> t.width() + "x" + t.height())
        .containsExactly("128x96", "256x192", "512x384");
    BufferedImage t = decode(set.thumbnails().get(1).data());
    assertThat(new Color(t.getRGB(10, 10))).matches(c -> c.getRed() > 200 && c.getGreen() < 60, "red top-left");
    assertThat(new Color(t.getRGB(245, 180))).matches(c -> c.getRed() > 200 && c.getBlue() > 200, "white bottom-right");
  }

  // ---- reasons ----

  @Test
  void refusesAnObjectOverTheSizeCap() {
    Thumbnailer small = new Thumbnailer(new ThumbnailSettings(List.of(128), 1000, 100_000_000, 82));

    assertThatThrownBy(() -> small.create(resource("pillow_hopper.png")))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_LARGE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fuzzdb_lottapixel.jpg", "pillow_decompression_bomb.gif", "pillow_bmp_reallybig.bmp"})
  void refusesDecompressionBombsFromTheirHeader(String file) {
    assertThatThrownBy(() -> thumbnailer.create(resource(file)))
        .isInstanceOfSatisfying(ImageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS));
  }

  @Test
  void refusesAPngWhoseHeaderDeclares100kBy100kPixels() {
    byte[] png = TestImages.png(solid(8, 8, Color.GRAY));
    // Rewrite IHDR's width and height (the CRC is not checked before the pixel cap).
    writeInt(png, 16, 100_000);
    writeInt(png, 20, 100_000);

    assertThatThrownBy(() -> thumbnailer.create(png))
        .isInstanceOfSatisfying(ImageRejectedException.class,
            e -> assertThat(e.detail()).contains("100000x100000").contains("over the 100000000-pixel limit"));
  }

  @Test
  void countsPixelsOverEveryFrameOfAnAnimation() {
    Thumbnailer strict = new Thumbnailer(new ThumbnailSettings(List.of(128), 50_000_000, 30_000, 82));

    assertThatThrownBy(() -> strict.create(TestImages.gifFrameBomb(40_000)))
        .isInstanceOfSatisfying(ImageRejectedException.class,
            e -> assertThat(e.reason()).isEqualTo(FailureReason.TOO_MANY_PIXELS));
  }

  @ParameterizedTest
  @CsvSource({
    "fuzzdb_poc-img-phpinfo_actually_html.gif, HTML",
    "pillow_hopper.ico, ICO",
    "libjpeg-turbo_testimgari_arithmetic.jpg, arithmetic",
    "libjpeg-turbo_monkey12_12bit.jpg, 12-bit",
  })
  void refusesUnsupportedFormatsWithoutTrustingTheExtension(String file, String detail) {
    assertThatThrownBy(() -> thumbnailer.create(resource(file)))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.UNSUPPORTED_FORMAT);
          assertThat(e.detail()).contains(detail);
        });
  }

  @Test
  void sniffsTheRealFormatWhateverTheContentClaims() {
    // A PNG is a PNG even when it would be uploaded as photo.jpg: the extension is never read.
    assertThat(thumbnailer.create(resource("pillow_hopper.png")).source().format()).isEqualTo(ImageFormat.PNG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pillow_broken.png", "pillow_truncated_jpeg.jpg", "pillow_zero_width.gif",
      "fuzzdb_POC_img_phpinfo-CR.gif", "pillow_oom_225817ca.tif"})
  void refusesCorruptImages(String file) {
    assertThatThrownBy(() -> thumbnailer.create(resource(file)))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT));
  }

  @Test
  void refusesAnEmptyObjectAsCorrupt() {
    assertThatThrownBy(() -> thumbnailer.create(new byte[0]))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT);
          assertThat(e.detail()).contains("empty");
        });
  }

  @Test
  void refusesATruncatedPngAsCorrupt() {
    byte[] png = TestImages.png(TestImages.quadrants(300, 200));
    byte[] cut = Arrays.copyOf(png, png.length / 2);

    assertThatThrownBy(() -> thumbnailer.create(cut))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT));
  }

  @Test
  void refusesATruncatedBaselineJpegAsCorrupt() {
    byte[] jpeg = TestImages.jpeg(TestImages.quadrants(800, 600), 0.9f, false);
    byte[] cut = Arrays.copyOf(jpeg, jpeg.length * 2 / 3);

    assertThatThrownBy(() -> thumbnailer.create(cut))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT));
  }

  @Test
  void ignoresATextChunkInflateBomb() {
    // Three zTXt chunks inflating to 6 MB of text: metadata is never inflated beyond its cap.
    ThumbnailSet set = thumbnailer.create(resource("pillow_png_decompression_dos.png"));

    assertThat(set.source().width()).isEqualTo(1);
  }

  private static BufferedImage solid(int w, int h, Color color) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    var g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return image;
  }

  private static void writeInt(byte[] d, int p, int v) {
    d[p] = (byte) (v >> 24);
    d[p + 1] = (byte) (v >> 16);
    d[p + 2] = (byte) (v >> 8);
    d[p + 3] = (byte) v;
  }

  private static byte[] animatedGif(BufferedImage... frames) throws Exception {
    var writer = javax.imageio.ImageIO.getImageWritersByFormatName("gif").next();
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (BufferedImage frame : frames) {
        writer.writeToSequence(new javax.imageio.IIOImage(frame, null, null), null);
      }
      writer.endWriteSequence();
    }
    writer.dispose();
    return bytes.toByteArray();
  }
}
