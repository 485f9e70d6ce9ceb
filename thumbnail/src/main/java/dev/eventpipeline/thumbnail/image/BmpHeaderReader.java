package dev.eventpipeline.thumbnail.image;

import static dev.eventpipeline.thumbnail.image.HeaderReader.u16le;


/** A BMP's header: the DIB header's size, and the compressed pixel data checked against the file. */
final class BmpHeaderReader {
  private BmpHeaderReader() {}

  static ImageHeader read(byte[] d) {
    long dib = ExifOrientation.u32(d, 14, true);
    long width;
    long height;
    if (dib == 12) {
      width = u16le(d, 18);
      height = u16le(d, 20);
    } else {
      width = s32le(d, 18);
      height = Math.abs((long) s32le(d, 22)); // negative: top-down rows
    }
    if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw ImageRejectedException.corrupt("BMP declares a " + width + "x" + height + " image");
    }
    if (dib >= 40) {
      compressedPixelData(d, (int) width, (int) height);
    }
    return new ImageHeader(ImageFormat.BMP, (int) width, (int) height, 1, width * height, 1, null, 8, 0, 0);
  }

  /**
   * The JDK's BMP reader allocates the compressed pixel data (RLE, embedded JPEG or PNG) in one array
   * sized from the header, before reading it, and decodes an embedded image at its own size: the
   * declared size must fit in the file and an embedded image must be the size the BMP declares.
   */
  private static void compressedPixelData(byte[] d, int width, int height) {
    long compression = ExifOrientation.u32(d, 30, true);
    if (compression != 1 && compression != 2 && compression != 4 && compression != 5) {
      return; // uncompressed or bit fields: read row by row
    }
    long offset = ExifOrientation.u32(d, 10, true);
    long imageSize = ExifOrientation.u32(d, 34, true);
    long size = imageSize != 0 ? imageSize : ExifOrientation.u32(d, 2, true) - offset; // the reader's own fallback
    if (offset > d.length || size < 0 || size > d.length - offset) {
      throw ImageRejectedException.corrupt("BMP declares " + size + " bytes of compressed pixel data at offset " + offset
          + ", the file has " + d.length + " bytes");
    }
    if (compression >= 4) {
      ImageFormat expected = compression == 4 ? ImageFormat.JPEG : ImageFormat.PNG;
      byte[] embedded = java.util.Arrays.copyOfRange(d, (int) offset, (int) (offset + size));
      ImageHeader inner;
      try {
        if (HeaderReader.sniff(embedded) != expected) { // never a BMP in a BMP: no recursion
          throw ImageRejectedException.corrupt("it is a " + HeaderReader.sniff(embedded));
        }
        inner = HeaderReader.read(embedded);
      } catch (ImageRejectedException e) {
        throw ImageRejectedException.corrupt("BMP's embedded " + expected + " image is unreadable: " + e.detail());
      }
      if (inner.width() != width || inner.height() != height) {
        throw ImageRejectedException.corrupt("BMP declares a " + width + "x" + height + " " + expected + " image but embeds a "
            + inner.width() + "x" + inner.height() + " " + inner.format() + " image");
      }
    }
  }

  private static int s32le(byte[] d, int p) {
    return (int) ExifOrientation.u32(d, p, true);
  }
}
