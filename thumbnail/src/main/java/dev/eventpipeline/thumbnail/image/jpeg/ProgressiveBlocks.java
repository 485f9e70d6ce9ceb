package dev.eventpipeline.thumbnail.image.jpeg;

import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.COUNTS;
import static dev.eventpipeline.thumbnail.image.jpeg.JpegTables.SELECT;

import dev.eventpipeline.thumbnail.image.jpeg.JpegDecoder.CorruptDataException;

/**
 * Progressive scans (ITU T.81 G.1.2): DC first and refinement scans, AC first scans (spectral
 * selection, end-of-band runs) and AC refinement scans (successive approximation), into each block's
 * kept coefficients; {@link ReducedIdct#transformAll} turns them into pixels once all scans are in.
 */
final class ProgressiveBlocks {
  private final BitReader in;
  private final long useful;
  private final byte[] slots;
  private final int acStride;
  /** Blocks left in the current end-of-band run. */
  int eobrun;

  ProgressiveBlocks(BitReader in, ReducedIdct idct) {
    this.in = in;
    this.useful = idct.useful;
    this.slots = idct.slots;
    this.acStride = idct.acStride;
  }

  /** One block of a progressive scan: Ss..Se with successive approximation Ah, Al. */
  void decode(Component c, int block, int ss, int se, int ah, int al) {
    if (ss == 0) {
      if (ah == 0) {
        c.dcs[block] = (short) (decodeDc(c) << al);
      } else if (in.readBit() != 0) {
        c.dcs[block] |= (short) (1 << al);
      }
    } else if (ah == 0) {
      decodeAcFirst(c.coefs, c.nonzero, block, c.ac, ss, se, al);
    } else {
      decodeAcRefine(c.coefs, c.nonzero, block, c.ac, ss, se, al);
    }
  }

  /**
   * Up to {@code count} blocks of an AC scan from (row, col) on, in raster order, in one call (every
   * AC scan has a single component, T.81 G.1.1.1.1): stops after a block that starts an end-of-band
   * run, which the caller steps over. Returns the number of blocks decoded.
   */
  int acBlocks(Component c, int row, int col, int count, int ss, int se, int ah, int al) {
    short[] coefs = c.coefs;
    long[] nonzero = c.nonzero;
    JpegHuffman ac = c.ac;
    int block = row * c.bplMcu + col;
    for (int i = 0; i < count; i++) {
      if (ah == 0) {
        decodeAcFirst(coefs, nonzero, block, ac, ss, se, al);
      } else {
        decodeAcRefine(coefs, nonzero, block, ac, ss, se, al);
      }
      if (++col == c.blocksPerLine) {
        col = 0;
        row++;
        block = row * c.bplMcu;
      } else {
        block++;
      }
      if (eobrun > 0) {
        return i + 1;
      }
    }
    return count;
  }

  /** The next DC difference added to the component's prediction, which is returned. */
  private int decodeDc(Component c) {
    if (in.bits < 32) {
      in.fill();
    }
    int f = c.dc.fastDc[(int) (in.buf >>> (64 - LOOKAHEAD))];
    if (f != 0) { // code and value in one lookup
      int len = f & 0xFF;
      in.buf <<= len;
      in.bits -= len;
      return c.pred += f >> 16;
    }
    int t = in.decodeHuffman(c.dc);
    if (t > 15) {
      throw new CorruptDataException("JPEG DC difference of " + t + " bits");
    }
    return c.pred += t == 0 ? 0 : in.receiveExtend(t);
  }

  private void decodeAcFirst(short[] coefs, long[] nonzero, int block, JpegHuffman ac, int ss, int se, int al) {
    if (eobrun > 0) {
      eobrun--;
      return;
    }
    int off = block * acStride;
    byte[] slots = this.slots;
    int[] fast = ac.fastAc;
    int[] lookup = ac.lookup;
    long nz = nonzero[block];
    long b = in.buf; // the bit buffer in locals, as in decodeBaseline
    int nb = in.bits;
    for (int k = ss; k <= se; ) {
      if (nb < 32) {
        b = in.refill(b, nb);
        nb = in.bits;
      }
      int index = (int) (b >>> (64 - LOOKAHEAD));
      int f = fast[index];
      if (f != 0) { // code and value in one lookup
        int len = f & 0xFF;
        b <<= len;
        nb -= len;
        k += (f >> 8) & 15;
        if (k > 63) {
          throw new CorruptDataException("JPEG block has more than 64 coefficients");
        }
        short v = (short) ((f >> 16) * (1 << al));
        coefs[off + slots[k]] = v;
        if (v != 0) {
          nz |= 1L << k;
        }
        k++;
        continue;
      }
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
        if (r < 15) {
          if (nb < r) {
            b = in.refill(b, nb);
            nb = in.bits;
          }
          int x = r == 0 ? 0 : (int) (b >>> (64 - r));
          b <<= r;
          nb -= r;
          eobrun = x + (1 << r) - 1;
          break;
        }
        k += 16;
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
      short v = (short) ((x < (1 << (s - 1)) ? x - (1 << s) + 1 : x) * (1 << al));
      coefs[off + slots[k]] = v;
      if (v != 0) {
        nz |= 1L << k;
      }
      k++;
    }
    in.store(b, nb);
    nonzero[block] = nz;
  }

  private void decodeAcRefine(short[] coefs, long[] nonzero, int block, JpegHuffman ac, int ss, int se, int al) {
    int p1 = 1 << al;
    int m1 = -1 << al;
    int off = block * acStride;
    int k = ss;
    if (eobrun <= 0) {
      int[] lookup = ac.lookup;
      int[] refineFast = ac.refineFast;
      long b = in.buf; // the bit buffer in locals, as in decodeBaseline; in the fields around refineAll
      int nb = in.bits;
      long nz = nonzero[block];
      long upTo = -1L >>> (63 - se);
      byte[] slots = this.slots;
      long passed = 0; // the nonzero coefficients passed so far, each with a correction bit
      long corrections = 0; // those bits, in stream order (the last one lowest)
      for (; k <= se; ) {
        if (nb < 32) {
          b = in.refill(b, nb);
          nb = in.bits;
        }
        int index = (int) (b >>> (64 - LOOKAHEAD));
        int q = refineFast[index];
        int r;
        int value;
        if (q != 0) { // a new coefficient and its sign bit in one lookup
          int len = q & 0xFF;
          b <<= len;
          nb -= len;
          r = (q >> 8) & 15;
          value = (q & REFINE_PLUS) != 0 ? p1 : m1;
        } else {
          int g = lookup[index];
          if (g == 0) {
            g = ac.slowEntry(b); // a code longer than LOOKAHEAD bits
          }
          b <<= g >>> 8;
          nb -= g >>> 8;
          int rs = g & 0xFF;
          int s = rs & 15;
          r = rs >> 4;
          value = 0;
          if (s == 0) {
            if (r < 15) {
              if (nb < r) {
                b = in.refill(b, nb);
                nb = in.bits;
              }
              int x = r == 0 ? 0 : (int) (b >>> (64 - r));
              b <<= r;
              nb -= r;
              eobrun = (1 << r) + x;
              break;
            }
          } else {
            if (nb < 1) {
              b = in.refill(b, nb);
              nb = in.bits;
            }
            value = b < 0 ? p1 : m1;
            b <<= 1;
            nb--;
          }
        }
        // Skip r coefficients that are still zero, giving each nonzero one passed on the way its
        // correction bit, in order; the next zero one (if any is left in k..se) receives the value.
        // The target is the (r+1)-th zero coefficient from k on, found 8 coefficients at a time (usually
        // in the first 8); se + 1 when there are no more than r zeros left in the band.
        // How many correction bits follow is on the critical path to the next code: where the target
        // is found, it is the distance to it less the r zeros passed, without counting the nonzero ones.
        long zeros = (~nz & upTo) >>> k; // bit i: coefficient k + i is zero
        int low = (int) zeros & 0xFF;
        long counts = COUNTS[low]; // loaded while the code is still being looked up
        int target;
        int count;
        long positions;
        if (r < Integer.bitCount(low)) {
          count = (int) (counts >>> (r << 3)) & 0xFF;
          target = k + r + count;
          positions = nz & (-1L << k) & ~(-2L << (target - 1)); // k..target-1 (none when target == k)
        } else {
          int left = r;
          int from = k;
          while (left >= Integer.bitCount(low)) {
            left -= Integer.bitCount(low);
            zeros >>>= 8;
            from += 8;
            if (zeros == 0) {
              break;
            }
            low = (int) zeros & 0xFF;
          }
          target = zeros == 0 ? se + 1 : from + SELECT[low << 3 | left];
          positions = nz & (-1L << k) & ~(-2L << (target - 1));
          count = Long.bitCount(positions);
        }
        long chunk;
        if (count <= 32) { // without a branch on count == 0 (the usual case, but not a predictable one)
          if (nb < count) {
            b = in.refill(b, nb);
            nb = in.bits;
          }
          chunk = (b >>> (64 - count)) & ((1L << count) - 1); // 0 when count == 0
          b <<= count;
          nb -= count;
        } else {
          in.store(b, nb);
          chunk = in.readBits(count);
          b = in.buf;
          nb = in.bits;
        }
        corrections = corrections << count | chunk;
        passed |= positions;
        if (target > se) {
          k = se + 1;
        } else {
          short v = (short) value;
          if (v != 0) {
            coefs[off + slots[target]] = v;
            nz |= 1L << target;
          }
          k = target + 1;
        }
      }
      in.store(b, nb);
      nonzero[block] = nz;
      if (eobrun > 0) {
        // Only the coefficients already nonzero in k..se get a correction bit.
        long positions = nz & band(k, se);
        int count = Long.bitCount(positions);
        corrections = corrections << count | in.readBits(count);
        passed |= positions;
        eobrun--;
      }
      correct(coefs, off, passed, corrections, p1);
    } else {
      refineAll(coefs, off, nonzero[block] & band(k, se), p1);
      eobrun--;
    }
  }

  /** Bits from..to (inclusive) set; none when from > to. */
  static long band(int from, int to) {
    return from > to ? 0 : (-1L << from) & (-1L >>> (63 - to));
  }

  /**
   * One correction bit for each coefficient in {@code positions} (all nonzero), lowest first. The
   * bits follow one another in the stream with no code between them, so they are read up to 32 at a
   * time, and applied without a branch (they are as good as random): a set bit moves a coefficient
   * whose bit {@code p1} is still clear one step of {@code p1} away from zero.
   */
  private void refineAll(short[] coefs, int off, long positions, int p1) {
    correct(coefs, off, positions, in.readBits(Long.bitCount(positions)), p1);
  }

  /** {@code run} blocks of a single-component refinement scan from (row, col) on, all inside an end-of-band run. */
  void refineRun(Component c, int row, int col, int run, long band, int p1) {
    short[] coefs = c.coefs;
    long[] nonzero = c.nonzero;
    for (int i = 0; i < run; i++) {
      int block = row * c.bplMcu + col;
      long positions = nonzero[block] & band;
      if (positions != 0) {
        refineAll(coefs, block * acStride, positions, p1);
      }
      if (++col == c.blocksPerLine) {
        col = 0;
        row++;
      }
    }
  }

  /**
   * Applies the correction bits in {@code chunk}, one per position (the lowest position's bit
   * highest), to the positions that weigh in at this scale; the others are never read.
   */
  private void correct(short[] coefs, int off, long positions, long chunk, int p1) {
    byte[] slots = this.slots;
    for (long todo = positions & useful; todo != 0; todo &= todo - 1) {
      int k = Long.numberOfTrailingZeros(todo);
      int bit = (int) (chunk >>> Long.bitCount(positions & (-2L << k))); // the positions after k have the lower bits
      int z = off + slots[k];
      int c = coefs[z];
      int sign = c >> 31;
      int step = (p1 ^ sign) - sign; // c >= 0 ? p1 : -p1
      int clear = ((c & p1) - 1) >> 31; // all ones when (c & p1) == 0
      coefs[z] = (short) (c + (step & clear & -(bit & 1)));
    }
  }

  private static final int LOOKAHEAD = JpegHuffman.LOOKAHEAD;
  private static final int REFINE_PLUS = JpegHuffman.REFINE_PLUS;
}
