package dev.eventpipeline.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * What the thumbnail function makes and what it refuses: the sizes, the source limits and the decode
 * limits. The function reads them from its environment ({@link EnvVars}) and infra/cdk validates the
 * sizes it sets with {@link #parseSizes}, so a list the function would refuse fails synthesis with
 * the same message.
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
  /** Largest thumbnail size (longest edge, pixels). */
  public static final int MAX_SIZE = 4096;
  /**
   * Most distinct sizes: ThumbnailCreated lists every thumbnail, and with 16 keys of S3's 1,024-byte
   * maximum it stays far below SNS's 256 KiB (docs/events/README.md).
   */
  public static final int MAX_SIZES = 16;
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

  /**
   * Parses a comma-separated size list ("128,256,512"; blanks around items allowed) into distinct
   * ascending sizes.
   *
   * @throws IllegalArgumentException with the message both the function and synthesis report
   */
  public static List<Integer> parseSizes(String text) {
    List<Integer> sizes = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      int size;
      try {
        size = Integer.parseInt(item.strip());
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 1 || size > MAX_SIZE) {
        throw new IllegalArgumentException("'" + text + "' (expected comma-separated pixel sizes from 1 to " + MAX_SIZE
            + ", e.g. 128,256,512)");
      }
      sizes.add(size);
    }
    List<Integer> distinct = sizes.stream().distinct().sorted().toList();
    if (distinct.size() > MAX_SIZES) {
      throw new IllegalArgumentException(distinct.size() + " distinct sizes, at most " + MAX_SIZES
          + " (every thumbnail is listed in one ThumbnailCreated event)");
    }
    return distinct;
  }

  public static ThumbnailSettings defaults() {
    return new ThumbnailSettings(DEFAULT_SIZES, DEFAULT_MAX_SOURCE_BYTES, DEFAULT_MAX_SOURCE_PIXELS, DEFAULT_JPEG_QUALITY,
        DEFAULT_MAX_DECODE_BYTES);
  }

  public ThumbnailSettings withSizes(List<Integer> newSizes) {
    return new ThumbnailSettings(newSizes, maxSourceBytes, maxSourcePixels, jpegQuality, maxDecodeBytes);
  }
}
