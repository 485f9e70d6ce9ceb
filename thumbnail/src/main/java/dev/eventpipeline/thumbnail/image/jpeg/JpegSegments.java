package dev.eventpipeline.thumbnail.image.jpeg;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;

/**
 * The one walk over a JPEG's marker segments. {@link JpegHeaderReader} (the guard, which reads the
 * frame header and refuses bombs) and {@link JpegDecoder} both walk the file with this class, so
 * they see the same segments and the same frame whatever the file holds between them. The rules
 * follow libjpeg's marker reader:
 *
 * <ul>
 *   <li>Bytes that are not a marker (junk between segments, or {@code FF 00}) are skipped.
 *   <li>{@code FF} fill bytes before a marker are skipped.
 *   <li>TEM ({@code FF01}) and RST0-7 ({@code FFD0}-{@code FFD7}) outside entropy-coded data have no
 *       payload and are skipped.
 *   <li>A second SOI ({@code FFD8}) is an error (libjpeg: "Invalid JPEG file structure: two SOI
 *       markers"): {@code CORRUPT}, never read as a segment with a length.
 *   <li>EOI ({@code FFD9}) ends the walk.
 *   <li>Every other marker has a two-byte length that counts itself; a length below 2 or one that
 *       runs past the end of the data is {@code CORRUPT}.
 *   <li>A second frame header (SOF) is {@code CORRUPT} (libjpeg: "two SOF markers"): a file has
 *       exactly one frame, whatever the guard or the decoder would make of the other.
 * </ul>
 *
 * <p>After an SOS segment the caller decodes (or skips) the entropy-coded data and then resumes the
 * walk with {@link #resumeAt(int)}. Linear in the size of the data; allocates nothing.
 */
final class JpegSegments {
  /** {@link #next()} at the end of the data, with no EOI marker. */
  static final int END_OF_DATA = -1;
  static final int SOI = 0xD8;
  static final int EOI = 0xD9;
  static final int SOS = 0xDA;
  static final int DQT = 0xDB;
  static final int DHT = 0xC4;
  static final int DRI = 0xDD;

  private final byte[] d;
  private int pos;
  private int marker;
  private int start;
  private int end;
  private boolean sawFrame;

  /** Starts after the SOI marker; CORRUPT if the data does not begin with one. */
  JpegSegments(byte[] data) {
    if (data.length < 2 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != SOI) {
      throw ImageRejectedException.corrupt("JPEG does not start with a start-of-image marker");
    }
    this.d = data;
    this.pos = 2;
  }

  /** True for the frame header markers (SOF0-SOF15, but not DHT, JPG and DAC, which share the range). */
  static boolean isFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != DHT && marker != 0xC8 && marker != 0xCC;
  }

  /**
   * Moves to the next marker segment and returns its marker ({@link #EOI} for the end-of-image
   * marker, {@link #END_OF_DATA} when the data ends first). Its payload is {@link #start()} to
   * {@link #end()}; the walk continues after it.
   *
   * @throws ImageRejectedException CORRUPT for a second SOI, a second frame header, a bad length
   */
  int next() {
    while (pos + 1 < d.length) {
      if ((d[pos] & 0xFF) != 0xFF) {
        pos++;
        continue;
      }
      int m = d[pos + 1] & 0xFF;
      if (m == 0xFF) {
        pos++;
        continue;
      }
      int at = pos;
      pos += 2;
      if (m == 0x00 || m == 0x01 || m >= 0xD0 && m <= 0xD7) {
        continue;
      }
      if (m == SOI) {
        throw ImageRejectedException.corrupt("JPEG has a second start-of-image marker at byte " + at);
      }
      if (m == EOI) {
        marker = m;
        start = pos;
        end = pos;
        return m;
      }
      if (pos + 2 > d.length) {
        throw ImageRejectedException.corrupt("JPEG segment 0x" + Integer.toHexString(m) + " at byte " + at
            + " is truncated");
      }
      int len = (d[pos] & 0xFF) << 8 | (d[pos + 1] & 0xFF);
      if (len < 2 || pos + len > d.length) {
        throw ImageRejectedException.corrupt("JPEG segment 0x" + Integer.toHexString(m) + " at byte " + at
            + " runs past the end of the data");
      }
      if (isFrame(m)) {
        if (sawFrame) {
          throw ImageRejectedException.corrupt("JPEG has a second frame header (SOF) at byte " + at);
        }
        sawFrame = true;
      }
      marker = m;
      start = pos + 2;
      end = pos + len;
      pos = end;
      return m;
    }
    pos = d.length;
    return END_OF_DATA;
  }

  /** The marker {@link #next()} returned last. */
  int marker() {
    return marker;
  }

  /** First byte of the current segment's payload (after its length). */
  int start() {
    return start;
  }

  /** One past the current segment's last byte. */
  int end() {
    return end;
  }

  /** Where the walk stands: after an SOS segment, the first byte of its entropy-coded data. */
  int position() {
    return pos;
  }

  /** Continues the walk at {@code position} (after entropy-coded data, at the marker that ended it). */
  void resumeAt(int position) {
    if (position < pos || position > d.length) {
      throw new IllegalArgumentException("the walk only moves forward");
    }
    pos = position;
  }
}
