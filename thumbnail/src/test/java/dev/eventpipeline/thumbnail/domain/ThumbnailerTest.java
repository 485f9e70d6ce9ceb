package dev.eventpipeline.thumbnail.domain;

import dev.eventpipeline.thumbnail.image.OutputFormat;
import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.ImageFormat;
import dev.eventpipeline.thumbnail.image.FailureReason;
import static dev.eventpipeline.thumbnail.TestImages.decode;
import static dev.eventpipeline.thumbnail.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.TestImages;
import java.awt.Color;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
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
    "pillow_iss634_animated.apng, PNG, 245, 245, 41",
    "pillow_iss634_animated.webp, WEBP, 245, 245, 42",
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
  void thumbnailsOnlyTheFirstFrameOfAnApng() {
    // Frame 1 (also the default image) red, frame 2 blue: the thumbnail is red.
    byte[] apng = apng(solid(40, 30, Color.RED), solid(40, 30, Color.BLUE));

    ThumbnailSet set = sized(16).create(apng);

    assertThat(set.source().format()).isEqualTo(ImageFormat.PNG);
    assertThat(set.source().frames()).isEqualTo(2);
    int rgb = decode(set.thumbnails().get(0).data()).getRGB(8, 6);
    assertThat(rgb >> 16 & 0xFF).isGreaterThan(200);
    assertThat(rgb & 0xFF).isLessThan(60);
  }

  @Test
  void thumbnailsOnlyTheFirstFrameOfAnAnimatedWebp() {
    // Pillow's iss634.webp: 42 frames, the first a full 245x245 lossless frame, the others partial
    // updates. The thumbnail is that of the first frame's bitstream alone, as a still WebP.
    byte[] animated = resource("pillow_iss634_animated.webp");
    byte[] firstFrame = firstWebpFrameAsStill(animated);

    Thumbnail thumbnail = sized(128).create(animated).thumbnails().get(0);
    Thumbnail reference = sized(128).create(firstFrame).thumbnails().get(0);

    assertThat(TestImages.meanDifference(decode(thumbnail.data()), decode(reference.data()))).isLessThan(1);
  }

  @Test
  void thumbnailsTheFirstPageOfAMultipageTiff() {
    // Pillow's multipage.tiff: page 1 is 10x10 green (0,128,0), page 2 10x10 red, page 3 20x20 blue.
    ThumbnailSet set = sized(16).create(resource("pillow_multipage.tiff"));

    BufferedImage out = decode(set.thumbnails().get(0).data());
    assertThat(out.getWidth()).isEqualTo(10);
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 10; x++) {
        Color c = new Color(out.getRGB(x, y));
        assertThat(c.getRed()).as("red at %d,%d", x, y).isLessThan(20);
        assertThat(c.getGreen()).as("green at %d,%d", x, y).isBetween(115, 140);
        assertThat(c.getBlue()).as("blue at %d,%d", x, y).isLessThan(20);
      }
    }
  }

  @Test
  void thumbnailsAPalettePngLikeTheSameImageInTruecolour() {
    byte[] indexed = TestImages.png(indexedQuadrants(200, 100, false));
    byte[] truecolour = TestImages.png(TestImages.quadrants(200, 100));
    assertThat(indexed[25]).as("IHDR colour type 3: indexed").isEqualTo((byte) 3);
    assertThat(truecolour[25]).as("IHDR colour type 2: RGB").isEqualTo((byte) 2);

    Thumbnail t = sized(100).create(indexed).thumbnails().get(0);
    Thumbnail reference = sized(100).create(truecolour).thumbnails().get(0);

    assertThat(t.format()).isEqualTo(OutputFormat.JPEG);
    assertThat(TestImages.meanDifference(decode(t.data()), decode(reference.data()))).isLessThan(0.5);
    assertThat(new Color(decode(t.data()).getRGB(10, 5))).matches(c -> c.getRed() > 230 && c.getGreen() < 30, "red");
  }

  @Test
  void keepsThePaletteTransparencyOfAPalettePng() {
    // The white quadrant's palette entry is fully transparent (a tRNS chunk).
    byte[] png = TestImages.png(indexedQuadrants(200, 100, true));
    assertThat(png[25]).isEqualTo((byte) 3);
    assertThat(new String(png, StandardCharsets.ISO_8859_1)).contains("tRNS");

    Thumbnail t = sized(100).create(png).thumbnails().get(0);

    assertThat(t.format()).isEqualTo(OutputFormat.PNG);
    BufferedImage out = decode(t.data());
    assertThat(out.getRGB(90, 45) >>> 24).as("white quadrant transparent").isZero();
    assertThat(out.getRGB(10, 5)).as("red quadrant opaque red").isEqualTo(0xFFFF0000);
  }

  @Test
  void decodesAFrameBombsFirstFrameWithoutTouchingTheOthers() {
    ThumbnailSet set = thumbnailer.create(TestImages.gifFrameBomb(40_000));

    assertThat(set.source().frames()).isEqualTo(40_000);
    assertThat(set.thumbnails().get(0).width()).isEqualTo(1);
  }

  @Test
  void convertsYcckJpegToTheSameColoursAsItsRgbTwin() {
    // Pillow's pil_sample_cmyk.jpg is Photoshop's usual CMYK JPEG: Adobe APP14 with transform 2 (YCCK).
    byte[] source = resource("pillow_pil_sample_cmyk.jpg");
    assertThat(adobeTransform(source)).isEqualTo(2);

    Thumbnail cmyk = sized(100).create(resource("pillow_pil_sample_cmyk.jpg")).thumbnails().get(0);
    Thumbnail rgb = sized(100).create(resource("pillow_pil_sample_rgb.jpg")).thumbnails().get(0);

    assertThat(TestImages.meanDifference(decode(cmyk.data()), decode(rgb.data()))).isLessThan(12);
  }

  @Test
  void convertsAPlainAdobeCmykJpeg() {
    // Four components stored as Photoshop does (inverted: 255 is no ink), Adobe APP14 transform 0:
    // red, green, blue and white quadrants in CMYK.
    int[][] inks = {{0, 255, 255, 0}, {255, 0, 255, 0}, {255, 255, 0, 0}, {0, 0, 0, 0}};
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 64, 64, 4, null);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        int[] ink = inks[(y < 32 ? 0 : 2) + (x < 32 ? 0 : 1)];
        raster.setPixel(x, y, Arrays.stream(ink).map(v -> 255 - v).toArray());
      }
    }
    byte[] adobe = {'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
    byte[] jpeg = TestImages.withSegment(cmykJpeg(raster), 0xEE, adobe);
    assertThat(adobeTransform(jpeg)).isZero();

    BufferedImage out = decode(sized(64).create(jpeg).thumbnails().get(0).data());

    // Through a press CMYK profile, so not pure sRGB primaries: check which channel dominates.
    assertThat(new Color(out.getRGB(16, 16))).matches(c -> c.getRed() > 180 && c.getGreen() < 90 && c.getBlue() < 90, "red");
    assertThat(new Color(out.getRGB(48, 16))).matches(c -> c.getGreen() > 120 && c.getRed() < 90 && c.getBlue() < 110, "green");
    assertThat(new Color(out.getRGB(16, 48))).matches(c -> c.getBlue() > 120 && c.getRed() < 110 && c.getGreen() < 110, "blue");
    assertThat(new Color(out.getRGB(48, 48))).matches(c -> c.getRed() > 230 && c.getGreen() > 230 && c.getBlue() > 230, "white");
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
        ThumbnailSettings.DEFAULT_MAX_SOURCE_PIXELS, 20, ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES);
    ThumbnailSettings high = new ThumbnailSettings(List.of(512), ThumbnailSettings.DEFAULT_MAX_SOURCE_BYTES,
        ThumbnailSettings.DEFAULT_MAX_SOURCE_PIXELS, 98, ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES);

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
    Thumbnailer small = new Thumbnailer(new ThumbnailSettings(List.of(128), 1000, 100_000_000, 82,
        ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES));

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
    Thumbnailer strict = new Thumbnailer(new ThumbnailSettings(List.of(128), 50_000_000, 30_000, 82,
        ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES));

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

  /** {@link TestImages#quadrants} drawn with a four-colour palette; white fully transparent if asked. */
  private static BufferedImage indexedQuadrants(int w, int h, boolean whiteTransparent) {
    int[] palette = {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, whiteTransparent ? 0x00FFFFFF : 0xFFFFFFFF};
    IndexColorModel model = new IndexColorModel(8, 4, palette, 0, true, -1, DataBuffer.TYPE_BYTE);
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.getRaster().setSample(x, y, 0, (y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1));
      }
    }
    return image;
  }

  /** The transform byte of the Adobe APP14 segment (0 CMYK/RGB, 1 YCbCr, 2 YCCK), or -1 without one. */
  private static int adobeTransform(byte[] jpeg) {
    for (int p = 2; p + 4 < jpeg.length && (jpeg[p] & 0xFF) == 0xFF; ) {
      int marker = jpeg[p + 1] & 0xFF;
      int length = (jpeg[p + 2] & 0xFF) << 8 | (jpeg[p + 3] & 0xFF);
      if (marker == 0xEE && new String(jpeg, p + 4, 5, StandardCharsets.ISO_8859_1).equals("Adobe")) {
        return jpeg[p + 4 + 11] & 0xFF;
      }
      if (marker == 0xDA) {
        break;
      }
      p += 2 + length;
    }
    return -1;
  }

  /** A JPEG of four components as stored in the raster: ImageIO writes a raster without colour transform. */
  private static byte[] cmykJpeg(Raster raster) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** A two-frame APNG whose default image is the first frame (fcTL before IDAT), as encoders write it. */
  private static byte[] apng(BufferedImage first, BufferedImage second) {
    byte[] a = TestImages.png(first);
    byte[] b = TestImages.png(second);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(a, 0, 8);
    writeChunk(out, "IHDR", Arrays.copyOfRange(a, 16, 16 + 13));
    writeChunk(out, "acTL", ByteBuffer.allocate(8).putInt(2).putInt(0).array());
    writeChunk(out, "fcTL", frameControl(0, first));
    writeChunk(out, "IDAT", idat(a));
    writeChunk(out, "fcTL", frameControl(1, second));
    writeChunk(out, "fdAT", ByteBuffer.allocate(4 + idat(b).length).putInt(2).put(idat(b)).array());
    writeChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static byte[] frameControl(int sequence, BufferedImage frame) {
    return ByteBuffer.allocate(26).putInt(sequence).putInt(frame.getWidth()).putInt(frame.getHeight())
        .putInt(0).putInt(0).putShort((short) 1).putShort((short) 10).put((byte) 0).put((byte) 0).array();
  }

  /** The concatenated IDAT data of a PNG. */
  private static byte[] idat(byte[] png) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (int p = 8; p + 8 <= png.length; ) {
      int length = ByteBuffer.wrap(png, p, 4).getInt();
      if (new String(png, p + 4, 4, StandardCharsets.ISO_8859_1).equals("IDAT")) {
        data.write(png, p + 8, length);
      }
      p += 12 + length;
    }
    return data.toByteArray();
  }

  private static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** The bitstream chunks of an animated WebP's first ANMF frame, as a still WebP file. */
  private static byte[] firstWebpFrameAsStill(byte[] webp) {
    ByteBuffer in = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN);
    for (int p = 12; p + 8 <= webp.length; ) {
      int length = in.getInt(p + 4);
      if (new String(webp, p, 4, StandardCharsets.ISO_8859_1).equals("ANMF")) {
        byte[] frame = Arrays.copyOfRange(webp, p + 8 + 16, p + 8 + length); // after the 16-byte frame header
        return ByteBuffer.allocate(12 + frame.length).order(ByteOrder.LITTLE_ENDIAN)
            .put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + frame.length)
            .put("WEBP".getBytes(StandardCharsets.ISO_8859_1)).put(frame).array();
      }
      p += 8 + length + (length & 1);
    }
    throw new AssertionError("no ANMF chunk");
  }

  private static byte[] animatedGif(BufferedImage... frames) throws Exception {
    var writer = ImageIO.getImageWritersByFormatName("gif").next();
    var bytes = new ByteArrayOutputStream();
    try (var out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (BufferedImage frame : frames) {
        writer.writeToSequence(new IIOImage(frame, null, null), null);
      }
      writer.endWriteSequence();
    }
    writer.dispose();
    return bytes.toByteArray();
  }
}
