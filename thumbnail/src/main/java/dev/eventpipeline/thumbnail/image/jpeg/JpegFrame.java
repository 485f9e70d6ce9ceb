package dev.eventpipeline.thumbnail.image.jpeg;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;

/**
 * A JPEG frame header (SOF segment), parsed and checked once by the same code for the guard and
 * the decoder. What no decoder here handles (arithmetic, lossless, hierarchical, 12-bit) is refused
 * as UNSUPPORTED_FORMAT; a header that is inconsistent in itself (its length does not match its
 * component count, zero dimensions, sampling factors outside 1-4, a quantization table id above 3)
 * is CORRUPT, as libjpeg would have it.
 *
 * @param marker SOF0 (0xC0), SOF1 or SOF2
 * @param width samples per line
 * @param height lines
 * @param components each component's id, sampling factors and quantization table
 */
record JpegFrame(int marker, int width, int height, Component[] components) {
  /** One component of the frame. */
  record Component(int id, int h, int v, int tq) {}

  boolean progressive() {
    return marker == 0xC2;
  }

  long pixels() {
    return (long) width * height;
  }

  /** Parses the payload {@code d[start, end)} of frame header {@code marker}. */
  static JpegFrame parse(byte[] d, int start, int end, int marker) {
    if (marker != 0xC0 && marker != 0xC1 && marker != 0xC2) {
      throw ImageRejectedException.unsupported(kind(marker) + " JPEG (SOF" + (marker - 0xC0) + ") is not supported");
    }
    if (end - start < 6) {
      throw ImageRejectedException.corrupt("JPEG frame header is " + (end - start) + " bytes long");
    }
    int precision = d[start] & 0xFF;
    int height = (d[start + 1] & 0xFF) << 8 | (d[start + 2] & 0xFF);
    int width = (d[start + 3] & 0xFF) << 8 | (d[start + 4] & 0xFF);
    int count = d[start + 5] & 0xFF;
    if (precision != 8) {
      throw ImageRejectedException.unsupported(precision + "-bit JPEG is not supported (8-bit only)");
    }
    if (width == 0 || height == 0) {
      throw ImageRejectedException.corrupt("JPEG declares a " + width + "x" + height + " image");
    }
    if (count == 0 || end - start != 6 + 3 * count) {
      throw ImageRejectedException.corrupt("JPEG frame header declares " + count + " components in "
          + (end - start) + " bytes");
    }
    Component[] components = new Component[count];
    for (int i = 0; i < count; i++) {
      int q = start + 6 + i * 3;
      int id = d[q] & 0xFF;
      int h = (d[q + 1] & 0xFF) >> 4;
      int v = d[q + 1] & 0x0F;
      int tq = d[q + 2] & 0xFF;
      if (h < 1 || h > 4 || v < 1 || v > 4 || tq > 3) {
        throw ImageRejectedException.corrupt("JPEG component " + id + " has invalid sampling factors or table");
      }
      components[i] = new Component(id, h, v, tq);
    }
    return new JpegFrame(marker, width, height, components);
  }

  private static String kind(int m) {
    return switch (m) {
      case 0xC3, 0xC7, 0xCB, 0xCF -> "lossless";
      case 0xC5, 0xC6 -> "hierarchical";
      default -> "arithmetic-coded";
    };
  }
}
