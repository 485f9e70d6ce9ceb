package dev.eventpipeline.masking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 decoding that remembers where each character came from, so a masked span can be spliced
 * into the original bytes: valid sequences decode as usual; each byte of an invalid sequence
 * (overlong forms, surrogates, truncated sequences, stray continuation bytes) decodes to one
 * U+FFFD standing for exactly that byte, which is then written back unchanged.
 */
final class Utf8 {
  private Utf8() {}

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** Whether {@code b[off, off + len)} is all ASCII: eight bytes at a time, their high bits all clear. */
  static boolean ascii(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      if (((long) LONGS.get(b, i) & HIGH_BITS) != 0) {
        return false;
      }
    }
    for (; i < end; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  private static final long ONES = 0x0101010101010101L;
  private static final long SPACES = 0x2020202020202020L;
  private static final long PERCENTS = 0x2525252525252525L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

  /**
   * Whether {@code b[off, off + len)} is printable ASCII without a backslash or a '%' (no control
   * character, so no tab or newline either): JSON whose strings end at the next quote and need no
   * decoding. Eight bytes at a time: a byte with its high bit set, below 0x20, or equal to '\' or
   * '%' sets the high bit of its lane in {@code bad} (the usual "has a zero / has less than" tests).
   */
  static boolean plainJson(byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      long v = (long) LONGS.get(b, i);
      long percent = v ^ PERCENTS;
      long backslash = v ^ BACKSLASHES;
      long bad = v | ((v - SPACES) & ~v) | ((percent - ONES) & ~percent) | ((backslash - ONES) & ~backslash);
      if ((bad & HIGH_BITS) != 0) {
        return false;
      }
    }
    for (; i < end; i++) {
      byte c = b[i];
      if (c < 0x20 || c == '\\' || c == '%') {
        return false; // negative bytes (non-ASCII) are below 0x20 too
      }
    }
    return true;
  }

  /** A decoded line: its text and, for each character (and one past the end), its byte offset. */
  record Decoded(String text, int[] byteOffsets) {}

  static Decoded decode(byte[] b, int off, int len) {
    char[] chars = new char[len];
    int[] offsets = new int[len + 1];
    int n = 0;
    int i = off;
    int end = off + len;
    while (i < end) {
      int b0 = b[i] & 0xFF;
      int cp = -1;
      int size = 1;
      if (b0 < 0x80) {
        cp = b0;
      } else if (b0 >= 0xC2 && b0 <= 0xDF) {
        size = 2;
        if (continuation(b, i + 1, end)) {
          cp = (b0 & 0x1F) << 6 | (b[i + 1] & 0x3F);
        }
      } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        size = 3;
        if (continuation(b, i + 1, end) && continuation(b, i + 2, end)) {
          cp = (b0 & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F);
          if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            cp = -1; // overlong or a surrogate
          }
        }
      } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        size = 4;
        if (continuation(b, i + 1, end) && continuation(b, i + 2, end) && continuation(b, i + 3, end)) {
          cp = (b0 & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | (b[i + 3] & 0x3F);
          if (cp < 0x10000 || cp > 0x10FFFF) {
            cp = -1;
          }
        }
      }
      if (cp < 0) {
        offsets[n] = i - off;
        chars[n++] = '\uFFFD';
        i++;
      } else if (cp < 0x10000) {
        offsets[n] = i - off;
        chars[n++] = (char) cp;
        i += size;
      } else {
        offsets[n] = i - off;
        chars[n++] = Character.highSurrogate(cp);
        offsets[n] = i - off; // a surrogate pair is one 4-byte sequence: spans never split it
        chars[n++] = Character.lowSurrogate(cp);
        i += size;
      }
    }
    offsets[n] = len;
    return new Decoded(new String(chars, 0, n), offsets);
  }

  private static boolean continuation(byte[] b, int i, int end) {
    return i < end && (b[i] & 0xC0) == 0x80;
  }
}
