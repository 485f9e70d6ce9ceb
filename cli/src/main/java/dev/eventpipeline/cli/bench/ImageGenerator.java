package dev.eventpipeline.cli.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;

/**
 * Images for the end-to-end benchmark: JPEGs drawn in three sizes (640x480, 1600x1200, 3000x2000:
 * thumbnails of a phone photo's order of size cost most), and bad uploads (a text file named .jpg,
 * a JPEG cut in half) that must end in ThumbnailFailed or, for the cut one, whatever the decoder
 * makes of it — but never in silence.
 */
public final class ImageGenerator {
  /** One generated upload. */
  public record Image(String name, byte[] bytes, boolean bad) {}

  private static final int[][] SIZES = {{640, 480}, {1600, 1200}, {3000, 2000}};
  private final byte[][] jpegs = new byte[SIZES.length][];

  public ImageGenerator() {
    for (int i = 0; i < SIZES.length; i++) {
      jpegs[i] = draw(SIZES[i][0], SIZES[i][1], i);
    }
  }

  /** The i-th good image (sizes in turn). */
  public Image good(int i) {
    int s = i % SIZES.length;
    return new Image(String.format("img-%05d-%dx%d.jpg", i, SIZES[s][0], SIZES[s][1]), jpegs[s], false);
  }

  /** The i-th bad upload: text named .jpg, or a truncated JPEG, in turn. */
  public Image bad(int i) {
    if (i % 2 == 0) {
      return new Image(String.format("bad-%03d-text.jpg", i),
          ("not an image, upload " + i + "\n").getBytes(StandardCharsets.UTF_8), true);
    }
    return new Image(String.format("bad-%03d-truncated.jpg", i), Arrays.copyOf(jpegs[1], jpegs[1].length / 2), true);
  }

  /** Bytes of the good images, by size, for the report. */
  public String sizes() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < SIZES.length; i++) {
      s.append(i == 0 ? "" : ", ").append(SIZES[i][0]).append('x').append(SIZES[i][1]).append(" (")
          .append(jpegs[i].length / 1024).append(" KiB)");
    }
    return s.toString();
  }

  private static byte[] draw(int width, int height, int variant) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, new Color(30, 60, 160 + variant * 30)));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    for (int i = 0; i < 40; i++) {
      g.drawOval(i * width / 50, i * height / 60, width / 6, height / 6);
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
