package dev.eventpipeline.thumbnail.image.jpeg;

import dev.eventpipeline.thumbnail.image.Pixels;

/**
 * The decoded planes to interleaved RGB: gray copied to three channels, YCbCr converted (JFIF, in
 * 16-bit fixed point), RGB (Adobe transform 0, or components named R, G, B) copied; subsampled planes
 * sampled at the pixel each output pixel lies in.
 */
final class JpegColor {
  private JpegColor() {}

  static Pixels toRgb(Component[] components, int outW, int outH, int maxH, int maxV, int adobeTransform) {
    byte[] rgb = new byte[outW * outH * 3];
    if (components.length == 1) {
      Component y = components[0];
      for (int row = 0; row < outH; row++) {
        int src = row * y.planeW;
        int dst = row * outW * 3;
        for (int x = 0; x < outW; x++, dst += 3) {
          byte v = y.plane[src + x];
          rgb[dst] = v;
          rgb[dst + 1] = v;
          rgb[dst + 2] = v;
        }
      }
      return new Pixels(outW, outH, 3, rgb);
    }
    Component c0 = components[0];
    Component c1 = components[1];
    Component c2 = components[2];
    boolean transform = !(adobeTransform >= 0 ? adobeTransform == 0 : c0.id == 'R' && c1.id == 'G' && c2.id == 'B');
    int[] xs0 = columnMap(c0, outW, maxH);
    int[] xs1 = columnMap(c1, outW, maxH);
    int[] xs2 = columnMap(c2, outW, maxH);
    for (int row = 0; row < outH; row++) {
      int r0 = row * c0.v / maxV * c0.planeW;
      int r1 = row * c1.v / maxV * c1.planeW;
      int r2 = row * c2.v / maxV * c2.planeW;
      int dst = row * outW * 3;
      for (int x = 0; x < outW; x++, dst += 3) {
        int a = c0.plane[r0 + xs0[x]] & 0xFF;
        int b = c1.plane[r1 + xs1[x]] & 0xFF;
        int e = c2.plane[r2 + xs2[x]] & 0xFF;
        if (transform) {
          int cb = b - 128;
          int cr = e - 128;
          int r = a + ((91881 * cr + 32768) >> 16);
          int g = a - ((22554 * cb + 46802 * cr - 32768) >> 16);
          int bl = a + ((116130 * cb + 32768) >> 16);
          rgb[dst] = (byte) (r < 0 ? 0 : Math.min(r, 255));
          rgb[dst + 1] = (byte) (g < 0 ? 0 : Math.min(g, 255));
          rgb[dst + 2] = (byte) (bl < 0 ? 0 : Math.min(bl, 255));
        } else {
          rgb[dst] = (byte) a;
          rgb[dst + 1] = (byte) b;
          rgb[dst + 2] = (byte) e;
        }
      }
    }
    return new Pixels(outW, outH, 3, rgb);
  }

  private static int[] columnMap(Component c, int outW, int maxH) {
    int[] map = new int[outW];
    for (int x = 0; x < outW; x++) {
      map[x] = x * c.h / maxH;
    }
    return map;
  }
}
