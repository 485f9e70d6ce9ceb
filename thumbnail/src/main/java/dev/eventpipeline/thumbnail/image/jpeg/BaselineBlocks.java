package dev.eventpipeline.thumbnail.image.jpeg;

import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.USEFUL;

import dev.eventpipeline.thumbnail.image.jpeg.JpegDecoder.CorruptDataException;

/** Sequential (baseline and extended) scans: each block decoded and folded straight into its reduced pixels. */
final class BaselineBlocks {
  private final BitReader in;
  private final ReducedIdct idct;
  private final int n;
  private final int[] acPositions = new int[64];
  private final int[] acValues = new int[64];

  BaselineBlocks(BitReader in, ReducedIdct idct) {
    this.in = in;
    this.idct = idct;
    this.n = idct.n;
  }

  /**
   * One baseline block, folded straight into its n x n output pixels. The bit buffer lives in locals
   * here (written back to the fields around every call that uses them: fill, the long-code path), so
   * the JIT keeps it in registers; the bits consumed, the checks and the arithmetic are those of
   * {@link BitReader#decodeHuffman} and {@link BitReader#receiveExtend}, in the same order.
   */
  void decode(Component c, int row, int col) {
    long b = in.buf;
    int nb = in.bits;
    if (nb < 32) {
      b = in.refill(b, nb);
      nb = in.bits;
    }
    JpegHuffman dcTable = c.dc;
    int dcIndex = (int) (b >>> (64 - LOOKAHEAD));
    int dcFast = dcTable.fastDc[dcIndex];
    int e = dcTable.lookup[dcIndex];
    int t;
    if (dcFast != 0) { // code and value in one lookup
      int len = dcFast & 0xFF;
      b <<= len;
      nb -= len;
      c.pred += dcFast >> 16;
      t = 0;
    } else if (e != 0) {
      int len = e >>> 8;
      b <<= len;
      nb -= len;
      t = e & 0xFF;
    } else {
      in.store(b, nb);
      t = in.decodeHuffman(dcTable);
      b = in.buf;
      nb = in.bits;
    }
    if (t != 0) {
      if (t > 15) {
        throw new CorruptDataException("JPEG DC difference of " + t + " bits");
      }
      int diff;
      if (nb >= t) {
        int v = (int) (b >>> (64 - t));
        b <<= t;
        nb -= t;
        diff = v < (1 << (t - 1)) ? v - (1 << t) + 1 : v;
      } else {
        in.store(b, nb);
        diff = in.receiveExtend(t);
        b = in.buf;
        nb = in.bits;
      }
      c.pred += diff;
    }
    JpegHuffman ac = c.ac;
    int[] lookup = ac.lookup;
    if (n == 1) {
      // Only the DC coefficient counts at 1/8: each AC code and its value bits are skipped together.
      int[] skip = ac.skipAc;
      for (int k = 1; k < 64; ) {
        if (nb < 32) {
          b = in.refill(b, nb);
          nb = in.bits;
        }
        int q = skip[(int) (b >>> (64 - LOOKAHEAD))];
        if (q != 0) {
          int len = q & 0xFF;
          b <<= len;
          nb -= len;
          if (q < SKIP_EOB) { // a coefficient: r zeros and itself
            k += q >> 8;
            if (k > 64) {
              throw new CorruptDataException("JPEG block has more than 64 coefficients");
            }
          } else if (q < SKIP_ZRL) {
            break;
          } else {
            k += 16;
          }
          continue;
        }
        int g = ac.slowEntry(b); // a code longer than LOOKAHEAD bits
        b <<= g >>> 8;
        nb -= g >>> 8;
        int rs = g & 0xFF;
        int s = rs & 15;
        int r = rs >> 4;
        if (s == 0) {
          if (r != 15) {
            break;
          }
          k += 16;
          continue;
        }
        k += r;
        if (k > 63) {
          throw new CorruptDataException("JPEG block has more than 64 coefficients");
        }
        b <<= s;
        nb -= s;
        k++;
      }
      in.store(b, nb);
      int v = ReducedIdct.round((float) c.pred * c.weights[0]) + 128;
      c.plane[row * c.planeW + col] = (byte) (v < 0 ? 0 : Math.min(v, 255));
      return;
    }
    // The block's nonzero AC coefficients, in stream order, then folded into its pixels.
    int[] positions = acPositions;
    int[] values = acValues;
    int count = 0;
    long useful = USEFUL[n];
    int[] fast = ac.fastAc;
    for (int k = 1; k < 64; k++) {
      if (nb < 32) {
        b = in.refill(b, nb);
        nb = in.bits;
      }
      int index = (int) (b >>> (64 - LOOKAHEAD));
      int f = fast[index];
      int v;
      if (f != 0) { // code and value in one lookup
        int len = f & 0xFF;
        b <<= len;
        nb -= len;
        k += (f >> 8) & 15;
        if (k > 63) {
          throw new CorruptDataException("JPEG block has more than 64 coefficients");
        }
        v = f >> 16;
      } else {
        int g = lookup[index];
        if (g == 0) {
          g = ac.slowEntry(b); // a code longer than LOOKAHEAD bits
        }
        b <<= g >>> 8;
        nb -= g >>> 8;
        int rs = g & 0xFF;
        int s = rs & 15;
        int r = rs >> 4;
        if (s == 0) {
          if (r != 15) {
            break;
          }
          k += 15;
          continue;
        }
        k += r;
        if (k > 63) {
          throw new CorruptDataException("JPEG block has more than 64 coefficients");
        }
        if (nb < s) {
          b = in.refill(b, nb);
          nb = in.bits;
        }
        int x = (int) (b >>> (64 - s));
        b <<= s;
        nb -= s;
        v = x < (1 << (s - 1)) ? x - (1 << s) + 1 : x;
      }
      positions[count] = k;
      values[count] = v;
      count += (int) (useful >>> k) & 1; // kept only when it weighs in at this scale (adding 0 x v changes no sum)
    }
    in.store(b, nb);
    idct.fold(c, row, col, positions, values, count);
  }

  private static final int LOOKAHEAD = JpegHuffman.LOOKAHEAD;
  private static final int SKIP_EOB = JpegHuffman.SKIP_EOB;
  private static final int SKIP_ZRL = JpegHuffman.SKIP_ZRL;
}
