package dev.eventpipeline.notify.domain;

/** No subscription has this id. */
public final class SubscriptionNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SubscriptionNotFoundException(String id) {
    super("no subscription with id " + id);
  }
}
