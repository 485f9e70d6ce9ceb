package dev.eventpipeline.common.dlq;

/** One dead-letter message could not be redriven (it stays in its queue); the message says why. */
public final class RedriveException extends RuntimeException {
  public RedriveException(String message) {
    super(message);
  }
}
