package dev.eventpipeline.thumbnail.image.jpeg;

/** The constant tables of {@link JpegDecoder}: the zigzag order, the reduced-size transform and the bit tricks of refinement scans. */
final class JpegTables {
  private JpegTables() {}

  static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
    21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
    60, 61, 54, 47, 55, 62, 63};

  /** BASIS[n][u * n + i]: weight of frequency u in output pixel i of an n-pixel row (n = 1, 2, 4, 8). */
  static final float[][] BASIS = new float[9][];

  static {
    for (int n = 1; n <= 8; n <<= 1) {
      float[] b = new float[8 * n];
      int group = 8 / n;
      for (int u = 0; u < 8; u++) {
        double cu = u == 0 ? Math.sqrt(0.5) : 1.0;
        for (int i = 0; i < n; i++) {
          double sum = 0;
          for (int x = i * group; x < (i + 1) * group; x++) {
            sum += Math.cos((2 * x + 1) * u * Math.PI / 16);
          }
          double v = 0.5 * cu * sum / group;
          b[u * n + i] = Math.abs(v) < 1e-9 ? 0f : (float) v;
        }
      }
      BASIS[n] = b;
    }
  }

  /**
   * USEFUL[n]: bit k set when zigzag AC coefficient k has a nonzero weight in some output pixel at n
   * pixels per block edge (at 2, the even frequencies above 0 average out to exactly 0 over each half).
   */
  static final long[] USEFUL = new long[9];

  static {
    for (int n = 2; n <= 8; n <<= 1) {
      long mask = 0;
      for (int k = 1; k < 64; k++) {
        int u = ZIGZAG[k] & 7;
        int v = ZIGZAG[k] >> 3;
        if (weighs(BASIS[n], u, n) && weighs(BASIS[n], v, n)) {
          mask |= 1L << k;
        }
      }
      USEFUL[n] = mask;
    }
  }

  /**
   * SLOTS[n][k]: where a progressive image keeps zigzag AC coefficient k (1..63) in its block's
   * stretch of the coefficient buffer at n pixels per block edge: the coefficients that weigh in (USEFUL[n])
   * one after another, every other one in a last, never-read slot (so a store needs no branch).
   */
  static final byte[][] SLOTS = new byte[9][];

  static {
    for (int n = 2; n <= 8; n <<= 1) {
      byte[] slots = new byte[64];
      int next = 0;
      int unused = Long.bitCount(USEFUL[n]);
      for (int k = 1; k < 64; k++) {
        slots[k] = (byte) ((USEFUL[n] >>> k & 1) != 0 ? next++ : unused);
      }
      SLOTS[n] = slots;
    }
  }

  private static boolean weighs(float[] basis, int frequency, int n) {
    for (int i = 0; i < n; i++) {
      if (basis[frequency * n + i] != 0f) {
        return true;
      }
    }
    return false;
  }

  /** SELECT[b << 3 | j]: the position (0..7) of the (j+1)-th lowest set bit of byte b. */
  static final byte[] SELECT = new byte[256 * 8];

  static {
    for (int b = 0; b < 256; b++) {
      int j = 0;
      for (int bit = 0; bit < 8; bit++) {
        if ((b >> bit & 1) != 0) {
          SELECT[b << 3 | j++] = (byte) bit;
        }
      }
    }
  }

  /**
   * COUNTS[b], byte j: how many clear bits of byte b come before its (j+1)-th set bit (for j below
   * the number of set bits): with b the zero coefficients from k on, the nonzero ones a zero run of
   * j passes before its target, one byte of a long loaded before j is known.
   */
  static final long[] COUNTS = new long[256];

  static {
    for (int b = 0; b < 256; b++) {
      for (int j = 0; j < Integer.bitCount(b); j++) {
        COUNTS[b] |= (long) (SELECT[b << 3 | j] - j) << (8 * j);
      }
    }
  }
}
