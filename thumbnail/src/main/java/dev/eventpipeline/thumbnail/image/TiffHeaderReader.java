package dev.eventpipeline.thumbnail.image;

import static dev.eventpipeline.thumbnail.image.HeaderReader.MAX_METADATA_BYTES;
import static dev.eventpipeline.thumbnail.image.HeaderReader.MAX_TIFF_PAGES;
import static dev.eventpipeline.thumbnail.image.HeaderReader.MAX_TIFF_SAMPLES;

import java.util.HashSet;
import java.util.Set;

/**
 * A TIFF's (or BigTIFF's) header: the first page's size, samples, bit depth, orientation and ICC
 * profile, and the pages of the IFD chain, walked in time linear in the size of the file.
 */
final class TiffHeaderReader {
  private TiffHeaderReader() {}

  static ImageHeader read(byte[] d) {
    boolean little = d[0] == 'I';
    boolean big = ExifOrientation.u16(d, 2, little) == 43;
    long ifd = big ? u64(d, 8, little) : ExifOrientation.u32(d, 4, little);
    Set<Long> seen = new HashSet<>();
    int pages = 0;
    long entriesWalked = 0;
    long total = 0;
    int width = 0;
    int height = 0;
    int bits = 8;
    int orientation = 1;
    byte[] icc = null;
    while (ifd != 0) {
      if (ifd < 8 || ifd >= d.length || !seen.add(ifd) || pages >= MAX_TIFF_PAGES) {
        if (pages == 0) {
          throw ImageRejectedException.corrupt("TIFF directory offset " + ifd + " is invalid");
        }
        break; // a broken chain after the first page: the first page is all we thumbnail
      }
      int p = (int) ifd;
      long count = big ? u64(d, p, little) : ExifOrientation.u16(d, p, little);
      p += big ? 8 : 2;
      int entrySize = big ? 20 : 12;
      if (count > (d.length - p) / entrySize) {
        throw ImageRejectedException.corrupt("TIFF directory " + (pages + 1) + " runs past the end of the data");
      }
      // Directories may overlap (each 8 bytes after the last, sharing entries): the entries walked over
      // all pages are bounded by what the file can hold, so the walk stays linear in its size.
      entriesWalked += count;
      if (entriesWalked > d.length / entrySize) {
        if (pages == 0) {
          throw ImageRejectedException.corrupt("TIFF directory entries overlap");
        }
        break;
      }
      long w = -1;
      long h = -1;
      long samples = 1;
      boolean dataOffsets = false;
      for (int i = 0; i < count; i++, p += entrySize) {
        int tag = ExifOrientation.u16(d, p, little);
        int type = ExifOrientation.u16(d, p + 2, little);
        long n = big ? u64(d, p + 4, little) : ExifOrientation.u32(d, p + 4, little);
        int value = p + (big ? 12 : 8);
        switch (tag) {
          case 256 -> w = tiffInt(d, value, type, little);
          case 257 -> h = tiffInt(d, value, type, little);
          case 258 -> {
            if (pages == 0 && n >= 1) {
              int at = n * 2 <= (big ? 8 : 4) ? value : (int) (big ? u64(d, value, little) : ExifOrientation.u32(d, value, little));
              if (at >= 0 && at + 2 <= d.length) {
                bits = ExifOrientation.u16(d, at, little);
              }
            }
          }
          case 277 -> {
            if (pages == 0) {
              samples = tiffInt(d, value, type, little);
            }
          }
          case 273, 324 -> dataOffsets |= pages == 0;
          case 274 -> {
            if (pages == 0) {
              long o = tiffInt(d, value, type, little);
              orientation = o >= 1 && o <= 8 ? (int) o : 1;
            }
          }
          case 34675 -> {
            if (pages == 0 && n > 0 && n <= MAX_METADATA_BYTES) {
              long at = n <= (big ? 8 : 4) ? value : big ? u64(d, value, little) : ExifOrientation.u32(d, value, little);
              if (at >= 0 && at + n <= d.length) {
                icc = java.util.Arrays.copyOfRange(d, (int) at, (int) (at + n));
              }
            }
          }
          default -> { }
        }
      }
      if (pages == 0 && (samples < 1 || samples > MAX_TIFF_SAMPLES)) {
        // The reader sizes its raster by samples per pixel: 305 million of them on a 10x8 page is 4.6 GB.
        throw ImageRejectedException.corrupt("TIFF declares " + samples + " samples per pixel (at most "
            + MAX_TIFF_SAMPLES + ")");
      }
      if (pages == 0 && !dataOffsets) {
        throw ImageRejectedException.corrupt("TIFF has no image data (neither StripOffsets nor TileOffsets)");
      }
      if (w <= 0 || h <= 0 || w > Integer.MAX_VALUE || h > Integer.MAX_VALUE) {
        if (pages == 0) {
          throw ImageRejectedException.corrupt("TIFF declares a " + w + "x" + h + " image");
        }
      } else {
        if (pages == 0) {
          width = (int) w;
          height = (int) h;
        }
        total += w * h;
      }
      pages++;
      if (p + (big ? 8 : 4) > d.length) {
        break;
      }
      ifd = big ? u64(d, p, little) : ExifOrientation.u32(d, p, little);
    }
    if (pages == 0) {
      throw ImageRejectedException.corrupt("TIFF has no image directory");
    }
    return new ImageHeader(ImageFormat.TIFF, width, height, pages, total, orientation, icc, bits > 8 ? 16 : 8, 0, 0);
  }

  private static long tiffInt(byte[] d, int value, int type, boolean little) {
    return switch (type) {
      case 3 -> ExifOrientation.u16(d, value, little);
      case 4 -> ExifOrientation.u32(d, value, little);
      case 16 -> u64(d, value, little);
      default -> -1;
    };
  }

  private static long u64(byte[] d, int p, boolean little) {
    long a = ExifOrientation.u32(d, p, little);
    long b = ExifOrientation.u32(d, p + 4, little);
    long v = little ? (b << 32 | a) : (a << 32 | b);
    return v < 0 ? Long.MAX_VALUE : v;
  }
}
