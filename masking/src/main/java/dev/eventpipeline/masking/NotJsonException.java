package dev.eventpipeline.masking;

/** Input that is not what the JSON masker expects (not JSON, not one JSON object, too deeply nested). */
public final class NotJsonException extends Exception {
  private static final long serialVersionUID = 1L;

  public NotJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
