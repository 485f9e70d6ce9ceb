package dev.eventpipeline.thumbnail.image;

import static dev.eventpipeline.thumbnail.image.HeaderReader.MAX_METADATA_BLOCKS;
import static dev.eventpipeline.thumbnail.image.HeaderReader.MAX_METADATA_BYTES;
import static dev.eventpipeline.thumbnail.image.HeaderReader.startsWithAt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A PNG's header: IHDR, the frames of an APNG (acTL, fcTL), the ICC profile (iCCP) and the
 * orientation from eXIf or from EXIF/XMP text chunks, each inflated at most to MAX_METADATA_BYTES.
 */
final class PngHeaderReader {
  private PngHeaderReader() {}

  static ImageHeader read(byte[] d) {
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

  private static int indexOf(byte[] d, int from, int to, byte b) {
    for (int i = from; i < Math.min(to, d.length); i++) {
      if (d[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int s32be(byte[] d, int p) {
    return (int) ExifOrientation.u32(d, p, false);
  }
}
