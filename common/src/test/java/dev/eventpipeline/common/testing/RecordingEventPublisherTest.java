package dev.eventpipeline.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingEventPublisherTest {
  private static final PipelineEvent VALID = PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", "uploads/a.jpg",
      Map.of("source", Map.of("bucket", "uploads", "key", "a.jpg"), "reason", "CORRUPT", "detail", "truncated JPEG"),
      "uploads", "a.jpg");
  private static final PipelineEvent BREAKS_SCHEMA = PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", "x",
      Map.of("source", Map.of("bucket", "uploads"), "reason", "SOLAR_FLARE", "detail", "x"), "a");

  @Test
  void recordsAnEventThatKeepsTheContract() {
    RecordingEventPublisher publisher = new RecordingEventPublisher();

    publisher.publish(VALID);

    assertThat(publisher.events()).extracting(PipelineEvent::id).containsExactly(VALID.id());
  }

  @Test
  void refusesAtPublicationAnEventThatBreaksItsSchemaAndRecordsNoneOfItsBatch() {
    RecordingEventPublisher publisher = new RecordingEventPublisher();

    assertThatThrownBy(() -> publisher.publish(List.of(VALID, BREAKS_SCHEMA)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("ThumbnailFailed").hasMessageContaining("reason");
    assertThat(publisher.events()).isEmpty();
  }

  @Test
  void validatesEvenWhenAFailureIsInjected() {
    RecordingEventPublisher publisher = new RecordingEventPublisher().failNext(1);

    assertThatThrownBy(() -> publisher.publish(BREAKS_SCHEMA)).isInstanceOf(AssertionError.class);
  }
}
