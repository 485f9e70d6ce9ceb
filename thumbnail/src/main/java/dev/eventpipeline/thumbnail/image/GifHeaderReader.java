package dev.eventpipeline.thumbnail.image;

import static dev.eventpipeline.thumbnail.image.HeaderReader.u16le;


/** A GIF's header: the logical screen (enlarged by a first frame outside it) and every frame's size. */
final class GifHeaderReader {
  private GifHeaderReader() {}

  static ImageHeader read(byte[] d) {
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
}
