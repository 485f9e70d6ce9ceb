package dev.eventpipeline.thumbnail.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes thumbnails with no metadata at all: no EXIF (so no GPS position), no ICC profile (the
 * pixels are sRGB), no text chunks. JPEG through the JDK's writer (JFIF, 4:2:0), PNG for alpha.
 */
public final class Encoder {
  private Encoder() {}

  public static byte[] encode(Pixels pixels, OutputFormat format, int jpegQuality) {
    ImageWriter writer = writer(format);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, pixels.width() * pixels.height() / 4));
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (format == OutputFormat.JPEG) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(jpegQuality / 100f);
      }
      writer.write(null, new IIOImage(pixels.toBufferedImage(), null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a " + format + " thumbnail failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** The JDK's own writer when present (TwelveMonkeys' JPEG writer only delegates to it). */
  private static ImageWriter writer(OutputFormat format) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format == OutputFormat.JPEG ? "jpeg" : "png");
    ImageWriter first = null;
    while (writers.hasNext()) {
      ImageWriter w = writers.next();
      if (w.getClass().getName().startsWith("com.sun.imageio.")) {
        if (first != null) {
          first.dispose();
        }
        return w;
      }
      if (first == null) {
        first = w;
      } else {
        w.dispose();
      }
    }
    if (first == null) {
      throw new IllegalStateException("no ImageIO writer for " + format);
    }
    return first;
  }
}
