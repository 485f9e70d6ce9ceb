package dev.eventpipeline.notify.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.events.CloudEventCodec;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.events.EventIds;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.testing.EventContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docs/events: one sample per event type, each valid against its schema; the README's id vector holds. */
class EventSamplesTest {
  private static final Path EVENTS = EventContract.eventsDocs();

  @ParameterizedTest(name = "{0}")
  @EnumSource(EventType.class)
  void everySampleIsValidAgainstItsSchemaAndParsesAsAPipelineEvent(EventType type) throws Exception {
    Path sample = EVENTS.resolve("samples").resolve(type.name() + ".json");
    String json = Files.readString(sample);

    EventContract.assertValid(type, json);
    PipelineEvent event = CloudEventCodec.fromJson(json.getBytes(StandardCharsets.UTF_8));
    assertThat(event.type()).isEqualTo(type);
    assertThat(UUID.fromString(event.id()).version()).as("deterministic name-based id").isEqualTo(5);
    // what notify would deliver passes the schema too (the codec's own rendering)
    EventContract.assertValid(event);
  }

  @Test
  void thereIsExactlyOneSamplePerEventType() throws Exception {
    try (Stream<Path> files = Files.list(EVENTS.resolve("samples"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventType.values()).map(t -> t.name() + ".json").toList());
    }
  }

  @Test
  void theReadmeQuotesTheIdTestVectorThatEventIdsProduces() throws Exception {
    String readme = Files.readString(EVENTS.resolve("README.md"));

    assertThat(readme).contains(EventIds.of(EventType.ThumbnailCreated, "uploads", "cat.jpg", "etag1"))
        .contains("8c2b6f0e-3f5a-4d8e-9a61-2f0d3c7b5e14");
    for (EventType type : EventType.values()) {
      assertThat(readme).contains("samples/" + type.name() + ".json");
    }
  }

  @Test
  void worstCaseEventsStayFarBelowTheSnsLimit() {
    String key = "k".repeat(1024); // S3's longest key
    String sequence = "4".repeat(56);
    ObjectNode rejected = Json.MAPPER.createObjectNode()
        .put("stage", "ingest").put("count", 1_000_000).put("bucket", "b".repeat(63))
        .put("truncated", true).put("streamName", "s".repeat(128)).put("shardId", "shardId-000000000000")
        .put("firstSequenceNumber", sequence).put("lastSequenceNumber", sequence);
    ObjectNode reasons = rejected.putObject("reasons");
    ArrayNode quarantined = rejected.putArray("quarantined");
    for (int i = 0; i < 100; i++) {
      quarantined.addObject().put("key", key).put("reason", "R".repeat(64)).put("sequenceNumber", sequence)
          .put("subSequenceNumber", i).put("lineIndex", 1_000_000);
      reasons.put("REASON_" + i, 10_000);
    }
    ObjectNode detected = Json.MAPPER.createObjectNode()
        .put("bucket", "b".repeat(63)).put("key", key).put("recordCount", 1_000_000).put("truncated", true)
        .put("shardId", "shardId-000000000000").put("streamName", "s".repeat(128));
    ObjectNode types = detected.putObject("types");
    ArrayNode recordIds = detected.putArray("recordIds");
    for (int i = 0; i < 500; i++) {
      recordIds.add("r".repeat(64));
    }
    for (int i = 0; i < 50; i++) {
      types.put("CREDENTIAL_TYPE_" + i, 10_000);
    }

    for (PipelineEvent event : List.of(
        PipelineEvent.of(EventType.LogRecordsRejected, "ingest", key, rejected, "a"),
        PipelineEvent.of(EventType.SensitiveDataDetected, "mask", key, detected, "b"),
        thumbnailCreated(key),
        thumbnailCreated("\u0001".repeat(1024)))) { // a key JSON escapes byte for byte, as \u0001: 6x
      EventContract.assertValid(event);
      int bytes = CloudEventCodec.toJson(event).length;
      System.out.printf("worst-case %s: %,d bytes%n", event.type(), bytes);
      assertThat(bytes).isLessThan(EventPublisher.MAX_MESSAGE_BYTES - 1024); // attributes take < 100 bytes
    }
  }

  /**
   * The most sizes THUMBNAIL_SIZES admits (16), each thumbnail key as long as the function lets it be
   * (S3's maximum: it hashes longer ones), the source key and version id at their maximum too.
   */
  private static PipelineEvent thumbnailCreated(String key) {
    ObjectNode created = Json.MAPPER.createObjectNode();
    created.putObject("source").put("bucket", "b".repeat(63)).put("key", key).put("versionId", "v".repeat(1024))
        .put("etag", "e".repeat(32) + "-10000").put("bytes", 5_000_000_000_000L).put("format", "WEBP")
        .put("width", 65535).put("height", 65535).put("frames", 1_000_000);
    ArrayNode thumbnails = created.putArray("thumbnails");
    for (int i = 0; i < 16; i++) {
      thumbnails.addObject().put("bucket", "b".repeat(63)).put("key", key).put("width", 4096)
          .put("height", 4096).put("bytes", 100_000_000).put("contentType", "image/jpeg").put("reused", false);
    }
    created.put("durationMs", 900_000);
    return PipelineEvent.of(EventType.ThumbnailCreated, "thumbnail", "b".repeat(63) + "/" + key, created, key);
  }

  @Test
  void theThumbnailCreatedSchemaAdmitsAtMostSixteenThumbnails() throws Exception {
    ObjectNode sample = (ObjectNode) Json.MAPPER.readTree(Files.readString(EVENTS.resolve("samples/ThumbnailCreated.json")));
    ArrayNode thumbnails = (ArrayNode) sample.path("data").path("thumbnails");
    while (thumbnails.size() < 16) {
      thumbnails.add(thumbnails.get(0).deepCopy());
    }
    EventContract.assertValid(EventType.ThumbnailCreated, sample.toString());

    thumbnails.add(thumbnails.get(0).deepCopy());

    assertThatThrownBy(() -> EventContract.assertValid(EventType.ThumbnailCreated, sample.toString()))
        .isInstanceOf(AssertionError.class).hasMessageContaining("/data/thumbnails");
  }

  @Test
  void theSamplesIdsFollowTheDocumentedDerivation() throws Exception {
    for (var entry : List.of(
        List.of("ThumbnailCreated", "uploads", "photos/2026/cat on sofa.jpg", "9b2cf535f27731c974343645a3985328"),
        List.of("ThumbnailFailed", "uploads", "photos/2026/broken.png", "5d41402abc4b2a76b9719d911017c592"))) {
      EventType type = EventType.valueOf(entry.get(0));
      String json = Files.readString(EVENTS.resolve("samples").resolve(type.name() + ".json"));
      String id = EventIds.of(type, entry.subList(1, entry.size()).toArray(String[]::new));
      assertThat(json).contains("\"id\": \"" + id + "\"");
    }
  }
}
