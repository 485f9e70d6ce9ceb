package dev.eventpipeline.thumbnail.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * An 8-bit interleaved raster: RGB (3 channels) or RGBA (4 channels, straight alpha). The one pixel
 * format between decoding and encoding, so resizing and orientation are written once.
 */
public record Pixels(int width, int height, int channels, byte[] data) {

  public Pixels {
    if (channels != 3 && channels != 4) {
      throw new IllegalArgumentException("channels must be 3 or 4");
    }
    if ((long) width * height * channels != data.length) {
      throw new IllegalArgumentException("data length does not match " + width + "x" + height + "x" + channels);
    }
  }

  public boolean hasAlpha() {
    return channels == 4;
  }

  /** True when some pixel is not fully opaque. */
  public boolean hasTransparency() {
    if (channels != 4) {
      return false;
    }
    for (int i = 3; i < data.length; i += 4) {
      if (data[i] != (byte) 0xFF) {
        return true;
      }
    }
    return false;
  }

  /** The same pixels without the alpha channel. */
  public Pixels opaque() {
    if (channels == 3) {
      return this;
    }
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0, j = 0; j < rgb.length; i += 4, j += 3) {
      rgb[j] = data[i];
      rgb[j + 1] = data[i + 1];
      rgb[j + 2] = data[i + 2];
    }
    return new Pixels(width, height, 3, rgb);
  }

  /** ARGB of one pixel (tests and diagnostics). */
  public int argb(int x, int y) {
    int i = (y * width + x) * channels;
    int a = channels == 4 ? data[i + 3] & 0xFF : 0xFF;
    return a << 24 | (data[i] & 0xFF) << 16 | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF);
  }

  /**
   * Applies an EXIF orientation (1..8) so the result is upright. For 5..8 width and height swap.
   * Cheap: it runs on thumbnails, never on full-size sources.
   */
  public Pixels oriented(int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return this;
    }
    boolean swap = orientation >= 5;
    int ow = swap ? height : width;
    int oh = swap ? width : height;
    byte[] out = new byte[data.length];
    int c = channels;
    for (int y = 0; y < oh; y++) {
      for (int x = 0; x < ow; x++) {
        // (sx, sy): the stored pixel displayed at (x, y)
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> { sx = width - 1 - x; sy = y; }
          case 3 -> { sx = width - 1 - x; sy = height - 1 - y; }
          case 4 -> { sx = x; sy = height - 1 - y; }
          case 5 -> { sx = y; sy = x; }
          case 6 -> { sx = y; sy = height - 1 - x; }
          case 7 -> { sx = width - 1 - y; sy = height - 1 - x; }
          default -> { sx = width - 1 - y; sy = x; } // 8
        }
        System.arraycopy(data, (sy * width + sx) * c, out, (y * ow + x) * c, c);
      }
    }
    return new Pixels(ow, oh, c, out);
  }

  /** A BufferedImage sharing nothing with this raster: 3BYTE_BGR or 4BYTE_ABGR, for ImageIO writers. */
  public BufferedImage toBufferedImage() {
    BufferedImage image = new BufferedImage(width, height,
        channels == 4 ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    int n = width * height;
    if (channels == 4) {
      for (int i = 0; i < n; i++) {
        int s = i * 4;
        dst[s] = data[s + 3];
        dst[s + 1] = data[s + 2];
        dst[s + 2] = data[s + 1];
        dst[s + 3] = data[s];
      }
    } else {
      for (int i = 0; i < n; i++) {
        int s = i * 3;
        dst[s] = data[s + 2];
        dst[s + 1] = data[s + 1];
        dst[s + 2] = data[s];
      }
    }
    return image;
  }
}
