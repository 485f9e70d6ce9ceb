package dev.eventpipeline.common.events;

/** Events could not be published (after retries, or too large to publish at all). */
public final class EventPublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EventPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
