package dev.eventpipeline.thumbnail.image;

/** A source image format, as sniffed from its magic bytes (never from the extension). */
public enum ImageFormat {
  JPEG, PNG, GIF, BMP, WEBP, TIFF
}
