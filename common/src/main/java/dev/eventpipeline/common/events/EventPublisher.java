package dev.eventpipeline.common.events;

import java.util.List;

/** Port: publishes domain events to the pipeline's event bus. */
public interface EventPublisher {
  /** SNS's limit on a message (body plus attributes), 256 KiB. */
  int MAX_MESSAGE_BYTES = 256 * 1024;

  /**
   * Publishes the events, all or nothing as far as the caller can tell: it returns when every
   * event was accepted and throws {@link EventPublishException} otherwise (redelivery is safe: ids
   * are deterministic).
   */
  void publish(List<PipelineEvent> events);

  default void publish(PipelineEvent event) {
    publish(List.of(event));
  }
}
