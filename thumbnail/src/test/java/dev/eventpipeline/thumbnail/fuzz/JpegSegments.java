package dev.eventpipeline.thumbnail.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The fuzz harness's own JPEG segment walker: splits a file into its pieces so mutations can target
 * structure (a segment, a scan's entropy-coded data, the bytes between segments) and put the pieces
 * back together byte for byte. Deliberately independent of the production parsers, and total: any
 * input, however broken, splits into pieces that join back to the same bytes.
 *
 * <p>Reading rules (ITU T.81 B.1.1.3 / B.1.1.5): SOI, EOI, RST0..7 and TEM are 2-byte markers with no
 * length, wherever they occur (a second SOI too); every other marker is followed by a 2-byte length
 * that counts itself. After SOS, entropy-coded data runs to the next marker that is not a stuffed
 * byte (FF00) or a restart marker; RSTn inside it stay part of the data. Bytes that are not a marker
 * where one is expected (junk, fill-byte runs, a length running past the end, whatever follows EOI)
 * become {@link Kind#RAW} pieces.
 */
final class JpegSegments {
  /** What a piece of the file is. */
  enum Kind {
    /** A 2-byte marker without a length: SOI, EOI, RSTn, TEM. */
    STANDALONE,
    /** A marker with a length and a payload (APPn, DQT, DHT, SOFn, SOS, DRI, COM, ...). */
    SEGMENT,
    /** The entropy-coded data of a scan, from after its SOS header to the next non-RST marker. */
    ENTROPY,
    /** Anything else: junk between segments, fill bytes, a truncated segment, data after EOI. */
    RAW
  }

  /**
   * One piece of a JPEG file: its bytes, marker included (for STANDALONE and SEGMENT).
   *
   * @param marker the marker's second byte (0xC0 for SOF0 ...), or -1 for ENTROPY and RAW
   */
  record Segment(Kind kind, int marker, byte[] bytes) {
    /** Offset of the payload in {@link #bytes()}: after marker and length. */
    static final int PAYLOAD = 4;

    boolean is(int m) {
      return marker == m;
    }

    /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC). */
    boolean isFrame() {
      return kind == Kind.SEGMENT && marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** APPn or COM: metadata that no decoder needs for the pixels (APP0 JFIF, APP2 ICC and APP14 Adobe aside). */
    boolean isMetadata() {
      return kind == Kind.SEGMENT && (marker >= 0xE0 && marker <= 0xEF || marker == 0xFE);
    }

    int payloadLength() {
      return kind == Kind.SEGMENT ? bytes.length - PAYLOAD : 0;
    }

    /** A copy with the declared length field left as it is and the given payload byte replaced. */
    Segment withPayloadByte(int index, int value) {
      byte[] copy = bytes.clone();
      copy[PAYLOAD + index] = (byte) value;
      return new Segment(kind, marker, copy);
    }

    /** A copy with the 2-byte length field set to {@code length} (payload unchanged: the two now disagree). */
    Segment withLengthField(int length) {
      byte[] copy = bytes.clone();
      copy[2] = (byte) (length >> 8);
      copy[3] = (byte) length;
      return new Segment(kind, marker, copy);
    }

    int u8(int payloadIndex) {
      return bytes[PAYLOAD + payloadIndex] & 0xFF;
    }

    @Override
    public String toString() {
      return kind == Kind.STANDALONE || kind == Kind.SEGMENT
          ? String.format("FF%02X(%d)", marker, bytes.length) : kind + "(" + bytes.length + ")";
    }
  }

  private JpegSegments() {}

  /** Splits {@code d} into pieces; {@code join(parse(d))} equals {@code d} for every input. */
  static List<Segment> parse(byte[] d) {
    List<Segment> out = new ArrayList<>();
    int p = 0;
    int raw = 0; // start of the pending RAW run
    boolean inScan = false;
    while (p < d.length) {
      if (inScan) {
        int end = entropyEnd(d, p);
        flushRaw(d, raw, p, out);
        if (end > p) {
          out.add(new Segment(Kind.ENTROPY, -1, slice(d, p, end)));
        }
        p = end;
        raw = p;
        inScan = false;
        continue;
      }
      if ((d[p] & 0xFF) != 0xFF || p + 1 >= d.length) {
        p++;
        continue;
      }
      int m = d[p + 1] & 0xFF;
      if (m == 0xFF || m == 0x00) {
        p++; // a fill byte (the next FF may start the marker), or a stuffed zero out of place
        continue;
      }
      if (m == 0xD8 || m == 0xD9 || m == 0x01 || m >= 0xD0 && m <= 0xD7) {
        flushRaw(d, raw, p, out);
        out.add(new Segment(Kind.STANDALONE, m, slice(d, p, p + 2)));
        p += 2;
        raw = p;
        if (m == 0xD9) {
          break; // whatever follows EOI is trailing data
        }
        continue;
      }
      if (p + 4 > d.length) {
        break;
      }
      int len = (d[p + 2] & 0xFF) << 8 | (d[p + 3] & 0xFF);
      if (len < 2 || p + 2 + len > d.length) {
        break; // a length the data cannot hold: the rest is one RAW piece
      }
      flushRaw(d, raw, p, out);
      out.add(new Segment(Kind.SEGMENT, m, slice(d, p, p + 2 + len)));
      p += 2 + len;
      raw = p;
      inScan = m == 0xDA;
    }
    flushRaw(d, raw, d.length, out);
    return out;
  }

  static byte[] join(List<Segment> segments) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Segment s : segments) {
      out.writeBytes(s.bytes());
    }
    return out.toByteArray();
  }

  /** A SEGMENT with a correct length field for {@code payload}. */
  static Segment segment(int marker, byte[] payload) {
    byte[] b = new byte[payload.length + Segment.PAYLOAD];
    b[0] = (byte) 0xFF;
    b[1] = (byte) marker;
    b[2] = (byte) ((payload.length + 2) >> 8);
    b[3] = (byte) (payload.length + 2);
    System.arraycopy(payload, 0, b, Segment.PAYLOAD, payload.length);
    return new Segment(Kind.SEGMENT, marker, b);
  }

  static Segment standalone(int marker) {
    return new Segment(Kind.STANDALONE, marker, new byte[] {(byte) 0xFF, (byte) marker});
  }

  static Segment raw(byte[] bytes) {
    return new Segment(Kind.RAW, -1, bytes.clone());
  }

  /** End of the entropy-coded data starting at {@code p}: the FF of the first marker that ends it, or the end. */
  private static int entropyEnd(byte[] d, int p) {
    for (int i = p; i + 1 < d.length; i++) {
      if ((d[i] & 0xFF) != 0xFF) {
        continue;
      }
      int next = d[i + 1] & 0xFF;
      if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
        return i;
      }
    }
    return d.length;
  }

  private static void flushRaw(byte[] d, int from, int to, List<Segment> out) {
    if (to > from) {
      out.add(new Segment(Kind.RAW, -1, slice(d, from, to)));
    }
  }

  private static byte[] slice(byte[] d, int from, int to) {
    byte[] b = new byte[to - from];
    System.arraycopy(d, from, b, 0, b.length);
    return b;
  }
}
