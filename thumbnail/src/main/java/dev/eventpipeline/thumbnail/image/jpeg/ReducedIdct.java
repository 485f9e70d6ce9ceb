package dev.eventpipeline.thumbnail.image.jpeg;

import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.SLOTS;
import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.USEFUL;

/**
 * The inverse DCT at the reduced size: each 8x8 block's coefficients, dequantized and weighted
 * ({@link Component#prepareWeights}), summed into its n x n pixels, each the exact mean of the
 * full-resolution pixels under it. Baseline blocks are folded in as they are decoded; a progressive
 * image's kept coefficients are transformed once all its scans are in.
 */
final class ReducedIdct {
  /** Output pixels per block edge: 8 / scale denominator. */
  final int n;
  final int nn;
  /** Progressive below 1/8: the AC coefficients that weigh in at this scale, their slots, a block's stretch. */
  final long useful;
  final byte[] slots;
  final int acStride;
  private final float[] acc;

  ReducedIdct(int n) {
    this.n = n;
    this.nn = n * n;
    this.acc = new float[nn];
    this.useful = USEFUL[n];
    this.slots = SLOTS[n];
    int kept = Long.bitCount(useful);
    this.acStride = n == 1 ? 0 : kept + (kept < 63 ? 1 : 0); // the unused slot only where some coefficient is unused
  }

  /**
   * A baseline block's pixels: the DC term, then each AC coefficient's weighted contribution, in
   * stream order (float, so the same sums as transformAll's); at 1/4 the four sums stay in locals.
   */
  void fold(Component c, int row, int col, int[] positions, int[] values, int count) {
    float[] w = c.weights;
    float dc = c.pred;
    if (nn == 4) {
      float o0 = dc * w[0];
      float o1 = dc * w[1];
      float o2 = dc * w[2];
      float o3 = dc * w[3];
      for (int m = 0; m < count; m++) {
        float v = values[m];
        int base = positions[m] * 4;
        o0 += v * w[base];
        o1 += v * w[base + 1];
        o2 += v * w[base + 2];
        o3 += v * w[base + 3];
      }
      byte[] plane = c.plane;
      int stride = c.planeW;
      int o = row * 2 * stride + col * 2;
      plane[o] = pixel(o0);
      plane[o + 1] = pixel(o1);
      plane[o + stride] = pixel(o2);
      plane[o + stride + 1] = pixel(o3);
      return;
    }
    float[] out = acc;
    int nn = this.nn;
    for (int i = 0; i < nn; i++) {
      out[i] = dc * w[i];
    }
    for (int m = 0; m < count; m++) {
      float v = values[m];
      int base = positions[m] * nn;
      for (int i = 0; i < nn; i++) {
        out[i] += v * w[base + i];
      }
    }
    store(c, row, col, out);
  }

  private void store(Component c, int row, int col, float[] out) {
    byte[] plane = c.plane;
    int stride = c.planeW;
    int base = row * n * stride + col * n;
    for (int j = 0; j < n; j++) {
      int o = base + j * stride;
      for (int i = 0; i < n; i++) {
        int v = round(out[j * n + i]) + 128;
        plane[o + i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
      }
    }
  }

  /** Progressive: all scans are in; turn each block's coefficients into its reduced pixels. */
  void transformAll(Component c, int[] q) {
    c.prepareWeights(q, n);
    float[] w = c.weights;
    float[] out = acc;
    short[] dcs = c.dcs;
    short[] coefs = c.coefs;
    long[] nonzero = c.nonzero;
    if (nn == 4) {
      transformAllQuarter(c, dcs, coefs, nonzero, useful, slots, acStride);
    } else {
      for (int row = 0; row < c.bpcMcu; row++) {
        for (int col = 0; col < c.bplMcu; col++) {
          int block = row * c.bplMcu + col;
          int off = block * acStride;
          float dc = dcs[block];
          for (int i = 0; i < nn; i++) {
            out[i] = dc * w[i];
          }
          // the AC coefficients that are nonzero and weigh in at this scale (their weights are not all 0)
          for (long todo = nonzero == null ? 0 : nonzero[block] & useful; todo != 0; todo &= todo - 1) {
            int k = Long.numberOfTrailingZeros(todo);
            int v = coefs[off + slots[k]];
            int base = k * nn;
            for (int i = 0; i < nn; i++) {
              out[i] += v * w[base + i];
            }
          }
          store(c, row, col, out);
        }
      }
    }
    c.dcs = null;
    c.coefs = null;
    c.nonzero = null;
  }

  /** transformAll at 1/4 (2 x 2 pixels per block), the four sums in locals: the same products in the same order. */
  private static void transformAllQuarter(Component c, short[] dcs, short[] coefs, long[] nonzero, long useful,
      byte[] slots, int acStride) {
    float[] w = c.weights;
    byte[] plane = c.plane;
    int stride = c.planeW;
    for (int row = 0; row < c.bpcMcu; row++) {
      for (int col = 0; col < c.bplMcu; col++) {
        int block = row * c.bplMcu + col;
        int off = block * acStride;
        float dc = dcs[block];
        float o0 = dc * w[0];
        float o1 = dc * w[1];
        float o2 = dc * w[2];
        float o3 = dc * w[3];
        for (long todo = nonzero[block] & useful; todo != 0; todo &= todo - 1) {
          int k = Long.numberOfTrailingZeros(todo);
          int v = coefs[off + slots[k]];
          int base = k * 4;
          o0 += v * w[base];
          o1 += v * w[base + 1];
          o2 += v * w[base + 2];
          o3 += v * w[base + 3];
        }
        int o = row * 2 * stride + col * 2;
        plane[o] = pixel(o0);
        plane[o + 1] = pixel(o1);
        plane[o + stride] = pixel(o2);
        plane[o + stride + 1] = pixel(o3);
      }
    }
  }

  /** A level-shifted, clamped sample: exactly what store() writes. */
  private static byte pixel(float sum) {
    int v = round(sum) + 128;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  /**
   * Math.round(x), for every float: x + 0.5 is exact in double (the only inexact sums are of floats
   * of 2^52 and more, which both saturate), and floor is one instruction where Math.round(float)
   * branches on the sign and the exponent.
   */
  static int round(float x) {
    return (int) Math.floor(x + 0.5d);
  }
}
