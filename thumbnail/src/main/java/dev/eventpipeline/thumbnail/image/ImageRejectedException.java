package dev.eventpipeline.thumbnail.image;

/** A permanent refusal of one image: retrying cannot help, so it is reported (ThumbnailFailed), not retried. */
public final class ImageRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final FailureReason reason;

  public ImageRejectedException(FailureReason reason, String detail) {
    this(reason, detail, null);
  }

  public ImageRejectedException(FailureReason reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  public FailureReason reason() {
    return reason;
  }

  /** The human-readable detail (never contains image bytes). */
  public String detail() {
    return getMessage();
  }

  public static ImageRejectedException corrupt(String detail) {
    return new ImageRejectedException(FailureReason.CORRUPT, detail);
  }

  public static ImageRejectedException unsupported(String detail) {
    return new ImageRejectedException(FailureReason.UNSUPPORTED_FORMAT, detail);
  }

  // The two resource limits of a decode map to existing reasons here, and only here.

  /** A decode that would allocate more than MAX_DECODE_BYTES (or than one Java array holds). */
  public static ImageRejectedException overDecodeBytes(String detail) {
    return new ImageRejectedException(FailureReason.TOO_MANY_PIXELS, detail);
  }

  /** A decode stopped at its time limit. */
  public static ImageRejectedException overDecodeTime(java.time.Duration limit, Throwable cause) {
    String seconds = java.math.BigDecimal.valueOf(limit.toMillis(), 3).stripTrailingZeros().toPlainString();
    return new ImageRejectedException(FailureReason.RESOURCE_LIMIT, "decoding took longer than " + seconds + " s", cause);
  }
}
