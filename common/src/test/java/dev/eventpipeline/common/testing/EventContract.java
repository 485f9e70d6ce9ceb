package dev.eventpipeline.common.testing;

import dev.eventpipeline.common.events.CloudEventCodec;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The event contract test: validates an event (as published, CloudEvents JSON) against its JSON
 * Schema in docs/events/. Every function's tests pass the events they publish through here:
 * RecordingEventPublisher validates each event as it is published.
 */
public final class EventContract {
  private static final Map<EventType, Schema> SCHEMAS = new EnumMap<>(EventType.class);

  private EventContract() {}

  /** Throws AssertionError naming every violation when the event breaks its schema. */
  public static void assertValid(PipelineEvent event) {
    assertValid(event.type(), CloudEventCodec.toJsonString(event));
  }

  public static void assertValid(List<PipelineEvent> events) {
    events.forEach(EventContract::assertValid);
  }

  /** Validates a raw CloudEvent JSON body of the given type. */
  public static void assertValid(EventType type, String json) {
    List<Error> errors = schema(type).validate(json, InputFormat.JSON);
    if (!errors.isEmpty()) {
      throw new AssertionError(type + " event violates docs/events/" + type + ".schema.json: "
          + errors.stream().map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList() + "\n" + json);
    }
  }

  /** The docs/events directory of this repository, found from the module directory. */
  public static Path eventsDocs() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("docs/events");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("docs/events not found above " + Path.of("").toAbsolutePath());
  }

  private static synchronized Schema schema(EventType type) {
    return SCHEMAS.computeIfAbsent(type, t -> {
      try {
        String text = Files.readString(eventsDocs().resolve(t.name() + ".schema.json"));
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(text, InputFormat.JSON);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
