package dev.eventpipeline.thumbnail.image;

import dev.eventpipeline.thumbnail.image.jpeg.JpegHeaderReader;

/**
 * Sniffs the real format of an image from its magic bytes and reads what its header declares
 * (dimensions, frames or pages, EXIF orientation, ICC profile) without decoding a pixel. Linear in
 * the size of the input and allocation-free apart from small metadata: a decompression bomb is
 * measured here and refused before any pixel buffer exists.
 */
public final class HeaderReader {
  /** Metadata blocks (ICC, compressed EXIF text) larger than this are ignored, never inflated further. */
  public static final int MAX_METADATA_BYTES = 4 * 1024 * 1024;
  /** TIFF pages followed at most (an IFD chain longer than this is treated as corrupt). */
  static final int MAX_TIFF_PAGES = 10_000;
  /** PNG EXIF/XMP text chunks read at most (a file may repeat them; the first ones carry the orientation). */
  public static final int MAX_METADATA_BLOCKS = 8;
  /** Samples per pixel a TIFF page may declare (RGBA plus extra channels; more is refused as CORRUPT). */
  static final int MAX_TIFF_SAMPLES = 16;

  private HeaderReader() {}

  /** The format from the magic bytes, or UNSUPPORTED_FORMAT naming what the data looks like. */
  public static ImageFormat sniff(byte[] d) {
    if (d.length == 0) {
      throw ImageRejectedException.corrupt("the object is empty (0 bytes)");
    }
    if (startsWith(d, 0xFF, 0xD8, 0xFF)) {
      return ImageFormat.JPEG;
    }
    if (startsWith(d, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return ImageFormat.PNG;
    }
    if (startsWith(d, 'G', 'I', 'F', '8') && d.length >= 6 && (d[4] == '7' || d[4] == '9') && d[5] == 'a') {
      return ImageFormat.GIF;
    }
    if (startsWith(d, 'R', 'I', 'F', 'F') && d.length >= 12 && d[8] == 'W' && d[9] == 'E' && d[10] == 'B' && d[11] == 'P') {
      return ImageFormat.WEBP;
    }
    if (startsWith(d, 'I', 'I', 42, 0) || startsWith(d, 'M', 'M', 0, 42)
        || startsWith(d, 'I', 'I', 43, 0) || startsWith(d, 'M', 'M', 0, 43)) {
      return ImageFormat.TIFF;
    }
    if (startsWith(d, 'B', 'M') && d.length >= 18) {
      long dib = ExifOrientation.u32(d, 14, true);
      if (dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124) {
        return ImageFormat.BMP;
      }
    }
    throw ImageRejectedException.unsupported("not a supported image format (" + describe(d)
        + "); supported: JPEG, PNG, GIF, BMP, WebP, TIFF");
  }

  /** Sniffs and reads the header; throws {@link ImageRejectedException} (CORRUPT, UNSUPPORTED_FORMAT). */
  public static ImageHeader read(byte[] data) {
    ImageFormat format = sniff(data);
    try {
      return switch (format) {
        case JPEG -> JpegHeaderReader.read(data);
        case PNG -> PngHeaderReader.read(data);
        case GIF -> GifHeaderReader.read(data);
        case BMP -> BmpHeaderReader.read(data);
        case WEBP -> WebpHeaderReader.read(data);
        case TIFF -> TiffHeaderReader.read(data);
      };
    } catch (ArrayIndexOutOfBoundsException e) {
      throw ImageRejectedException.corrupt(format + " header is truncated");
    }
  }

  private static String describe(byte[] d) {
    if (startsWith(d, 0, 0, 1, 0)) {
      return "looks like an ICO icon";
    }
    if (d.length >= 12 && startsWithAt(d, 4, "ftyp")) {
      return "looks like HEIF/AVIF or another ISO media file";
    }
    if (startsWith(d, '%', 'P', 'D', 'F')) {
      return "looks like a PDF document";
    }
    int i = 0;
    while (i < d.length && i < 64 && Character.isWhitespace(d[i])) {
      i++;
    }
    if (i < d.length && d[i] == '<') {
      return "looks like HTML or XML text";
    }
    if (startsWith(d, 'G', 'I', 'F')) {
      return "GIF magic with an unknown version";
    }
    return "unrecognised leading bytes";
  }

  private static boolean startsWith(byte[] d, int... magic) {
    if (d.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((d[i] & 0xFF) != (magic[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  static boolean startsWithAt(byte[] d, int off, String ascii) {
    if (off + ascii.length() > d.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (d[off + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static int u16le(byte[] d, int p) {
    return (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8;
  }
}
