package dev.eventpipeline.common.events;

import java.util.Arrays;
import java.util.Optional;

/** The domain event types the pipeline publishes; each has a JSON Schema in docs/events/. */
public enum EventType {
  LogBatchArchived,
  LogRecordsRejected,
  SensitiveDataDetected,
  ThumbnailCreated,
  ThumbnailFailed,
  RemediationPerformed;

  /** The type with exactly this name, if it is one of ours. */
  public static Optional<EventType> parse(String name) {
    return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
  }
}
