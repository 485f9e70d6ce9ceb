package dev.eventpipeline.notify.domain;

/** A webhook URL that may not be used: malformed, wrong scheme or port, or its host is refused. */
public class InvalidTargetException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidTargetException(String message) {
    super(message);
  }
}
