package dev.eventpipeline.bench.thumbnail;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * A deterministic, photo-like JPEG of any size, generated instead of checked in: smooth lighting,
 * a few hundred shaded objects with anti-aliased edges, fine texture and sensor-like noise, encoded
 * baseline 4:2:0 at quality 90. A 4000x3000 one is about as dense as a 12 MP camera JPEG (~3-5 MB),
 * which is what decoding speed depends on.
 */
public final class SyntheticPhoto {
  private SyntheticPhoto() {}

  public static byte[] jpeg(int width, int height, long seed, boolean progressive) {
    return encode(render(width, height, seed), progressive);
  }

  static BufferedImage render(int width, int height, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, new Color(90, 140, 200), 0, height, new Color(200, 170, 120)));
    g.fillRect(0, 0, width, height);
    double scale = Math.max(width, height) / 4000.0;
    for (int i = 0; i < 400; i++) {
      float x = (float) (random.nextDouble() * width);
      float y = (float) (random.nextDouble() * height);
      float w = (float) ((20 + random.nextDouble() * 600) * scale);
      float h = (float) ((20 + random.nextDouble() * 600) * scale);
      Color a = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
      Color b = new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
      g.setPaint(new GradientPaint(x, y, a, x + w, y + h, b));
      if (random.nextBoolean()) {
        g.fill(new Ellipse2D.Float(x, y, w, h));
      } else {
        Path2D.Float shape = new Path2D.Float();
        shape.moveTo(x, y);
        for (int k = 0; k < 5; k++) {
          shape.lineTo(x + random.nextDouble() * w, y + random.nextDouble() * h);
        }
        shape.closePath();
        g.fill(shape);
      }
    }
    g.setStroke(new BasicStroke((float) (2 * scale)));
    for (int i = 0; i < 3000; i++) { // twigs, wires, text-like detail
      g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256), 160));
      int x = random.nextInt(width);
      int y = random.nextInt(height);
      g.drawLine(x, y, x + random.nextInt(-80, 80), y + random.nextInt(-80, 80));
    }
    g.dispose();
    // Texture and sensor noise: what makes camera JPEGs dense.
    byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < data.length; i++) {
      int v = (data[i] & 0xFF) + (int) (random.nextDouble() * 19) - 9;
      data[i] = (byte) Math.max(0, Math.min(255, v));
    }
    return image;
  }

  static byte[] encode(BufferedImage image, boolean progressive) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    ImageWriter writer = writers.next();
    while (writers.hasNext() && !writer.getClass().getName().startsWith("com.sun.")) {
      writer = writers.next();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.90f);
      if (progressive) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Writes a sample: java ... SyntheticPhoto WIDTH HEIGHT OUT.jpg [progressive]. */
  public static void main(String[] args) throws IOException {
    byte[] jpeg = jpeg(Integer.parseInt(args[0]), Integer.parseInt(args[1]), 42, args.length > 3);
    java.nio.file.Files.write(java.nio.file.Path.of(args[2]), jpeg);
    System.out.println(args[2] + ": " + jpeg.length + " bytes");
  }
}
