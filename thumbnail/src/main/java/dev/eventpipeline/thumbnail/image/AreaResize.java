package dev.eventpipeline.thumbnail.image;

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
    return filter(src, dstW, dstH).toPixels();
  }

  /**
   * The area-filtered image before its samples are rounded to bytes: floats, colour premultiplied by
   * alpha when there is alpha. A smaller size whose dimensions divide these exactly is the same area
   * filter of the source when taken from here ({@link #shrink}): each of its pixels covers whole
   * pixels of this one, all of the same source area.
   */
  public static final class Filtered {
    private final int width;
    private final int height;
    private final int channels;
    private final float[] data;

    private Filtered(int width, int height, int channels, float[] data) {
      this.width = width;
      this.height = height;
      this.channels = channels;
      this.data = data;
    }

    public int width() {
      return width;
    }

    public int height() {
      return height;
    }

    /** Whether {@code w x h} is this image shrunk by whole factors (exactly the source's area filter, but for float rounding). */
    public boolean dividesInto(int w, int h) {
      return w > 0 && h > 0 && w <= width && h <= height && width % w == 0 && height % h == 0;
    }

    /** This image area-filtered again to w x h. */
    public Filtered shrink(int w, int h) {
      if (w > width || h > height) {
        throw new IllegalArgumentException("area resize only shrinks");
      }
      Weights wx = new Weights(width, w);
      float[] tmp = new float[w * height * channels];
      int c = channels;
      for (int y = 0; y < height; y++) {
        int row = y * width * c;
        int out = y * w * c;
        for (int x = 0; x < w; x++, out += c) {
          int first = wx.first[x];
          int base = wx.offset[x];
          for (int k = 0; k < wx.count[x]; k++) {
            float wt = wx.weight[base + k];
            int i = row + (first + k) * c;
            for (int ch = 0; ch < c; ch++) {
              tmp[out + ch] += data[i + ch] * wt;
            }
          }
        }
      }
      return new Filtered(w, h, c, vertical(tmp, w, height, h, c));
    }

    /** Rounded to 8 bits (and un-premultiplied when there is alpha). */
    public Pixels toPixels() {
      byte[] dst = new byte[width * height * channels];
      float[] acc = data;
      if (channels == 4) {
        for (int i = 0; i < acc.length; i += 4) {
          float a = acc[i + 3];
          if (!(a <= 0f)) {
            dst[i] = clamp(acc[i] / a);
            dst[i + 1] = clamp(acc[i + 1] / a);
            dst[i + 2] = clamp(acc[i + 2] / a);
            dst[i + 3] = clamp(a);
          } // else transparent black (0, 0, 0, 0)
        }
      } else {
        for (int i = 0; i < acc.length; i++) {
          dst[i] = clamp(acc[i]);
        }
      }
      return new Pixels(width, height, channels, dst);
    }
  }

  /** The area filter of {@code src} to dstW x dstH, not yet rounded. */
  public static Filtered filter(Pixels src, int dstW, int dstH) {
    if (dstW > src.width() || dstH > src.height()) {
      throw new IllegalArgumentException("area resize only shrinks");
    }
    int c = src.channels();
    boolean alpha = c == 4;
    int sw = src.width();
    int sh = src.height();
    byte[] s = src.data();
    Weights wx = new Weights(sw, dstW);
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
    return new Filtered(dstW, dstH, c, vertical(tmp, dstW, sh, dstH, c));
  }

  /** Vertical pass: rows of {@code w * c} floats, {@code srcH} of them to {@code dstH}. */
  private static float[] vertical(float[] tmp, int w, int srcH, int dstH, int c) {
    Weights wy = new Weights(srcH, dstH);
    int rowLen = w * c;
    float[] dst = new float[rowLen * dstH];
    for (int y = 0; y < dstH; y++) {
      int out = y * rowLen;
      int first = wy.first[y];
      int base = wy.offset[y];
      for (int k = 0; k < wy.count[y]; k++) {
        float wt = wy.weight[base + k];
        int row = (first + k) * rowLen;
        for (int i = 0; i < rowLen; i++) {
          dst[out + i] += tmp[row + i] * wt;
        }
      }
    }
    return dst;
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
