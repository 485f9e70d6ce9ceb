package dev.eventpipeline.thumbnail;

import dev.eventpipeline.thumbnail.image.Pixels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Test images: checked-in resources (see ATTRIBUTION.md) and small generated ones. */
public final class TestImages {
  private TestImages() {}

  public static byte[] resource(String name) {
    try (InputStream in = TestImages.class.getResourceAsStream("/images/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test image " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An image whose quadrants are red, green, blue and white (top-left, top-right, bottom-left, bottom-right). */
  public static BufferedImage quadrants(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, w / 2, h / 2);
    g.setColor(Color.GREEN);
    g.fillRect(w / 2, 0, w - w / 2, h / 2);
    g.setColor(Color.BLUE);
    g.fillRect(0, h / 2, w / 2, h - h / 2);
    g.setColor(Color.WHITE);
    g.fillRect(w / 2, h / 2, w - w / 2, h - h / 2);
    g.dispose();
    return image;
  }

  public static byte[] jpeg(BufferedImage image, float quality, boolean progressive) {
    return write(image, "jpeg", quality, progressive);
  }

  public static byte[] png(BufferedImage image) {
    return write(image, "png", 0, false);
  }

  private static byte[] write(BufferedImage image, String format, float quality, boolean progressive) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    ImageWriter writer = writers.next();
    while (writers.hasNext() && !writer.getClass().getName().startsWith("com.sun.")) {
      writer = writers.next();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format.equals("jpeg")) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (progressive) {
          param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Inserts a JPEG segment (marker + payload) right after SOI. */
  public static byte[] withSegment(byte[] jpeg, int marker, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xFF);
    out.write(marker);
    out.write((payload.length + 2) >> 8);
    out.write((payload.length + 2) & 0xFF);
    out.writeBytes(payload);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** An EXIF APP1 payload holding only the Orientation tag (big-endian TIFF). */
  public static byte[] exifOrientation(int orientation) {
    return new byte[] {'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1,
        0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
  }

  public static BufferedImage decode(byte[] data) {
    try {
      return ImageIO.read(new ByteArrayInputStream(data));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mean absolute difference per channel (0..255) of two equally sized images. */
  public static double meanDifference(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      throw new AssertionError("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " vs " + b.getWidth() + "x" + b.getHeight());
    }
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          sum += Math.abs((p >> shift & 0xFF) - (q >> shift & 0xFF));
        }
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  public static BufferedImage toImage(Pixels pixels) {
    return pixels.toBufferedImage();
  }

  /** A GIF of {@code frames} 1x1 frames on a 1x1 screen (a frame bomb, like fuzzdb's uber.gif). */
  public static byte[] gifFrameBomb(int frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    for (int i = 0; i < frames; i++) {
      out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0});
    }
    out.write(0x3B);
    return out.toByteArray();
  }
}
