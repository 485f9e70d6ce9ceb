package dev.eventpipeline.thumbnail.image.jpeg;

import dev.eventpipeline.thumbnail.image.ImageFormat;
import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.ExifOrientation;
import dev.eventpipeline.thumbnail.image.HeaderReader;
import dev.eventpipeline.thumbnail.image.ImageHeader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * What a JPEG's segments declare before its first scan (frame, EXIF or XMP orientation, ICC profile),
 * read with the same {@link JpegSegments} walk and {@link JpegFrame} parser as {@link JpegDecoder}.
 */
public final class JpegHeaderReader {
  private static final byte[] EXIF = ascii("Exif\0\0");
  private static final byte[] XMP = ascii("http://ns.adobe.com/xap/1.0/\0");
  private static final byte[] ICC = ascii("ICC_PROFILE\0");

  private JpegHeaderReader() {}

  /** The frame the guard read; {@link JpegDecoder} refuses to decode any other. */
  public static ImageHeader read(byte[] d) {
    JpegSegments segments = new JpegSegments(d);
    JpegFrame frame = null;
    int orientation = 0;
    int xmpOrientation = 0;
    TreeMap<Integer, byte[]> icc = new TreeMap<>();
    int iccCount = 0;
    while (true) {
      int m = segments.next();
      if (m == JpegSegments.SOS) {
        if (frame == null) {
          throw ImageRejectedException.corrupt("JPEG has no frame header (SOF) before its image data");
        }
        break; // image data follows: everything the header declares has been seen
      }
      if (m == JpegSegments.EOI || m == JpegSegments.END_OF_DATA) {
        throw ImageRejectedException.corrupt(frame == null ? "JPEG has no frame header (SOF)"
            : "JPEG has no image data (it ends before its first scan)");
      }
      int seg = segments.start();
      int segLen = segments.end() - seg;
      if (JpegSegments.isFrame(m)) {
        frame = JpegFrame.parse(d, seg, segments.end(), m);
      } else if (m == 0xE1 && segLen >= 6 && startsWithAt(d, seg, EXIF)) {
        if (orientation == 0) { // the first EXIF block wins
          orientation = ExifOrientation.fromTiff(d, seg + 6, segLen - 6);
        }
      } else if (m == 0xE1 && segLen >= 29 && startsWithAt(d, seg, XMP)) {
        xmpOrientation = ExifOrientation.fromXmp(d, seg, segLen);
      } else if (m == 0xE2 && segLen > 14 && startsWithAt(d, seg, ICC)) {
        int seq = d[seg + 12] & 0xFF;
        iccCount = d[seg + 13] & 0xFF;
        byte[] chunk = new byte[segLen - 14];
        System.arraycopy(d, seg + 14, chunk, 0, chunk.length);
        icc.put(seq, chunk);
      }
    }
    return new ImageHeader(ImageFormat.JPEG, frame.width(), frame.height(), 1, frame.pixels(),
        orientation != 0 ? orientation : Math.max(1, xmpOrientation), assembleIcc(icc, iccCount), 8, 0, 0);
  }

  /**
   * What libjpeg (inside the JDK's and TwelveMonkeys' JPEG readers) keeps, in native memory, for a
   * JPEG of more than one scan (progressive, or sequential with a scan per component): every block's
   * 64 coefficients, 128 bytes per 8x8 block of every component, at full size whatever the
   * subsampling. Zero for a single-scan image, which libjpeg streams. (At most 255 components of
   * 32,768 x 32,768 blocks: the sum cannot overflow a long.)
   */
  public static long coefficientBytes(byte[] data) {
    JpegSegments segments = new JpegSegments(data);
    JpegFrame frame = null;
    for (int m = segments.next(); m != JpegSegments.SOS; m = segments.next()) {
      if (m == JpegSegments.EOI || m == JpegSegments.END_OF_DATA) {
        return 0;
      }
      if (JpegSegments.isFrame(m)) {
        frame = JpegFrame.parse(data, segments.start(), segments.end(), m);
      }
    }
    if (frame == null || !frame.progressive() && scans(data, segments.position()) < 2) {
      return 0;
    }
    int maxH = 1;
    int maxV = 1;
    for (JpegFrame.Component c : frame.components()) {
      maxH = Math.max(maxH, c.h());
      maxV = Math.max(maxV, c.v());
    }
    long bytes = 0;
    for (JpegFrame.Component c : frame.components()) {
      long blocksPerLine = ceilDiv(ceilDiv((long) frame.width() * c.h(), maxH), 8);
      long blocksPerColumn = ceilDiv(ceilDiv((long) frame.height() * c.v(), maxV), 8);
      bytes += 128 * blocksPerLine * blocksPerColumn;
    }
    return bytes;
  }

  /** Scans in the file: one, plus every SOS marker after {@code from} (entropy-coded data never holds FF DA). */
  private static int scans(byte[] data, int from) {
    int scans = 1;
    for (int i = from; i + 1 < data.length; i++) {
      if (data[i] == (byte) 0xFF && data[i + 1] == (byte) 0xDA) {
        scans++;
      }
    }
    return scans;
  }

  private static byte[] assembleIcc(TreeMap<Integer, byte[]> chunks, int count) {
    if (chunks.isEmpty() || chunks.size() != count || chunks.firstKey() != 1 || chunks.lastKey() != count) {
      return null; // incomplete or inconsistent profile: treat the image as sRGB
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.values().forEach(out::writeBytes);
    return out.size() <= HeaderReader.MAX_METADATA_BYTES ? out.toByteArray() : null;
  }

  private static boolean startsWithAt(byte[] d, int off, byte[] magic) {
    return off + magic.length <= d.length && Arrays.equals(d, off, off + magic.length, magic, 0, magic.length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
