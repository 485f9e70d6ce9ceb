package dev.eventpipeline.notify.domain;

/** A webhook host that did not resolve (now): refused at registration, retried at delivery. */
public final class UnresolvableHostException extends InvalidTargetException {
  private static final long serialVersionUID = 1L;

  public UnresolvableHostException(String message) {
    super(message);
  }
}
