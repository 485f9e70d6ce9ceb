package dev.eventpipeline.common.testing;

import dev.eventpipeline.common.events.CloudEventCodec;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A test double that records published events (after a CloudEvents JSON round trip) and holds each
 * one to the event contract as it is published: an event that breaks its schema in docs/events/
 * makes {@code publish} throw an AssertionError, which the functions' RuntimeException handlers do
 * not swallow, so no test that publishes through it can skip the contract.
 */
public final class RecordingEventPublisher implements EventPublisher {
  private final List<PipelineEvent> events = new ArrayList<>();
  private int failuresToInject;

  @Override
  public synchronized void publish(List<PipelineEvent> batch) {
    batch.forEach(EventContract::assertValid);
    if (failuresToInject > 0) {
      failuresToInject--;
      throw new dev.eventpipeline.common.events.EventPublishException("injected publish failure", null);
    }
    for (PipelineEvent event : batch) {
      events.add(CloudEventCodec.fromJson(CloudEventCodec.toJson(event)));
    }
  }

  /** The next {@code n} publish calls fail. */
  public synchronized RecordingEventPublisher failNext(int n) {
    failuresToInject = n;
    return this;
  }

  public synchronized List<PipelineEvent> events() {
    return List.copyOf(events);
  }

  public synchronized List<PipelineEvent> ofType(EventType type) {
    return events.stream().filter(e -> e.type() == type).toList();
  }
}
