package dev.eventpipeline.notify.port;

import dev.eventpipeline.notify.domain.Subscription;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: where subscriptions live. */
public interface SubscriptionStore {
  /** Stores a new subscription (its id is new: never overwrites). */
  void create(Subscription subscription);

  Optional<Subscription> get(String id);

  /** Every subscription, enabled or not (the delivery function's read, and admins' listings). */
  List<Subscription> list();

  /** The subscriptions this principal owns, without reading anyone else's. */
  List<Subscription> listByOwner(String owner);

  /**
   * Replaces the subscription if it still exists and was last updated at {@code expectedUpdatedAt}
   * (optimistic locking: a 410-disable or another change in between makes this return false).
   */
  boolean replace(Subscription subscription, java.time.Instant expectedUpdatedAt);

  /** Deletes a subscription; false when there was none. */
  boolean delete(String id);

  /** Disables an existing subscription, saying why; false when it no longer exists. */
  boolean disable(String id, String reason, Instant now);
}
