package dev.eventpipeline.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A domain event as the pipeline publishes it: the CloudEvents 1.0 attributes we use plus a JSON
 * object as data. {@code source} is "eventpipeline/&lt;function&gt;".
 */
public record PipelineEvent(String id, EventType type, String source, String subject, Instant time, JsonNode data) {

  public PipelineEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(data, "data");
    if (!data.isObject()) {
      throw new IllegalArgumentException("event data must be a JSON object");
    }
  }

  /**
   * An event whose id is derived from its cause: the same cause always gives the same id.
   *
   * @param function the publishing function (ingest, mask, thumbnail, ...)
   * @param data a JSON object, or any value Jackson turns into one (records, maps)
   * @param causeParts what identifies the cause, in a fixed order
   */
  public static PipelineEvent of(EventType type, String function, String subject, Object data, String... causeParts) {
    JsonNode node = data instanceof JsonNode j ? j : Json.MAPPER.valueToTree(data);
    return new PipelineEvent(EventIds.of(type, causeParts), type, "eventpipeline/" + function, subject,
        Instant.now().truncatedTo(ChronoUnit.MILLIS), node);
  }

  public ObjectNode dataObject() {
    return (ObjectNode) data;
  }
}
