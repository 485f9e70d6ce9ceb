package dev.eventpipeline.thumbnail.image.jpeg;

import static dev.eventpipeline.thumbnail.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.thumbnail.TestImages;
import dev.eventpipeline.thumbnail.image.FailureReason;
import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.Pixels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shrink-on-load decoder gives what a full decode followed by an exact box filter gives. */
class JpegDecoderTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 8})
  void baselineAtEveryScaleMatchesAFullDecodeAveraged(int denominator) {
    byte[] jpeg = TestImages.jpeg(noisyPhoto(517, 389), 0.9f, false);

    // Chroma is replicated here and triangle-filtered by libjpeg: a mean difference of a few levels.
    assertThat(meanDifferenceToBoxFilteredReference(jpeg, denominator)).isLessThan(3);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 8})
  void progressiveAtEveryScaleMatchesAFullDecodeAveraged(int denominator) {
    byte[] jpeg = TestImages.jpeg(noisyPhoto(517, 389), 0.9f, true);

    assertThat(meanDifferenceToBoxFilteredReference(jpeg, denominator)).isLessThan(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"libjpeg-turbo_testorig.jpg", "fuzzdb_POC_phpinfo-metadata_progressive.jpg", "pillow_exif_gps.jpg"})
  void realFilesMatchTheJdkDecoder(String file) {
    // Chroma is upsampled by replication here and by a triangle filter in libjpeg: small differences.
    assertThat(meanDifferenceToBoxFilteredReference(resource(file), 1)).isLessThan(2.5);
  }

  @Test
  void decodesGrayscale() {
    BufferedImage gray = new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY);
    var g = gray.createGraphics();
    g.setColor(java.awt.Color.DARK_GRAY);
    g.fillRect(0, 0, 32, 48);
    g.dispose();
    Pixels px = JpegDecoder.decode(TestImages.jpeg(gray, 0.95f, false), 8);

    assertThat(px.width()).isEqualTo(8);
    assertThat(px.height()).isEqualTo(6);
    assertThat(px.argb(1, 1) & 0xFF).isBetween(60, 70);
    assertThat(px.argb(6, 1) & 0xFF).isLessThan(5);
  }

  @Test
  void decodesWithRestartIntervals() throws Exception {
    byte[] jpeg = withRestartInterval(noisyPhoto(300, 200), 3);

    assertThat(new String(jpeg, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("\u00ff\u00dd");
    assertThat(meanDifferenceToBoxFilteredReference(jpeg, 2)).isLessThan(3);
  }

  @Test
  void choosesTheSmallestScaleThatStillCoversTheTarget() {
    assertThat(JpegDecoder.denominatorFor(4000, 3000, 256)).isEqualTo(8);
    assertThat(JpegDecoder.denominatorFor(4000, 3000, 512)).isEqualTo(4);
    assertThat(JpegDecoder.denominatorFor(1800, 1200, 256)).isEqualTo(4);
    assertThat(JpegDecoder.denominatorFor(300, 200, 256)).isEqualTo(1);
  }

  @Test
  void refusesTruncatedDataAsCorrupt() {
    byte[] jpeg = TestImages.jpeg(noisyPhoto(400, 300), 0.9f, false);

    assertThatThrownBy(() -> JpegDecoder.decode(Arrays.copyOf(jpeg, jpeg.length / 2), 8))
        .isInstanceOfSatisfying(ImageRejectedException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.CORRUPT));
  }

  @Test
  void leavesCmykToImageIo() {
    assertThatThrownBy(() -> JpegDecoder.decode(resource("pillow_pil_sample_cmyk.jpg"), 1))
        .isInstanceOf(JpegDecoder.UnsupportedVariantException.class);
  }

  static BufferedImage noisyPhoto(int w, int h) {
    Random random = new Random(7);
    BufferedImage image = TestImages.quadrants(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = image.getRGB(x, y);
        int n = random.nextInt(41) - 20;
        int r = Math.max(0, Math.min(255, (p >> 16 & 0xFF) + n + x / 8));
        int g = Math.max(0, Math.min(255, (p >> 8 & 0xFF) - n));
        int b = Math.max(0, Math.min(255, (p & 0xFF) + n / 2 + y / 8));
        image.setRGB(x, y, r << 16 | g << 8 | b);
      }
    }
    return image;
  }

  static double meanDifferenceToBoxFilteredReference(byte[] jpeg, int denominator) {
    BufferedImage ref = jdkDecode(jpeg);
    Pixels px = JpegDecoder.decode(jpeg, denominator);
    assertThat(px.width()).isEqualTo((ref.getWidth() + denominator - 1) / denominator);
    assertThat(px.height()).isEqualTo((ref.getHeight() + denominator - 1) / denominator);
    double sum = 0;
    for (int y = 0; y < px.height(); y++) {
      for (int x = 0; x < px.width(); x++) {
        long[] acc = new long[3];
        int n = 0;
        for (int yy = y * denominator; yy < Math.min(ref.getHeight(), (y + 1) * denominator); yy++) {
          for (int xx = x * denominator; xx < Math.min(ref.getWidth(), (x + 1) * denominator); xx++) {
            int rgb = ref.getRGB(xx, yy);
            acc[0] += rgb >> 16 & 0xFF;
            acc[1] += rgb >> 8 & 0xFF;
            acc[2] += rgb & 0xFF;
            n++;
          }
        }
        int mine = px.argb(x, y);
        sum += Math.abs(acc[0] / (double) n - (mine >> 16 & 0xFF));
        sum += Math.abs(acc[1] / (double) n - (mine >> 8 & 0xFF));
        sum += Math.abs(acc[2] / (double) n - (mine & 0xFF));
      }
    }
    return sum / (3.0 * px.width() * px.height());
  }

  /** The JDK's own (libjpeg-based) reader, not TwelveMonkeys': the independent reference. */
  static BufferedImage jdkDecode(byte[] jpeg) {
    try {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
      ImageReader reader = null;
      while (readers.hasNext()) {
        ImageReader r = readers.next();
        if (r.getClass().getName().startsWith("com.sun.")) {
          reader = r;
        }
      }
      reader.setInput(new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg)));
      return reader.read(0);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A JPEG written by the JDK with a restart interval (DRI) in its metadata. */
  static byte[] withRestartInterval(BufferedImage image, int interval) throws Exception {
    var writer = ImageIO.getImageWritersByFormatName("jpeg");
    javax.imageio.ImageWriter w = null;
    while (writer.hasNext()) {
      var x = writer.next();
      if (x.getClass().getName().startsWith("com.sun.")) {
        w = x;
      }
    }
    var type = javax.imageio.ImageTypeSpecifier.createFromRenderedImage(image);
    var metadata = w.getDefaultImageMetadata(type, null);
    var root = (javax.imageio.metadata.IIOMetadataNode) metadata.getAsTree("javax_imageio_jpeg_image_1.0");
    var sequence = (javax.imageio.metadata.IIOMetadataNode) root.getElementsByTagName("markerSequence").item(0);
    var dri = new javax.imageio.metadata.IIOMetadataNode("dri");
    dri.setAttribute("interval", Integer.toString(interval));
    sequence.insertBefore(dri, sequence.getFirstChild());
    metadata.setFromTree("javax_imageio_jpeg_image_1.0", root);
    var bytes = new java.io.ByteArrayOutputStream();
    try (var out = new javax.imageio.stream.MemoryCacheImageOutputStream(bytes)) {
      w.setOutput(out);
      w.write(null, new javax.imageio.IIOImage(image, null, metadata), null);
    }
    w.dispose();
    return bytes.toByteArray();
  }
}
