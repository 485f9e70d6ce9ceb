package dev.eventpipeline.common.events;

/** A message that is not a valid pipeline event; permanent, never worth a retry. */
public final class InvalidEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
