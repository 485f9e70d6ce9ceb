package dev.eventpipeline.thumbnail.domain;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes through ImageIO (the JDK's PNG, GIF and BMP readers; TwelveMonkeys' JPEG, WebP and TIFF
 * readers), first frame or page only, with source subsampling when the full image would not fit the
 * decode budget.
 */
final class ImageIoDecoder {
  static {
    ImageIO.setUseCache(false); // no temp files: everything is in memory already
    ImageIO.scanForPlugins(); // the function's class loader may not be the one ImageIO scanned at start
  }

  /** Decoded pixels and, when the reader attached one, the non-sRGB profile they are in. */
  record Decoded(Pixels pixels, ICC_Profile profile) {}

  private ImageIoDecoder() {}

  static Decoded decode(byte[] data, ImageHeader header, int subsampling, long maxPixels) {
    ImageReader reader = readerFor(header.format());
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in, true, true);
      // Second guard: what the reader itself will allocate for the first frame.
      long declared = (long) reader.getWidth(0) * reader.getHeight(0);
      if (declared > maxPixels) {
        throw new ImageRejectedException(FailureReason.TOO_MANY_PIXELS,
            header.format() + " frame declares " + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels, over the "
                + maxPixels + "-pixel limit");
      }
      ImageReadParam param = reader.getDefaultReadParam();
      if (subsampling > 1) {
        param.setSourceSubsampling(subsampling, subsampling, 0, 0);
      }
      BufferedImage image = reader.read(0, param);
      return toPixels(image);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ImageRejectedException rejected) {
        throw rejected;
      }
      throw new ImageRejectedException(FailureReason.CORRUPT,
          "could not decode the " + header.format() + " image: " + message(e), e);
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader readerFor(ImageFormat format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
    if (!readers.hasNext()) {
      throw new IllegalStateException("no ImageIO reader for " + format + " (are the TwelveMonkeys plugins on the class path?)");
    }
    return readers.next();
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  static Decoded toPixels(BufferedImage image) {
    ColorModel model = image.getColorModel();
    ColorSpace space = model.getColorSpace();
    boolean alpha = model.hasAlpha();
    int w = image.getWidth();
    int h = image.getHeight();
    if (space.getType() == ColorSpace.TYPE_CMYK) {
      // Rare (TIFF, or JPEG when the reader keeps CMYK): convert, on the already reduced image.
      BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      new ColorConvertOp(null).filter(image, rgb);
      return new Decoded(fromBgr(rgb), null);
    }
    if (!space.isCS_sRGB() && space instanceof ICC_ColorSpace icc && space.getType() == ColorSpace.TYPE_RGB
        && model instanceof ComponentColorModel) {
      ICC_Profile profile = icc.getProfile();
      return new Decoded(rawSamples(image.getRaster(), model, alpha), ColorProfiles.isSrgb(profile) ? null : profile);
    }
    switch (image.getType()) {
      case BufferedImage.TYPE_3BYTE_BGR:
        return new Decoded(fromBgr(image), null);
      case BufferedImage.TYPE_4BYTE_ABGR:
        return new Decoded(fromAbgr(image), null);
      case BufferedImage.TYPE_INT_RGB:
      case BufferedImage.TYPE_INT_ARGB:
        return new Decoded(fromInt(image, alpha), null);
      default:
        // Indexed, gray, 16-bit, custom layouts: let Java2D convert them.
        BufferedImage copy = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = copy.createGraphics();
        try {
          g.setComposite(AlphaComposite.Src);
          g.drawImage(image, 0, 0, null);
        } finally {
          g.dispose();
        }
        return new Decoded(alpha ? fromAbgr(copy) : fromBgr(copy), null);
    }
  }

  private static Pixels fromBgr(BufferedImage image) {
    byte[] s = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    int n = image.getWidth() * image.getHeight();
    byte[] d = new byte[n * 3];
    for (int i = 0; i < n * 3; i += 3) {
      d[i] = s[i + 2];
      d[i + 1] = s[i + 1];
      d[i + 2] = s[i];
    }
    return new Pixels(image.getWidth(), image.getHeight(), 3, d);
  }

  private static Pixels fromAbgr(BufferedImage image) {
    byte[] s = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    int n = image.getWidth() * image.getHeight();
    byte[] d = new byte[n * 4];
    for (int i = 0; i < n * 4; i += 4) {
      d[i] = s[i + 3];
      d[i + 1] = s[i + 2];
      d[i + 2] = s[i + 1];
      d[i + 3] = s[i];
    }
    return new Pixels(image.getWidth(), image.getHeight(), 4, d);
  }

  private static Pixels fromInt(BufferedImage image, boolean alpha) {
    int[] s = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    int c = alpha ? 4 : 3;
    byte[] d = new byte[s.length * c];
    for (int i = 0, j = 0; i < s.length; i++, j += c) {
      int p = s[i];
      d[j] = (byte) (p >> 16);
      d[j + 1] = (byte) (p >> 8);
      d[j + 2] = (byte) p;
      if (alpha) {
        d[j + 3] = (byte) (p >>> 24);
      }
    }
    return new Pixels(image.getWidth(), image.getHeight(), c, d);
  }

  /** Samples as stored (in the image's own color space), scaled to 8 bits. */
  private static Pixels rawSamples(Raster raster, ColorModel model, boolean alpha) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int c = alpha ? 4 : 3;
    byte[] d = new byte[w * h * c];
    int[] row = new int[w];
    for (int band = 0; band < c; band++) {
      int shift = Math.max(0, model.getComponentSize(band) - 8);
      for (int y = 0; y < h; y++) {
        raster.getSamples(0, y, w, 1, band, row);
        for (int x = 0; x < w; x++) {
          d[(y * w + x) * c + band] = (byte) (row[x] >> shift);
        }
      }
    }
    return new Pixels(w, h, c, d);
  }
}
