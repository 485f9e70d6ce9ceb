package dev.eventpipeline.thumbnail.domain;

/**
 * Downscaling with an area (box) filter: every output pixel is the coverage-weighted mean of the
 * source pixels under it, so no source pixel is skipped and nothing aliases. Separable (rows, then
 * columns); alpha is premultiplied while filtering so transparent pixels do not darken edges.
 */
public final class AreaResize {
  private AreaResize() {}

  /** Target dimensions: the longest edge becomes {@code longestEdge}, never larger than the source. */
  public static int[] fit(int width, int height, int longestEdge) {
    int longest = Math.max(width, height);
    if (longest <= longestEdge) {
      return new int[] {width, height};
    }
    double scale = (double) longestEdge / longest;
    int w = width >= height ? longestEdge : Math.max(1, (int) Math.round(width * scale));
    int h = height > width ? longestEdge : Math.max(1, (int) Math.round(height * scale));
    return new int[] {w, h};
  }

  public static Pixels resize(Pixels src, int dstW, int dstH) {
    if (dstW == src.width() && dstH == src.height()) {
      return src;
    }
    if (dstW > src.width() || dstH > src.height()) {
      throw new IllegalArgumentException("area resize only shrinks");
    }
    int c = src.channels();
    boolean alpha = c == 4;
    int sw = src.width();
    int sh = src.height();
    byte[] s = src.data();
    Weights wx = new Weights(sw, dstW);
    Weights wy = new Weights(sh, dstH);
    // Horizontal pass: sh rows of dstW pixels, floats (premultiplied when there is alpha).
    float[] tmp = new float[dstW * sh * c];
    for (int y = 0; y < sh; y++) {
      int row = y * sw * c;
      int out = y * dstW * c;
      for (int x = 0; x < dstW; x++, out += c) {
        float r = 0;
        float g = 0;
        float b = 0;
        float a = 0;
        int first = wx.first[x];
        int base = wx.offset[x];
        for (int k = 0; k < wx.count[x]; k++) {
          float w = wx.weight[base + k];
          int i = row + (first + k) * c;
          if (alpha) {
            float pa = (s[i + 3] & 0xFF) * w;
            a += pa;
            r += (s[i] & 0xFF) * pa;
            g += (s[i + 1] & 0xFF) * pa;
            b += (s[i + 2] & 0xFF) * pa;
          } else {
            r += (s[i] & 0xFF) * w;
            g += (s[i + 1] & 0xFF) * w;
            b += (s[i + 2] & 0xFF) * w;
          }
        }
        tmp[out] = r;
        tmp[out + 1] = g;
        tmp[out + 2] = b;
        if (alpha) {
          tmp[out + 3] = a;
        }
      }
    }
    // Vertical pass.
    byte[] dst = new byte[dstW * dstH * c];
    float[] acc = new float[dstW * c];
    for (int y = 0; y < dstH; y++) {
      java.util.Arrays.fill(acc, 0f);
      int first = wy.first[y];
      int base = wy.offset[y];
      for (int k = 0; k < wy.count[y]; k++) {
        float w = wy.weight[base + k];
        int row = (first + k) * dstW * c;
        for (int i = 0; i < acc.length; i++) {
          acc[i] += tmp[row + i] * w;
        }
      }
      int out = y * dstW * c;
      if (alpha) {
        for (int x = 0; x < dstW; x++) {
          int i = x * 4;
          float a = acc[i + 3];
          if (a <= 0f) {
            dst[out + i] = 0;
            dst[out + i + 1] = 0;
            dst[out + i + 2] = 0;
            dst[out + i + 3] = 0;
          } else {
            dst[out + i] = clamp(acc[i] / a);
            dst[out + i + 1] = clamp(acc[i + 1] / a);
            dst[out + i + 2] = clamp(acc[i + 2] / a);
            dst[out + i + 3] = clamp(a);
          }
        }
      } else {
        for (int i = 0; i < acc.length; i++) {
          dst[out + i] = clamp(acc[i]);
        }
      }
    }
    return new Pixels(dstW, dstH, c, dst);
  }

  private static byte clamp(float v) {
    int i = (int) (v + 0.5f);
    return (byte) (i < 0 ? 0 : Math.min(i, 255));
  }

  /** Per output index: the source range it covers and each source pixel's share of it. */
  private static final class Weights {
    final int[] first;
    final int[] count;
    final int[] offset;
    final float[] weight;

    Weights(int srcLen, int dstLen) {
      first = new int[dstLen];
      count = new int[dstLen];
      offset = new int[dstLen];
      double scale = (double) srcLen / dstLen;
      int total = 0;
      for (int o = 0; o < dstLen; o++) {
        int lo = (int) Math.floor(o * scale);
        int hi = Math.min(srcLen, (int) Math.ceil((o + 1) * scale));
        first[o] = lo;
        count[o] = Math.max(1, hi - lo);
        offset[o] = total;
        total += count[o];
      }
      weight = new float[total];
      for (int o = 0; o < dstLen; o++) {
        double left = o * scale;
        double right = (o + 1) * scale;
        double sum = 0;
        for (int k = 0; k < count[o]; k++) {
          int s = first[o] + k;
          double w = Math.max(0, Math.min(right, s + 1) - Math.max(left, s));
          weight[offset[o] + k] = (float) w;
          sum += w;
        }
        for (int k = 0; k < count[o]; k++) {
          weight[offset[o] + k] /= (float) sum;
        }
      }
    }
  }
}
