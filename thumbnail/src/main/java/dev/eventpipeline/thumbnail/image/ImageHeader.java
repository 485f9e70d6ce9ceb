package dev.eventpipeline.thumbnail.image;


/**
 * What the header of an image declares, read before any pixel is decoded.
 *
 * @param width stored width (of the canvas for GIF, the first page for TIFF)
 * @param height stored height
 * @param frames frames (GIF, APNG, animated WebP) or pages (TIFF); 1 for still images
 * @param totalPixels pixels summed over every frame or page: what the pixel cap is checked against
 * @param orientation EXIF orientation 1..8 (1 when absent or invalid)
 * @param iccProfile the embedded ICC profile, or null
 * @param bitsPerSample 8 for most images; 16 for 16-bit PNG and TIFF (decoding needs more memory)
 * @param frameLeft x of the first frame on the canvas (GIF), else 0
 * @param frameTop y of the first frame on the canvas (GIF), else 0
 */
public record ImageHeader(ImageFormat format, int width, int height, int frames, long totalPixels,
    int orientation, byte[] iccProfile, int bitsPerSample, int frameLeft, int frameTop) {

  /** Width as displayed, after the EXIF orientation is applied. */
  public int orientedWidth() {
    return orientation >= 5 ? height : width;
  }

  /** Height as displayed, after the EXIF orientation is applied. */
  public int orientedHeight() {
    return orientation >= 5 ? width : height;
  }
}
