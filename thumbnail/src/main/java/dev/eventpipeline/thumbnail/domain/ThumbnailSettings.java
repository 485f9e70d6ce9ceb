package dev.eventpipeline.thumbnail.domain;

import java.util.List;

/**
 * What to make and what to refuse.
 *
 * @param sizes longest edges of the thumbnails, distinct, ascending
 * @param maxSourceBytes larger sources are refused (TOO_LARGE)
 * @param maxSourcePixels sources declaring more pixels (summed over frames) are refused (TOO_MANY_PIXELS)
 * @param jpegQuality 1..100
 * @param maxDecodeBytes most bytes a decode may allocate (JpegDecoder: planes, coefficients, output, computed
 *     exactly from the frame; ImageIO: its raster, working rows and the
 *     copies made from it), estimated from the reader's own dimensions and sample layout before it reads
 *     a pixel; beyond it the image is refused (TOO_MANY_PIXELS)
 */
public record ThumbnailSettings(List<Integer> sizes, long maxSourceBytes, long maxSourcePixels, int jpegQuality,
    long maxDecodeBytes) {
  public static final List<Integer> DEFAULT_SIZES = List.of(128, 256, 512);
  public static final long DEFAULT_MAX_SOURCE_BYTES = 52_428_800L;
  public static final long DEFAULT_MAX_SOURCE_PIXELS = 100_000_000L;
  public static final int DEFAULT_JPEG_QUALITY = 82;
  /** Most bytes one decode may allocate for its buffers (planes, coefficients, output), computed before it allocates. */
  public static final long DEFAULT_MAX_DECODE_BYTES = 512L * 1024 * 1024;

  public ThumbnailSettings {
    if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("sizes must be positive and at least one");
    }
    sizes = sizes.stream().distinct().sorted().toList();
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("jpegQuality must be 1..100");
    }
    if (maxDecodeBytes < 1) {
      throw new IllegalArgumentException("maxDecodeBytes must be positive");
    }
  }

  public static ThumbnailSettings defaults() {
    return new ThumbnailSettings(DEFAULT_SIZES, DEFAULT_MAX_SOURCE_BYTES, DEFAULT_MAX_SOURCE_PIXELS, DEFAULT_JPEG_QUALITY,
        DEFAULT_MAX_DECODE_BYTES);
  }

  public ThumbnailSettings withSizes(List<Integer> newSizes) {
    return new ThumbnailSettings(newSizes, maxSourceBytes, maxSourcePixels, jpegQuality, maxDecodeBytes);
  }
}
