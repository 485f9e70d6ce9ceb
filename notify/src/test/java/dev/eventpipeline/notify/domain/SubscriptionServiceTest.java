package dev.eventpipeline.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.notify.testing.InMemorySubscriptionStore;
import dev.eventpipeline.notify.testing.TestEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Changes to a subscription never undo a concurrent 410-disable or another concurrent change. */
class SubscriptionServiceTest {

  /** A store in which notify disables the subscription just before the API writes its change back. */
  private static final class DisabledMidUpdate extends ForwardingStore {
    private boolean disabledOnce;

    DisabledMidUpdate(InMemorySubscriptionStore delegate) {
      super(delegate);
    }

    @Override
    public boolean replace(Subscription subscription, Instant expectedUpdatedAt) {
      if (!disabledOnce) {
        disabledOnce = true;
        delegate.disable(subscription.id(), "endpoint answered HTTP 410 Gone", Instant.parse("2026-03-01T00:00:00Z"));
      }
      return delegate.replace(subscription, expectedUpdatedAt);
    }
  }

  @Test
  void aPatchOfTheEventTypesDoesNotReEnableASubscriptionDisabledMeanwhile() {
    InMemorySubscriptionStore memory = new InMemorySubscriptionStore();
    Subscription subscription = TestEvents.subscription("https://hooks.example.com/in", "*");
    memory.create(subscription);
    SubscriptionService service = new SubscriptionService(new DisabledMidUpdate(memory), TestEvents.CIPHER, null, null,
        Clock.fixed(Instant.parse("2026-03-02T00:00:00Z"), ZoneOffset.UTC));

    Subscription updated = service.update(new Caller(TestEvents.OWNER, false), subscription.id(),
        new SubscriptionService.Changes(null, List.of("ThumbnailFailed"), null, false));

    assertThat(updated.events()).containsExactly("ThumbnailFailed");
    assertThat(updated.enabled()).as("the concurrent disable is kept").isFalse();
    Optional<Subscription> stored = memory.get(subscription.id());
    assertThat(stored).contains(updated);
  }

  /** Delegates every call; tests override one. */
  private static class ForwardingStore implements dev.eventpipeline.notify.port.SubscriptionStore {
    final InMemorySubscriptionStore delegate;

    ForwardingStore(InMemorySubscriptionStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public void create(Subscription subscription) {
      delegate.create(subscription);
    }

    @Override
    public Optional<Subscription> get(String id) {
      return delegate.get(id);
    }

    @Override
    public List<Subscription> list() {
      return delegate.list();
    }

    @Override
    public List<Subscription> listByOwner(String owner) {
      return delegate.listByOwner(owner);
    }

    @Override
    public boolean replace(Subscription subscription, Instant expectedUpdatedAt) {
      return delegate.replace(subscription, expectedUpdatedAt);
    }

    @Override
    public boolean delete(String id) {
      return delegate.delete(id);
    }

    @Override
    public boolean disable(String id, String reason, Instant now) {
      return delegate.disable(id, reason, now);
    }
  }
}
