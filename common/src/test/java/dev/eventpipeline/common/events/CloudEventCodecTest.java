package dev.eventpipeline.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudEventCodecTest {
  private final PipelineEvent event = PipelineEvent.of(EventType.ThumbnailCreated, "thumbnail", "uploads/cat.jpg",
      Map.of("bucket", "uploads", "key", "cat.jpg", "sizes", List.of(128, 256)), "uploads", "cat.jpg", "etag");

  @Test
  void writesStructuredCloudEventsJsonWithDataAsAnObject() throws Exception {
    JsonNode json = Json.MAPPER.readTree(CloudEventCodec.toJson(event));
    assertThat(json.path("specversion").asText()).isEqualTo("1.0");
    assertThat(json.path("id").asText()).isEqualTo(event.id());
    assertThat(json.path("source").asText()).isEqualTo("eventpipeline/thumbnail");
    assertThat(json.path("type").asText()).isEqualTo("ThumbnailCreated");
    assertThat(json.path("subject").asText()).isEqualTo("uploads/cat.jpg");
    assertThat(json.path("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(json.path("time").asText()).endsWith("Z");
    assertThat(json.path("data").isObject()).isTrue();
    assertThat(json.path("data").path("sizes").get(1).asInt()).isEqualTo(256);
  }

  @Test
  void roundTripsEveryAttribute() {
    PipelineEvent back = CloudEventCodec.fromJson(CloudEventCodec.toJson(event));
    assertThat(back).isEqualTo(event);
  }

  @Test
  void rejectsUnknownTypes() {
    String body = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"x\",\"type\":\"OrderShipped\","
        + "\"time\":\"2026-01-01T00:00:00Z\",\"datacontenttype\":\"application/json\",\"data\":{}}";
    assertThatThrownBy(() -> CloudEventCodec.fromJson(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("unknown event type 'OrderShipped'");
  }

  @Test
  void rejectsInvalidJson() {
    assertThatThrownBy(() -> CloudEventCodec.fromJson("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class);
  }

  @Test
  void rejectsNonObjectData() {
    String body = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"x\",\"type\":\"ThumbnailFailed\","
        + "\"time\":\"2026-01-01T00:00:00Z\",\"datacontenttype\":\"application/json\",\"data\":[1,2]}";
    assertThatThrownBy(() -> CloudEventCodec.fromJson(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("not a JSON object");
  }

  @Test
  void dataMustBeAnObject() {
    assertThatThrownBy(() -> PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", null, List.of(1), "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
