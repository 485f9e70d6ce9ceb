package dev.eventpipeline.thumbnail.image.jpeg;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.jpeg.JpegDecoder.CorruptDataException;

/**
 * The entropy-coded data of a scan, read as bits: stuffed bytes ({@code FF 00}) dropped, and zero
 * bits supplied once a marker or the end of the data is reached (counted, so that a truncated image
 * can be told from a scan that ends on a byte boundary). The block decoders keep {@link #buf} and
 * {@link #bits} in locals in their loops, so the JIT holds them in registers, and write them back
 * around every call that reads bits here.
 */
final class BitReader {
  private final byte[] d;
  /** The next byte of entropy-coded data to go into the buffer. */
  int pos;
  /** The bits not yet consumed, the next one highest. */
  long buf;
  /** How many bits of {@link #buf} are valid. */
  int bits;
  private int padBytes;
  private boolean hitMarker;
  private boolean eof;

  BitReader(byte[] data) {
    this.d = data;
  }

  void reset() {
    buf = 0;
    bits = 0;
    padBytes = 0;
    hitMarker = false;
  }

  /** Data that ran out (end of file) while blocks were still being decoded is a truncated image. */
  void checkNotTruncated() {
    if (eof && padBytes * 8 - bits > 0) {
      throw ImageRejectedException.corrupt("JPEG data is truncated");
    }
  }

  /**
   * Byte-aligns and steps over the restart marker that ends an interval; false (standing at it) when
   * the data holds some other marker or ends there instead.
   */
  boolean nextRestart() {
    reset();
    while (pos + 1 < d.length && !((d[pos] & 0xFF) == 0xFF && (d[pos + 1] & 0xFF) >= 0xD0 && (d[pos + 1] & 0xFF) <= 0xD7)) {
      if ((d[pos] & 0xFF) == 0xFF && d[pos + 1] != 0 && (d[pos + 1] & 0xFF) != 0xFF) {
        break;
      }
      pos++;
    }
    if (pos + 1 < d.length && (d[pos] & 0xFF) == 0xFF && (d[pos + 1] & 0xFF) >= 0xD0 && (d[pos + 1] & 0xFF) <= 0xD7) {
      pos += 2;
      return true;
    }
    return false;
  }

  /** Skips a scan's entropy-coded data up to the marker that ends it. */
  void skipEntropyData() {
    while (pos + 1 < d.length) {
      if ((d[pos] & 0xFF) == 0xFF) {
        int m = d[pos + 1] & 0xFF;
        if (m != 0 && m != 0xFF && (m < 0xD0 || m > 0xD7)) {
          return;
        }
      }
      pos++;
    }
    throw ImageRejectedException.corrupt("JPEG data is truncated (scan without end)");
  }

  /**
   * {@link #fill} for a block loop that holds the buffer in locals: takes them, fills, and returns
   * the new {@link #buf} ({@link #bits} holds its count). Small, so the JIT inlines it where the
   * loops wrote the five lines out before.
   */
  long refill(long b, int nb) {
    buf = b;
    bits = nb;
    fill();
    return buf;
  }

  /** Takes back a block loop's locals, before a call that reads bits here. */
  void store(long b, int nb) {
    buf = b;
    bits = nb;
  }

  void fill() {
    int p = pos;
    if (bits <= 56 && !hitMarker && p + 8 <= d.length) {
      // Fast path: the next 8 bytes hold no 0xFF (no stuffed byte, no marker), so as many whole bytes
      // as fit go in at once; the same bytes, in the same places, as the byte loop below.
      long x = (long) BIG_ENDIAN_LONG.get(d, p);
      long y = ~x; // a zero byte in y is a 0xFF byte in x
      if (((y - 0x0101010101010101L) & ~y & 0x8080808080808080L) == 0) {
        int take = (64 - bits) >>> 3;
        buf |= (x >>> (64 - 8 * take)) << (64 - bits - 8 * take);
        bits += 8 * take;
        pos = p + take;
        return;
      }
    }
    while (bits <= 56) {
      int b;
      if (hitMarker) {
        b = 0;
        padBytes++;
      } else if (pos >= d.length) {
        hitMarker = true;
        eof = true;
        b = 0;
        padBytes++;
      } else {
        b = d[pos] & 0xFF;
        if (b == 0xFF) {
          int next = pos + 1 < d.length ? d[pos + 1] & 0xFF : -1;
          if (next == 0) {
            pos += 2;
          } else if (next == 0xFF) {
            pos++;
            continue;
          } else {
            hitMarker = true;
            eof |= next < 0;
            b = 0;
            padBytes++;
          }
        } else {
          pos++;
        }
      }
      buf |= (long) b << (56 - bits);
      bits += 8;
    }
  }

  int decodeHuffman(JpegHuffman t) {
    if (bits < 32) {
      fill();
    }
    int e = t.lookup[(int) (buf >>> (64 - LOOKAHEAD))];
    if (e == 0) {
      e = t.slowEntry(buf);
    }
    int len = e >>> 8;
    buf <<= len;
    bits -= len;
    return e & 0xFF;
  }

  private int receive(int s) {
    if (s == 0) {
      return 0;
    }
    if (bits < s) {
      fill();
    }
    int v = (int) (buf >>> (64 - s));
    buf <<= s;
    bits -= s;
    return v;
  }

  int receiveExtend(int s) {
    int v = receive(s);
    return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
  }

  int readBit() {
    if (bits < 1) {
      fill();
    }
    int v = (int) (buf >>> 63);
    buf <<= 1;
    bits--;
    return v;
  }

  /** The next {@code count} (0..63) bits of the scan, the first one highest. */
  long readBits(int count) {
    long v = 0;
    for (int left = count; left > 0; ) {
      int take = Math.min(left, 32);
      if (bits < take) {
        fill();
      }
      v = v << take | buf >>> (64 - take);
      buf <<= take;
      bits -= take;
      left -= take;
    }
    return v;
  }

  private static final int LOOKAHEAD = JpegHuffman.LOOKAHEAD;

  private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
}
