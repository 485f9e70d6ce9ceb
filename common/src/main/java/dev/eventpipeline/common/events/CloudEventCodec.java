package dev.eventpipeline.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.ZoneOffset;

/** Structured-mode CloudEvents 1.0 JSON for {@link PipelineEvent}s, via the CloudEvents SDK. */
public final class CloudEventCodec {
  public static final String CONTENT_TYPE = "application/json";
  private static final EventFormat FORMAT = new JsonFormat();

  private CloudEventCodec() {}

  public static byte[] toJson(PipelineEvent event) {
    CloudEventBuilder builder = CloudEventBuilder.v1()
        .withId(event.id())
        .withType(event.type().name())
        .withSource(URI.create(event.source()))
        .withTime(event.time().atOffset(ZoneOffset.UTC))
        .withData(CONTENT_TYPE, jsonBytes(event.data()));
    if (event.subject() != null) {
      builder.withSubject(event.subject());
    }
    return FORMAT.serialize(builder.build());
  }

  public static String toJsonString(PipelineEvent event) {
    return new String(toJson(event), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Parses a structured CloudEvent JSON body.
   *
   * @throws InvalidEventException when the body is not a CloudEvent, not one of our types, or its
   *     data is not a JSON object
   */
  public static PipelineEvent fromJson(byte[] body) {
    CloudEvent ce;
    try {
      ce = FORMAT.deserialize(body);
    } catch (RuntimeException e) {
      throw new InvalidEventException("not a CloudEvents 1.0 JSON document: " + e.getMessage(), e);
    }
    EventType type = EventType.parse(ce.getType())
        .orElseThrow(() -> new InvalidEventException("unknown event type '" + ce.getType() + "'", null));
    CloudEventData data = ce.getData();
    if (data == null) {
      throw new InvalidEventException("event " + ce.getId() + " has no data", null);
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(data.toBytes());
    } catch (IOException e) {
      throw new InvalidEventException("event " + ce.getId() + " data is not JSON", e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidEventException("event " + ce.getId() + " data is not a JSON object", null);
    }
    if (ce.getTime() == null) {
      throw new InvalidEventException("event " + ce.getId() + " has no time", null);
    }
    return new PipelineEvent(ce.getId(), type, ce.getSource().toString(), ce.getSubject(),
        ce.getTime().toInstant(), node);
  }

  private static byte[] jsonBytes(JsonNode data) {
    try {
      return Json.MAPPER.writeValueAsBytes(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
