package dev.eventpipeline.masking;

/** The HASH operator's key cannot be obtained; retrying later may succeed. Never carries key material. */
public final class HashKeyUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HashKeyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
