package dev.eventpipeline.notify.testing;

import dev.eventpipeline.notify.port.DeliveryLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A DeliveryLog in memory, for domain and handler tests (the DynamoDB adapter has its own tests). */
public final class InMemoryDeliveryLog implements DeliveryLog {
  private final Set<String> delivered = ConcurrentHashMap.newKeySet();

  @Override
  public boolean wasDelivered(String subscriptionId, String eventId) {
    return delivered.contains(subscriptionId + "#" + eventId);
  }

  @Override
  public boolean recordDelivered(String subscriptionId, String eventId, int status) {
    return delivered.add(subscriptionId + "#" + eventId);
  }

  public Set<String> entries() {
    return Set.copyOf(delivered);
  }
}
