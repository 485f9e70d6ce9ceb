package dev.eventpipeline.notify.testing;

import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.port.SubscriptionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A SubscriptionStore in memory, for domain and handler tests (the DynamoDB adapter has its own tests). */
public final class InMemorySubscriptionStore implements SubscriptionStore {
  private final Map<String, Subscription> items = new ConcurrentHashMap<>();
  private volatile RuntimeException failure;

  /** Makes every later call throw, like an unavailable table. */
  public void failWith(RuntimeException e) {
    this.failure = e;
  }

  private void check() {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void create(Subscription subscription) {
    check();
    if (items.putIfAbsent(subscription.id(), subscription) != null) {
      throw new IllegalStateException("duplicate id " + subscription.id());
    }
  }

  @Override
  public Optional<Subscription> get(String id) {
    check();
    return Optional.ofNullable(items.get(id));
  }

  @Override
  public List<Subscription> list() {
    check();
    scans.incrementAndGet();
    return new ArrayList<>(items.values());
  }

  /** Counts listings by owner, so tests can tell they did not read the whole table. */
  public final java.util.concurrent.atomic.AtomicInteger ownerQueries = new java.util.concurrent.atomic.AtomicInteger();
  /** Counts whole-table listings. */
  public final java.util.concurrent.atomic.AtomicInteger scans = new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public List<Subscription> listByOwner(String owner) {
    check();
    ownerQueries.incrementAndGet();
    return items.values().stream().filter(s -> owner.equals(s.owner())).toList();
  }

  @Override
  public boolean replace(Subscription subscription, java.time.Instant expectedUpdatedAt) {
    check();
    boolean[] replaced = {false};
    items.computeIfPresent(subscription.id(), (k, current) -> {
      if (!current.updatedAt().equals(expectedUpdatedAt)) {
        return current;
      }
      replaced[0] = true;
      return subscription;
    });
    return replaced[0];
  }

  @Override
  public boolean delete(String id) {
    check();
    return items.remove(id) != null;
  }

  @Override
  public boolean disable(String id, String reason, Instant now) {
    check();
    return items.computeIfPresent(id, (k, s) -> s.withEnabled(false, reason, now)) != null;
  }
}
