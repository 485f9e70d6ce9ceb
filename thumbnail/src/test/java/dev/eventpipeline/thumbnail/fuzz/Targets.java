package dev.eventpipeline.thumbnail.fuzz;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.domain.ThumbnailSet;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import dev.eventpipeline.thumbnail.image.HeaderReader;
import dev.eventpipeline.thumbnail.image.ImageHeader;
import dev.eventpipeline.thumbnail.image.Pixels;
import dev.eventpipeline.thumbnail.image.jpeg.JpegDecoder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Every call the fuzz harness makes into the code under test, one small method each, so a change of
 * signature (a new limits parameter, say) is adapted here and nowhere else. Also the reference
 * decoder: ImageIO's first JPEG reader.
 */
final class Targets {
  /** The pixel limit the harness runs with: small, so that a "huge frame" mutation must be refused. */
  static final long MAX_PIXELS = 4_000_000L;

  static {
    ImageIO.setUseCache(false);
    ImageIO.scanForPlugins();
  }

  private Targets() {}

  /** The settings every fuzzed Thumbnailer runs with: two sizes up to {@code largest}, the small pixel limit. */
  static ThumbnailSettings settings(int largest) {
    return new ThumbnailSettings(List.of(Math.max(1, largest / 4), largest), ThumbnailSettings.DEFAULT_MAX_SOURCE_BYTES,
        MAX_PIXELS, ThumbnailSettings.DEFAULT_JPEG_QUALITY, ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES);
  }

  /** The whole pipeline: succeeds, or throws ImageRejectedException. */
  static ThumbnailSet thumbnails(byte[] data, int largest) {
    return new Thumbnailer(settings(largest)).create(data);
  }

  /** The guard: what the header declares. */
  static ImageHeader header(byte[] data) {
    return HeaderReader.read(data);
  }

  /** Our JPEG decoder at full size, given the frame the guard read and the harness's pixel limit. */
  static Pixels ourJpeg(byte[] data) {
    ImageHeader header = HeaderReader.read(data);
    return JpegDecoder.decode(data, 1, header, MAX_PIXELS, ThumbnailSettings.DEFAULT_MAX_DECODE_BYTES);
  }

  /** True for what our decoder throws to mean "let ImageIO do it" (the Thumbnailer then falls back). */
  static boolean isFallback(Throwable t) {
    return t instanceof JpegDecoder.UnsupportedVariantException || t instanceof JpegDecoder.CorruptDataException;
  }

  /** The reference: what {@code ImageIO.getImageReadersByFormatName("jpeg").next()} is on this class path. */
  static String referenceJpegReader() {
    ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
    try {
      return reader.getClass().getName();
    } finally {
      reader.dispose();
    }
  }

  /**
   * Decodes the first image with the reference reader, refusing (IIOException) a frame over
   * {@link #MAX_PIXELS} before it allocates, as the production ImageIO path does.
   */
  static BufferedImage referenceJpeg(byte[] data) throws IOException {
    ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(in, true, true);
      long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
      if (pixels > MAX_PIXELS) {
        throw new IIOException("frame of " + reader.getWidth(0) + "x" + reader.getHeight(0) + " is over the pixel limit");
      }
      return reader.read(0);
    } finally {
      reader.dispose();
    }
  }
}
