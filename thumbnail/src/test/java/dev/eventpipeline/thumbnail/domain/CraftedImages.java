package dev.eventpipeline.thumbnail.domain;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Images built byte by byte for the ImageIO limit tests: legal ones that are large but cheap to
 * generate (uniform pixels, compressed), and hostile ones whose parts disagree.
 */
final class CraftedImages {
  private CraftedImages() {}

  // ---- PNG ----

  /** A PNG of zero samples (every row filter 0), deflated: colour type 0, 2, 3, 4 or 6, bit depth 1..16. */
  static byte[] png(int width, int height, int colourType, int bitDepth) {
    int channels = switch (colourType) {
      case 0, 3 -> 1;
      case 2 -> 3;
      case 4 -> 2;
      default -> 4;
    };
    long rowBytes = ((long) width * channels * bitDepth + 7) / 8 + 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    pngChunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth)
        .put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0).array());
    if (colourType == 3) {
      pngChunk(out, "PLTE", new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
    }
    pngChunk(out, "IDAT", deflatedZeros(rowBytes * height));
    pngChunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** A 1x1 RGB PNG whose IHDR then declares width x height (the guard reads IHDR; the CRC is not checked first). */
  static byte[] pngDeclaring(int width, int height, int colourType, int bitDepth) {
    byte[] png = png(1, 1, colourType, bitDepth);
    ByteBuffer.wrap(png).putInt(16, width).putInt(20, height);
    return png;
  }

  private static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.ISO_8859_1);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  static byte[] deflatedZeros(long length) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 16];
    byte[] buffer = new byte[1 << 16];
    for (long fed = 0; fed < length; ) {
      int n = (int) Math.min(zeros.length, length - fed);
      deflater.setInput(zeros, 0, n);
      fed += n;
      while (!deflater.needsInput()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  // ---- BMP ----

  /** A 24-bit uncompressed BMP header declaring width x height (and a file size to match), followed by pixelBytes zero bytes. */
  static byte[] bmp24(int width, int height, int pixelBytes) {
    long rowBytes = ((long) width * 24 + 31) / 32 * 4;
    long declaredFileSize = Math.min(0xFFFFFFFFL, 54 + rowBytes * Math.abs((long) height));
    return le(54 + pixelBytes, b -> b.put((byte) 'B').put((byte) 'M').putInt((int) declaredFileSize).putInt(0).putInt(54)
        .putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0).putInt(0)
        .putInt(2835).putInt(2835).putInt(0).putInt(0));
  }

  /** An 8-bit RLE8 BMP of width x height, every pixel palette index 1: about 2 bytes per 255 pixels. */
  static byte[] bmpRle8(int width, int height) {
    ByteArrayOutputStream runs = new ByteArrayOutputStream();
    for (int y = 0; y < height; y++) {
      for (int left = width; left > 0; left -= 255) {
        runs.write(Math.min(255, left));
        runs.write(1);
      }
      runs.write(0);
      runs.write(y == height - 1 ? 1 : 0); // end of line, end of bitmap
    }
    byte[] data = runs.toByteArray();
    int offset = 14 + 40 + 256 * 4;
    return le(offset + data.length, b -> {
      b.put((byte) 'B').put((byte) 'M').putInt(offset + data.length).putInt(0).putInt(offset);
      b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 8).putInt(1).putInt(data.length)
          .putInt(2835).putInt(2835).putInt(256).putInt(0);
      for (int i = 0; i < 256; i++) {
        b.putInt(i * 0x010101);
      }
      b.put(data);
    });
  }

  /** A BMP declaring width x height whose pixel data is an embedded PNG (compression 5), with the given size field. */
  static byte[] bmpEmbeddingPng(int width, int height, byte[] png, long imageSizeField) {
    byte[] bmp = bmp24(width, height, png.length);
    ByteBuffer.wrap(bmp).order(ByteOrder.LITTLE_ENDIAN).putInt(2, 54 + png.length).putShort(28, (short) 0)
        .putInt(30, 5).putInt(34, (int) imageSizeField);
    System.arraycopy(png, 0, bmp, 54, png.length);
    return bmp;
  }

  /** Sets the BMP's compressed-size field (BITMAPINFOHEADER biSizeImage). */
  static byte[] withBmpImageSize(byte[] bmp, long size) {
    byte[] copy = bmp.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(34, (int) size);
    return copy;
  }

  // ---- GIF ----

  /** A GIF written by the JDK's writer: width x height of one colour (its LZW data is small). */
  static byte[] gif(int width, int height) {
    IndexColorModel palette = new IndexColorModel(1, 2, new byte[] {0, -1}, new byte[] {0, -1}, new byte[] {0, -1});
    return write(new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY, palette), "gif");
  }

  /** A 1x1-frame GIF whose screen and frame then declare width x height. */
  static byte[] gifDeclaring(int width, int height) {
    return new byte[] {'G', 'I', 'F', '8', '9', 'a', (byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8),
        (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        0x2C, 0, 0, 0, 0, (byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8), 0, 2, 2, 0x44, 0x01, 0, 0x3B};
  }

  /**
   * A GIF with two first frames. Its graphic control extension says 20 bytes: walking the sub-blocks
   * (as the guard and browsers do) finds a 1x1 frame after it; the JDK's reader reads the extension's
   * usual 4 bytes and a terminator instead, and finds a width x height frame inside the block.
   */
  static byte[] gifWithHiddenFrame(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    out.writeBytes(new byte[] {0x21, (byte) 0xF9, 20});
    byte[] block = new byte[20];
    block[5] = 0x2C; // what the JDK reads as the next block: an image descriptor
    block[10] = (byte) width;
    block[11] = (byte) (width >> 8);
    block[12] = (byte) height;
    block[13] = (byte) (height >> 8);
    block[15] = 8; // LZW minimum code size, then no data
    block[17] = 0x3B;
    out.writeBytes(block);
    out.write(0);
    out.writeBytes(new byte[] {0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0, 0x3B});
    return out.toByteArray();
  }

  // ---- TIFF ----

  /** A little-endian TIFF with one IFD of the given entries; an entry value of -1 is the offset of the data. */
  static final class Tiff {
    private final List<long[]> entries = new ArrayList<>();

    /** A gray 8-bit single-strip TIFF: width, height, compression (1 none, 8 deflate), strip byte count. */
    static Tiff gray(long width, long height, int compression, long stripBytes) {
      return new Tiff().entry(256, 4, 1, width).entry(257, 4, 1, height).entry(258, 3, 1, 8).entry(259, 3, 1, compression)
          .entry(262, 3, 1, 1).entry(273, 4, 1, -1).entry(277, 3, 1, 1).entry(278, 4, 1, height).entry(279, 4, 1, stripBytes);
    }

    Tiff entry(int tag, int type, long count, long value) {
      entries.add(new long[] {tag, type, count, value});
      return this;
    }

    byte[] build(byte[] data) {
      int dataOffset = 8 + 2 + entries.size() * 12 + 4;
      return le(dataOffset + data.length, b -> {
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) entries.size());
        for (long[] e : entries) {
          b.putShort((short) e[0]).putShort((short) e[1]).putInt((int) e[2]);
          long value = e[3] == -1 ? dataOffset : e[3];
          if (e[1] == 3 && e[2] == 1) {
            b.putShort((short) value).putShort((short) 0);
          } else {
            b.putInt((int) value);
          }
        }
        b.putInt(0).put(data);
      });
    }
  }

  /** A gray TIFF of zeros in one deflate strip. */
  static byte[] tiffDeflate(int width, int height) {
    byte[] strip = deflatedZeros((long) width * height);
    return Tiff.gray(width, height, 8, strip.length).build(strip);
  }

  // ---- WebP ----

  /**
   * A lossless WebP (VP8L) of width x height: no transform, no colour cache, one prefix code group. With
   * oneBitPerPixel the green code has two symbols and every pixel reads one (zero) bit from a data block
   * of width * height / 8 bytes; without it every code has one symbol, a pixel reads no bit, and the
   * file is 34 bytes whatever its size.
   */
  static byte[] webpLossless(int width, int height, boolean oneBitPerPixel) {
    Bits bits = new Bits();
    bits.put(0x2F, 8).put(width - 1, 14).put(height - 1, 14).put(0, 1).put(0, 3);
    bits.put(0, 1).put(0, 1).put(0, 1); // no transform, no colour cache, no meta prefix codes
    if (oneBitPerPixel) {
      bits.put(1, 1).put(1, 1).put(0, 1).put(0, 1).put(128, 8); // green: simple code, symbols 0 and 128
    } else {
      bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // green: simple code, symbol 0
    }
    bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // red 0
    bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // blue 0
    bits.put(1, 1).put(0, 1).put(1, 1).put(255, 8); // alpha 255
    bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // distance 0
    byte[] header = bits.bytes();
    int data = oneBitPerPixel ? (int) (((long) width * height + 7) / 8) + 8 : 4;
    return riff(chunk("VP8L", Arrays.copyOf(header, header.length + data)));
  }

  /** A still extended WebP: a VP8X canvas of canvasWidth x canvasHeight around the given image chunk. */
  static byte[] webpExtended(int canvasWidth, int canvasHeight, byte[] imageChunk) {
    return riff(vp8x(canvasWidth, canvasHeight, 0), imageChunk);
  }

  /** An animated WebP with one frame of frameWidth x frameHeight holding the given image chunk. */
  static byte[] webpAnimated(int frameWidth, int frameHeight, byte[] imageChunk) {
    byte[] frame = le(16 + imageChunk.length, b -> {
      b.put(u24(0)).put(u24(0)).put(u24(frameWidth - 1)).put(u24(frameHeight - 1)).put(u24(100)).put((byte) 0);
      b.put(imageChunk);
    });
    return riff(vp8x(frameWidth, frameHeight, 0x02), chunk("ANIM", new byte[6]), chunk("ANMF", frame));
  }

  /** The first chunk (VP8, VP8L) of a simple-format WebP, header included. */
  static byte[] firstChunk(byte[] webp) {
    int length = ByteBuffer.wrap(webp).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
    return Arrays.copyOfRange(webp, 12, 12 + 8 + length + (length & 1));
  }

  /** A lossy VP8 chunk with its frame header's width and height replaced. */
  static byte[] withVp8Size(byte[] vp8Chunk, int width, int height) {
    byte[] copy = vp8Chunk.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(8 + 6, (short) width).putShort(8 + 8, (short) height);
    return copy;
  }

  private static byte[] vp8x(int width, int height, int flags) {
    return chunk("VP8X", le(10, b -> b.put((byte) flags).put(new byte[3]).put(u24(width - 1)).put(u24(height - 1))));
  }

  static byte[] chunk(String fourCc, byte[] payload) {
    int padded = payload.length + (payload.length & 1);
    return le(8 + padded, b -> b.put(fourCc.getBytes(StandardCharsets.ISO_8859_1)).putInt(payload.length).put(payload));
  }

  private static byte[] riff(byte[]... chunks) {
    int length = Arrays.stream(chunks).mapToInt(c -> c.length).sum();
    return le(12 + length, b -> {
      b.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(4 + length).put("WEBP".getBytes(StandardCharsets.ISO_8859_1));
      for (byte[] c : chunks) {
        b.put(c);
      }
    });
  }

  private static byte[] u24(int v) {
    return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16)};
  }

  /** Bits written least significant first, as VP8L reads them. */
  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long pending;
    private int count;

    Bits put(long value, int n) {
      pending |= (value & ((1L << n) - 1)) << count;
      count += n;
      while (count >= 8) {
        out.write((int) pending & 0xFF);
        pending >>>= 8;
        count -= 8;
      }
      return this;
    }

    byte[] bytes() {
      if (count > 0) {
        out.write((int) pending & 0xFF);
        count = 0;
      }
      return out.toByteArray();
    }
  }

  // ---- JPEG ----

  /** A 4-component (CMYK, no Adobe marker) JPEG written by the JDK's writer: what our decoder leaves to ImageIO. */
  static byte[] cmykJpeg(int width, int height) {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
    byte[] samples = ((DataBufferByte) raster.getDataBuffer()).getData();
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (byte) ((i >> 2) % width * 255 / width); // horizontal ramps
    }
    return write(raster, "jpeg");
  }

  /** A JPEG whose first baseline frame header (SOF0) then declares width x height. */
  static byte[] withJpegSize(byte[] jpeg, int width, int height) {
    byte[] copy = jpeg.clone();
    for (int i = 0; i + 9 < copy.length; i++) {
      if ((copy[i] & 0xFF) == 0xFF && (copy[i + 1] & 0xFF) == 0xC0) {
        ByteBuffer.wrap(copy).putShort(i + 5, (short) height).putShort(i + 7, (short) width);
        return copy;
      }
    }
    throw new IllegalArgumentException("no SOF0");
  }

  private static byte[] write(Object image, String format) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
    ImageWriter writer = writers.next();
    while (writers.hasNext() && !writer.getClass().getName().startsWith("com.sun.")) {
      writer = writers.next();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, image instanceof Raster r ? new IIOImage(r, null, null) : new IIOImage((BufferedImage) image, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static byte[] le(int length, java.util.function.Consumer<ByteBuffer> writer) {
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    writer.accept(b);
    return b.array();
  }
}
