package dev.eventpipeline.thumbnail.image;

/** Why an image was refused: the reason enum of ThumbnailFailed (docs/events/ThumbnailFailed.schema.json). */
public enum FailureReason {
  /** The object is larger than MAX_SOURCE_BYTES. */
  TOO_LARGE,
  /** The header declares more than MAX_SOURCE_PIXELS (summed over frames): a decompression-bomb guard. */
  TOO_MANY_PIXELS,
  /** Not one of the supported formats, or a variant of one that cannot be decoded (arithmetic or 12-bit JPEG). */
  UNSUPPORTED_FORMAT,
  /** A supported format whose data is broken: empty, truncated, inconsistent header, undecodable. */
  CORRUPT,
  /** The object no longer exists (deleted before it was processed). */
  NOT_FOUND,
  /**
   * Decoding this image exhausted what the function has: memory (OutOfMemoryError), stack
   * (StackOverflowError) or the decode time bound. The execution environment is retired afterwards.
   */
  RESOURCE_LIMIT,
  /** The image code failed unexpectedly on this image (a defect, logged with its stack trace). */
  DECODER_ERROR
}
