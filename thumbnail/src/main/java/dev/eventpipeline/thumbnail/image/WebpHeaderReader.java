package dev.eventpipeline.thumbnail.image;

import static dev.eventpipeline.thumbnail.image.HeaderReader.MAX_METADATA_BYTES;
import static dev.eventpipeline.thumbnail.image.HeaderReader.u16le;

import java.nio.charset.StandardCharsets;

/**
 * A WebP's header: the canvas (VP8X) or the still image's VP8/VP8L frame, every animation frame
 * (ANMF) checked against its own bitstream, the ICC profile and the EXIF or XMP orientation.
 */
final class WebpHeaderReader {
  private WebpHeaderReader() {}

  static ImageHeader read(byte[] d) {
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

  private static int u24le(byte[] d, int p) {
    return (d[p] & 0xFF) | (d[p + 1] & 0xFF) << 8 | (d[p + 2] & 0xFF) << 16;
  }
}
