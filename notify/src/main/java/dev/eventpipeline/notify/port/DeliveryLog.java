package dev.eventpipeline.notify.port;

/**
 * Port: the record of successful deliveries, one entry per (subscription id, event id), kept for a
 * few days, so a redelivered event is not delivered twice to a subscriber that already has it.
 */
public interface DeliveryLog {
  boolean wasDelivered(String subscriptionId, String eventId);

  /**
   * Records a successful delivery with a conditional write; false when it was already recorded
   * (another invocation delivered the same event concurrently).
   */
  boolean recordDelivered(String subscriptionId, String eventId, int status);
}
