package dev.eventpipeline.common.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void sameCauseGivesSameId() {
    assertThat(EventIds.of(EventType.ThumbnailCreated, "uploads", "cat.jpg", "etag1"))
        .isEqualTo(EventIds.of(EventType.ThumbnailCreated, "uploads", "cat.jpg", "etag1"));
  }

  @Test
  void differentTypeOrCauseGivesDifferentIds() {
    String id = EventIds.of(EventType.ThumbnailCreated, "uploads", "cat.jpg", "etag1");
    assertThat(EventIds.of(EventType.ThumbnailFailed, "uploads", "cat.jpg", "etag1")).isNotEqualTo(id);
    assertThat(EventIds.of(EventType.ThumbnailCreated, "uploads", "cat.jpg", "etag2")).isNotEqualTo(id);
    // the separator keeps ("ab","c") and ("a","bc") apart
    assertThat(EventIds.of(EventType.ThumbnailCreated, "ab", "c"))
        .isNotEqualTo(EventIds.of(EventType.ThumbnailCreated, "a", "bc"));
  }

  @Test
  void idsAreVersion5Uuids() {
    UUID uuid = UUID.fromString(EventIds.of(EventType.LogBatchArchived, "shardId-000000000000", "1", "9"));
    assertThat(uuid.version()).isEqualTo(5);
    assertThat(uuid.variant()).isEqualTo(2);
  }

  @Test
  void matchesTheDocumentedTestVector() {
    // docs/events/README.md quotes this vector so other languages can reproduce our ids.
    assertThat(EventIds.of(EventType.ThumbnailCreated, "uploads", "cat.jpg", "etag1"))
        .isEqualTo(EventIds.nameUuid("ThumbnailCreated\u001fuploads\u001fcat.jpg\u001fetag1").toString());
  }
}
