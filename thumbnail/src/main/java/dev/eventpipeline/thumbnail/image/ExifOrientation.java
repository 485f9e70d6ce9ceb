package dev.eventpipeline.thumbnail.image;

import java.nio.charset.StandardCharsets;

/** Reads the Orientation tag (0x0112) from an EXIF (TIFF-structured) block, or from XMP text. */
public final class ExifOrientation {
  private static final int TAG_ORIENTATION = 0x0112;

  private ExifOrientation() {}

  /**
   * The orientation in the TIFF structure starting at {@code off} ("II*\0" or "MM\0*"), or 1 when
   * absent, out of range or unreadable: a broken EXIF block never fails an image.
   */
  public static int fromTiff(byte[] data, int off, int len) {
    try {
      int end = Math.min(data.length, off + len);
      if (end - off < 8) {
        return 1;
      }
      boolean little;
      if (data[off] == 'I' && data[off + 1] == 'I') {
        little = true;
      } else if (data[off] == 'M' && data[off + 1] == 'M') {
        little = false;
      } else {
        return 1;
      }
      long ifd = u32(data, off + 4, little);
      if (ifd < 8 || off + ifd + 2 > end) {
        return 1;
      }
      int p = (int) (off + ifd);
      int entries = u16(data, p, little);
      p += 2;
      for (int i = 0; i < entries && p + 12 <= end; i++, p += 12) {
        if (u16(data, p, little) == TAG_ORIENTATION) {
          int type = u16(data, p + 2, little);
          int value = type == 3 ? u16(data, p + 8, little) : type == 4 ? (int) u32(data, p + 8, little) : -1;
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    } catch (RuntimeException malformed) {
      return 1;
    }
  }

  /** The EXIF payload of a JPEG APP1 / WebP EXIF chunk, with or without its "Exif\0\0" prefix. */
  public static int fromExifPayload(byte[] data, int off, int len) {
    if (len >= 6 && data[off] == 'E' && data[off + 1] == 'x' && data[off + 2] == 'i' && data[off + 3] == 'f'
        && data[off + 4] == 0 && data[off + 5] == 0) {
      return fromTiff(data, off + 6, len - 6);
    }
    return fromTiff(data, off, len);
  }

  /** tiff:Orientation in an XMP packet (attribute or element form), or 0 when absent. */
  public static int fromXmp(byte[] data, int off, int len) {
    String xmp = new String(data, off, Math.min(len, data.length - off), StandardCharsets.UTF_8);
    int i = xmp.indexOf("tiff:Orientation");
    if (i < 0) {
      return 0;
    }
    for (int j = i + "tiff:Orientation".length(); j < Math.min(xmp.length(), i + 64); j++) {
      char c = xmp.charAt(j);
      if (c >= '1' && c <= '8') {
        return c - '0';
      }
      if (c != '=' && c != '"' && c != '\'' && c != '>' && !Character.isWhitespace(c)) {
        return 0;
      }
    }
    return 0;
  }

  static int u16(byte[] d, int p, boolean little) {
    return little ? (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 : (d[p] & 0xFF) << 8 | (d[p + 1] & 0xFF);
  }

  static long u32(byte[] d, int p, boolean little) {
    return little
        ? (d[p] & 0xFFL) | (d[p + 1] & 0xFFL) << 8 | (d[p + 2] & 0xFFL) << 16 | (d[p + 3] & 0xFFL) << 24
        : (d[p] & 0xFFL) << 24 | (d[p + 1] & 0xFFL) << 16 | (d[p + 2] & 0xFFL) << 8 | (d[p + 3] & 0xFFL);
  }
}
