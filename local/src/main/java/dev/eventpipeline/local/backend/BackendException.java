package dev.eventpipeline.local.backend;

/** The backend cannot be started or reached; the message says what to do about it. */
public final class BackendException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
