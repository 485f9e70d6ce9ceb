package dev.eventpipeline.thumbnail.image;

import dev.eventpipeline.thumbnail.domain.ImageFormat;
import dev.eventpipeline.thumbnail.domain.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.jpeg.JpegHeaderReader;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

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
        case PNG -> png(data);
        case GIF -> gif(data);
        case BMP -> bmp(data);
        case WEBP -> webp(data);
        case TIFF -> tiff(data);
      };
    } catch (ArrayIndexOutOfBoundsException e) {
      throw ImageRejectedException.corrupt(format + " header is truncated");
    }
  }

  // ---- PNG ----

  private static ImageHeader png(byte[] d) {
    int p = 8;
    if (p + 8 + 13 > d.length || !startsWithAt(d, p + 4, "IHDR")) {
      throw ImageRejectedException.corrupt("PNG has no IHDR chunk");
    }
    int width = s32be(d, p + 8);
    int height = s32be(d, p + 12);
    int bitDepth = d[p + 16] & 0xFF;
    if (width <= 0 || height <= 0) {
      throw ImageRejectedException.corrupt("PNG declares a " + width + "x" + height + " image");
    }
    int orientation = 0;
    int xmpOrientation = 0;
    byte[] icc = null;
    int frames = 1;
    long framePixels = 0;
    boolean idatSeen = false;
    boolean fctlBeforeIdat = false;
    boolean iccSeen = false;
    int metadataBlocks = 0;
    while (p + 12 <= d.length) {
      long len = ExifOrientation.u32(d, p, false);
      String type = new String(d, p + 4, 4, StandardCharsets.ISO_8859_1);
      int data = p + 8;
      if (data + len > d.length) {
        break; // truncated: the decoder reports it
      }
      int n = (int) len;
      switch (type) {
        case "IDAT" -> idatSeen = true;
        case "acTL" -> frames = Math.max(1, s32be(d, data));
        case "fcTL" -> {
          if (n >= 12) {
            framePixels += (long) Math.max(0, s32be(d, data + 4)) * Math.max(0, s32be(d, data + 8));
            fctlBeforeIdat |= !idatSeen;
          }
        }
        case "iCCP" -> {
          // The specification allows one; only the first is inflated, whatever follows.
          int z = indexOf(d, data, data + Math.min(n, 80), (byte) 0);
          if (!iccSeen && z > 0 && z + 2 <= data + n) {
            icc = inflate(d, z + 2, data + n - (z + 2));
          }
          iccSeen = true;
        }
        case "eXIf" -> {
          if (orientation == 0) {
            orientation = ExifOrientation.fromExifPayload(d, data, n);
          }
        }
        case "tEXt", "zTXt", "iTXt" -> {
          // At most MAX_METADATA_BLOCKS EXIF/XMP texts are read (each inflated to at most 4 MiB), so
          // a file of thousands of compressed metadata chunks costs the guard milliseconds, not minutes.
          int o = orientationText(d, data, n) && ++metadataBlocks <= MAX_METADATA_BLOCKS
              ? textOrientation(d, type, data, n) : 0;
          if (o < 0) {
            xmpOrientation = -o;
          } else if (o > 0 && orientation == 0) {
            orientation = o;
          }
        }
        case "IEND" -> p = d.length;
        default -> { }
      }
      p = p == d.length ? p : data + n + 4;
    }
    long total = framePixels + (fctlBeforeIdat ? 0 : (long) width * height);
    return new ImageHeader(ImageFormat.PNG, width, height, frames, Math.max(total, (long) width * height),
        orientation != 0 ? orientation : Math.max(1, xmpOrientation), icc, bitDepth > 8 ? 16 : 8, 0, 0);
  }

  /** Whether a PNG text chunk's keyword names EXIF or XMP (the texts that may hold an orientation). */
  private static boolean orientationText(byte[] d, int data, int n) {
    int z = indexOf(d, data, data + Math.min(n, 80), (byte) 0);
    if (z < 0) {
      return false;
    }
    String keyword = new String(d, data, z - data, StandardCharsets.ISO_8859_1);
    return keyword.equals("Raw profile type exif") || keyword.equals("Raw profile type APP1")
        || keyword.equals("XML:com.adobe.xmp");
  }

  /** Orientation from ImageMagick's "Raw profile type exif" text (positive) or from XMP (negative). */
  private static int textOrientation(byte[] d, String type, int data, int n) {
    int z = indexOf(d, data, data + Math.min(n, 80), (byte) 0);
    if (z < 0) {
      return 0;
    }
    String keyword = new String(d, data, z - data, StandardCharsets.ISO_8859_1);
    boolean exif = keyword.equals("Raw profile type exif") || keyword.equals("Raw profile type APP1");
    boolean xmp = keyword.equals("XML:com.adobe.xmp");
    if (!exif && !xmp) {
      return 0;
    }
    byte[] text;
    if (type.equals("tEXt")) {
      text = java.util.Arrays.copyOfRange(d, z + 1, data + n);
    } else if (type.equals("zTXt")) {
      text = inflate(d, z + 2, data + n - (z + 2));
    } else { // iTXt: keyword\0 flag method lang\0 translated\0 text
      int flag = d[z + 1];
      int lang = indexOf(d, z + 3, data + n, (byte) 0);
      int translated = lang < 0 ? -1 : indexOf(d, lang + 1, data + n, (byte) 0);
      if (translated < 0) {
        return 0;
      }
      int start = translated + 1;
      text = flag == 1 ? inflate(d, start, data + n - start) : java.util.Arrays.copyOfRange(d, start, data + n);
    }
    if (text == null) {
      return 0;
    }
    if (xmp) {
      return -ExifOrientation.fromXmp(text, 0, text.length);
    }
    byte[] exifBytes = hexProfile(text);
    return exifBytes == null ? 0 : ExifOrientation.fromExifPayload(exifBytes, 0, exifBytes.length);
  }

  /** ImageMagick raw profile: "\nname\n   length\nhex...". */
  private static byte[] hexProfile(byte[] text) {
    int newlines = 0;
    int i = 0;
    while (i < text.length && newlines < 3) {
      if (text[i++] == '\n') {
        newlines++;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int hi = -1;
    for (; i < text.length; i++) {
      int v = Character.digit(text[i], 16);
      if (v < 0) {
        continue;
      }
      if (hi < 0) {
        hi = v;
      } else {
        out.write(hi << 4 | v);
        hi = -1;
      }
    }
    return out.size() == 0 ? null : out.toByteArray();
  }

  // ---- GIF ----

  private static ImageHeader gif(byte[] d) {
    int screenW = u16le(d, 6);
    int screenH = u16le(d, 8);
    if (screenW == 0 || screenH == 0) {
      throw ImageRejectedException.corrupt("GIF declares a " + screenW + "x" + screenH + " logical screen");
    }
    int flags = d[10] & 0xFF;
    int p = 13 + ((flags & 0x80) != 0 ? 3 << ((flags & 7) + 1) : 0);
    int frames = 0;
    long total = 0;
    int canvasW = screenW;
    int canvasH = screenH;
    int left = 0;
    int top = 0;
    loop:
    while (p < d.length) {
      switch (d[p] & 0xFF) {
        case 0x2C -> {
          if (p + 10 > d.length) {
            break loop;
          }
          int fl = u16le(d, p + 1);
          int ft = u16le(d, p + 3);
          int fw = u16le(d, p + 5);
          int fh = u16le(d, p + 7);
          int ff = d[p + 9] & 0xFF;
          if (fw == 0 || fh == 0) {
            throw ImageRejectedException.corrupt("GIF frame " + (frames + 1) + " is " + fw + "x" + fh);
          }
          if (frames == 0) {
            // Like browsers and Pillow, a first frame outside the logical screen enlarges the canvas.
            canvasW = Math.max(screenW, fl + fw);
            canvasH = Math.max(screenH, ft + fh);
            left = fl;
            top = ft;
            total += (long) canvasW * canvasH;
          } else {
            total += (long) fw * fh;
          }
          frames++;
          p += 10 + ((ff & 0x80) != 0 ? 3 << ((ff & 7) + 1) : 0) + 1; // + LZW minimum code size
          p = skipSubBlocks(d, p);
        }
        case 0x21 -> p = skipSubBlocks(d, p + 2);
        default -> {
          break loop; // trailer (0x3B) or trailing garbage
        }
      }
    }
    if (frames == 0) {
      throw ImageRejectedException.corrupt("GIF has no image data");
    }
    return new ImageHeader(ImageFormat.GIF, canvasW, canvasH, frames, total, 1, null, 8, left, top);
  }

  private static int skipSubBlocks(byte[] d, int p) {
    while (p < d.length) {
      int n = d[p] & 0xFF;
      p += 1 + n;
      if (n == 0) {
        break;
      }
    }
    return p;
  }

  // ---- BMP ----

  private static ImageHeader bmp(byte[] d) {
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
        if (sniff(embedded) != expected) { // never a BMP in a BMP: no recursion
          throw ImageRejectedException.corrupt("it is a " + sniff(embedded));
        }
        inner = read(embedded);
      } catch (ImageRejectedException e) {
        throw ImageRejectedException.corrupt("BMP's embedded " + expected + " image is unreadable: " + e.detail());
      }
      if (inner.width() != width || inner.height() != height) {
        throw ImageRejectedException.corrupt("BMP declares a " + width + "x" + height + " " + expected + " image but embeds a "
            + inner.width() + "x" + inner.height() + " " + inner.format() + " image");
      }
    }
  }

  // ---- WebP ----

  private static ImageHeader webp(byte[] d) {
    int p = 12;
    int width = 0;
    int height = 0;
    int canvasW = 0;
    int canvasH = 0;
    int frames = 0;
    long framePixels = 0;
    int orientation = 0;
    int xmpOrientation = 0;
    byte[] icc = null;
    while (p + 8 <= d.length) {
      String type = new String(d, p, 4, StandardCharsets.ISO_8859_1);
      long len = ExifOrientation.u32(d, p + 4, true);
      int data = p + 8;
      if (data + len > d.length) {
        if (width == 0 && canvasW == 0) {
          throw ImageRejectedException.corrupt("WebP chunk " + type.trim() + " runs past the end of the data");
        }
        break;
      }
      int n = (int) len;
      switch (type) {
        case "VP8X" -> {
          canvasW = u24le(d, data + 4) + 1;
          canvasH = u24le(d, data + 7) + 1;
        }
        case "VP8 " -> {
          if (n < 10 || (d[data + 3] & 0xFF) != 0x9D || (d[data + 4] & 0xFF) != 0x01 || (d[data + 5] & 0xFF) != 0x2A) {
            throw ImageRejectedException.corrupt("WebP VP8 frame header is invalid");
          }
          width = u16le(d, data + 6) & 0x3FFF;
          height = u16le(d, data + 8) & 0x3FFF;
        }
        case "VP8L" -> {
          if (n < 5 || (d[data] & 0xFF) != 0x2F) {
            throw ImageRejectedException.corrupt("WebP lossless header is invalid");
          }
          long bits = ExifOrientation.u32(d, data + 1, true);
          width = (int) (bits & 0x3FFF) + 1;
          height = (int) ((bits >> 14) & 0x3FFF) + 1;
        }
        case "ANMF" -> {
          if (n >= 12) {
            frames++;
            int fw = u24le(d, data + 6) + 1;
            int fh = u24le(d, data + 9) + 1;
            framePixels += (long) fw * fh;
            long[] bitstream = webpBitstream(d, data + 16, data + n);
            if (bitstream != null && (bitstream[0] != fw || bitstream[1] != fh)) {
              throw ImageRejectedException.corrupt("WebP frame " + frames + " is " + fw + "x" + fh + " but its image data is "
                  + bitstream[0] + "x" + bitstream[1]);
            }
          }
        }
        case "ICCP" -> icc = n <= MAX_METADATA_BYTES ? java.util.Arrays.copyOfRange(d, data, data + n) : null;
        case "EXIF" -> orientation = ExifOrientation.fromExifPayload(d, data, n);
        case "XMP " -> xmpOrientation = ExifOrientation.fromXmp(d, data, n);
        default -> { }
      }
      p = data + n + (n & 1);
    }
    int w = canvasW > 0 ? canvasW : width;
    int h = canvasH > 0 ? canvasH : height;
    if (w <= 0 || h <= 0) {
      throw ImageRejectedException.corrupt("WebP has no image header");
    }
    if (frames == 0 && width == 0) {
      // A still image with no VP8/VP8L bitstream (or one cut off): nothing to decode, and TwelveMonkeys'
      // reader would spend seconds and gigabytes making up its pixels from the missing data.
      throw ImageRejectedException.corrupt("WebP has no image data (no complete VP8 or VP8L chunk)");
    }
    if (frames == 0 && (width != w || height != h)) {
      // libwebp refuses this too; TwelveMonkeys would decode a lossy image at its own size into the canvas
      throw ImageRejectedException.corrupt("WebP canvas is " + w + "x" + h + " but its image data is " + width + "x" + height);
    }
    long total = frames > 0 ? framePixels : (long) w * h;
    return new ImageHeader(ImageFormat.WEBP, w, h, Math.max(1, frames), Math.max(total, (long) w * h),
        orientation != 0 ? orientation : Math.max(1, xmpOrientation), icc, 8, 0, 0);
  }

  /** Width and height of the first VP8 or VP8L chunk in [from, to) (an animation frame's data), or null. */
  private static long[] webpBitstream(byte[] d, int from, int to) {
    int p = from;
    while (p + 8 <= to) {
      String type = new String(d, p, 4, StandardCharsets.ISO_8859_1);
      long len = ExifOrientation.u32(d, p + 4, true);
      int data = p + 8;
      if (data + len > to) {
        return null;
      }
      if (type.equals("VP8 ") && len >= 10) {
        return new long[] {u16le(d, data + 6) & 0x3FFF, u16le(d, data + 8) & 0x3FFF};
      }
      if (type.equals("VP8L") && len >= 5) {
        long bits = ExifOrientation.u32(d, data + 1, true);
        return new long[] {(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
      }
      p = data + (int) len + (int) (len & 1);
    }
    return null;
  }

  // ---- TIFF ----

  private static ImageHeader tiff(byte[] d) {
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

  // ---- helpers ----

  private static byte[] inflate(byte[] d, int off, int len) {
    if (len <= 0) {
      return null;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(d, off, len);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_METADATA_BYTES) {
          return null; // a metadata inflate bomb: ignore the block
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
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

  private static boolean startsWithAt(byte[] d, int off, String ascii) {
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

  private static int indexOf(byte[] d, int from, int to, byte b) {
    for (int i = from; i < Math.min(to, d.length); i++) {
      if (d[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int u16le(byte[] d, int p) {
    return (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8;
  }

  private static int u24le(byte[] d, int p) {
    return (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF) << 16;
  }

  private static int s32le(byte[] d, int p) {
    return (int) ExifOrientation.u32(d, p, true);
  }

  private static int s32be(byte[] d, int p) {
    return (int) ExifOrientation.u32(d, p, false);
  }

  private static long u64(byte[] d, int p, boolean little) {
    long a = ExifOrientation.u32(d, p, little);
    long b = ExifOrientation.u32(d, p + 4, little);
    long v = little ? (b << 32 | a) : (a << 32 | b);
    return v < 0 ? Long.MAX_VALUE : v;
  }
}
