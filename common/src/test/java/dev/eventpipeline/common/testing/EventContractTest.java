package dev.eventpipeline.common.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventContractTest {
  @Test
  void acceptsAWellFormedThumbnailFailed() {
    EventContract.assertValid(PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", "uploads/a.jpg",
        Map.of("source", Map.of("bucket", "uploads", "key", "a.jpg"), "reason", "CORRUPT", "detail", "truncated JPEG"),
        "uploads", "a.jpg", "etag"));
  }

  @Test
  void rejectsAnUnknownReasonAndAMissingField() {
    PipelineEvent bad = PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", "uploads/a.jpg",
        Map.of("source", Map.of("bucket", "uploads"), "reason", "SOLAR_FLARE", "detail", "x"), "a");
    assertThatThrownBy(() -> EventContract.assertValid(bad))
        .isInstanceOf(AssertionError.class).hasMessageContaining("reason").hasMessageContaining("key");
  }

  @Test
  void rejectsAWrongSource() {
    PipelineEvent bad = PipelineEvent.of(EventType.ThumbnailFailed, "mask", "x",
        Map.of("source", Map.of("bucket", "b", "key", "k"), "reason", "CORRUPT", "detail", "x"), "a");
    assertThatThrownBy(() -> EventContract.assertValid(List.of(bad))).hasMessageContaining("source");
  }
}
