package dev.eventpipeline.thumbnail.image.jpeg;

import dev.eventpipeline.thumbnail.image.jpeg.JpegDecoder.CorruptDataException;
import dev.eventpipeline.thumbnail.image.ImageRejectedException;

/**
 * One Huffman table of a JPEG (ITU T.81 Annex C) with {@link JpegDecoder}'s lookahead tables: a code
 * of up to LOOKAHEAD bits is decoded with one lookup, and for AC, DC and refinement codes its value
 * or sign bits too where they fit.
 */
final class JpegHuffman {
  static final int LOOKAHEAD = 11;
  static final int SKIP_EOB = 1 << 16;
  static final int SKIP_ZRL = 1 << 17;
  static final int REFINE_PLUS = 1 << 12;

  final int[] lookup = new int[1 << LOOKAHEAD];
  /**
   * AC fast path: for a code and its value bits that fit in LOOKAHEAD bits together, the decoded
   * value (bits 16..31, signed), the run (bits 8..11) and the total length (bits 0..7); 0 if not.
   */
  final int[] fastAc = new int[1 << LOOKAHEAD];
  /**
   * AC at 1/8, where values are skipped: for a code of at most LOOKAHEAD bits, the bits of the code
   * and its value together (bits 0..7) and how far it moves along the block: run + 1 (bits 8..15),
   * or SKIP_EOB (end of block), or SKIP_ZRL (16 zeros); 0 for a longer code.
   */
  final int[] skipAc = new int[1 << LOOKAHEAD];
  /**
   * AC refinement scans: for a code with a value (a new coefficient, s != 0, read as s = 1) that
   * fits in LOOKAHEAD bits with its sign bit, the length of both (bits 0..7), the run (bits 8..11)
   * and REFINE_PLUS when the sign bit is 1; 0 for anything else.
   */
  final int[] refineFast = new int[1 << LOOKAHEAD];
  /**
   * DC: for a difference size (0..15) whose code and value bits fit in LOOKAHEAD bits together,
   * the difference (bits 16..31, signed) and the total length (bits 0..7); 0 if not.
   */
  final int[] fastDc = new int[1 << LOOKAHEAD];
  final int[] maxcode = new int[18];
  final int[] mincode = new int[17];
  final int[] valptr = new int[17];
  final byte[] values;

  JpegHuffman(int[] counts, byte[] values) {
    this.values = values;
    int code = 0;
    int k = 0;
    for (int l = 1; l <= 16; l++) {
      valptr[l] = k;
      mincode[l] = code;
      for (int i = 0; i < counts[l]; i++, k++, code++) {
        if (l <= LOOKAHEAD) {
          int shift = LOOKAHEAD - l;
          int from = code << shift;
          int to = (code + 1) << shift;
          if (to > lookup.length) {
            throw ImageRejectedException.corrupt("JPEG Huffman table is invalid");
          }
          int rs = values[k] & 0xFF;
          int skip = (rs & 15) != 0 ? (l + (rs & 15)) | ((rs >> 4) + 1) << 8 : rs == 0xF0 ? l | SKIP_ZRL : l | SKIP_EOB;
          for (int x = from; x < to; x++) {
            lookup[x] = l << 8 | rs;
            skipAc[x] = skip;
          }
          if ((rs & 15) != 0 && l < LOOKAHEAD) {
            for (int x = from; x < to; x++) {
              int sign = (x >> (LOOKAHEAD - l - 1)) & 1;
              refineFast[x] = (l + 1) | (rs >> 4) << 8 | (sign != 0 ? REFINE_PLUS : 0);
            }
          }
          if (rs < 16 && l + rs <= LOOKAHEAD) {
            for (int x = from; x < to; x++) {
              int extra = rs == 0 ? 0 : (x >> (LOOKAHEAD - l - rs)) & ((1 << rs) - 1);
              int diff = rs == 0 ? 0 : extra < (1 << (rs - 1)) ? extra - (1 << rs) + 1 : extra;
              fastDc[x] = diff << 16 | (l + rs);
            }
          }
          int size = rs & 15;
          if (size > 0 && l + size <= LOOKAHEAD) {
            for (int x = from; x < to; x++) {
              int extra = (x >> (LOOKAHEAD - l - size)) & ((1 << size) - 1);
              int value = extra < (1 << (size - 1)) ? extra - (1 << size) + 1 : extra;
              fastAc[x] = value << 16 | (rs >> 4) << 8 | (l + size);
            }
          }
        }
      }
      if (code > 1 << l) {
        throw ImageRejectedException.corrupt("JPEG Huffman table is invalid (more codes than " + l + " bits allow)");
      }
      maxcode[l] = counts[l] > 0 ? code - 1 : -1;
      code <<= 1;
    }
    maxcode[17] = Integer.MAX_VALUE;
  }

  /**
   * The lookup entry ({@code length << 8 | symbol}) of a code longer than LOOKAHEAD bits at the top of
   * {@code b} (which holds at least 16 valid bits), decoded bit length by bit length; nothing consumed.
   */
  int slowEntry(long b) {
    for (int l = LOOKAHEAD + 1; l <= 16; l++) {
      int code = (int) (b >>> (64 - l));
      if (code <= maxcode[l]) {
        return l << 8 | (values[valptr[l] + code - mincode[l]] & 0xFF);
      }
    }
    throw new CorruptDataException("JPEG data has an invalid Huffman code");
  }
}
