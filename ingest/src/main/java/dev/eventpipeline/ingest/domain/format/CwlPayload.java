package dev.eventpipeline.ingest.domain.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A decoded CloudWatch Logs subscription payload, read with Jackson's streaming parser (no tree).
 * {@code messageType} is DATA_MESSAGE (log events to forward) or CONTROL_MESSAGE (a health check
 * CloudWatch Logs sends when the subscription is created: acknowledged, nothing forwarded).
 */
public record CwlPayload(String messageType, String owner, String logGroup, String logStream,
    List<String> subscriptionFilters, List<Event> logEvents) {

  public static final String DATA_MESSAGE = "DATA_MESSAGE";
  public static final String CONTROL_MESSAGE = "CONTROL_MESSAGE";

  /** One log event: its id, its timestamp (epoch millis, or {@link Timestamps#NONE}), its message. */
  public record Event(String id, long timestamp, String message) {}

  /** The JSON has a messageType but not the shape of a subscription payload. */
  public static final class MalformedException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message, null, false, false);
    }
  }

  public boolean isControl() {
    return CONTROL_MESSAGE.equals(messageType);
  }

  /**
   * Parses inflated bytes. Returns null when they are not a subscription payload (not a JSON object,
   * or an object without messageType): the caller decodes them as ordinary content.
   */
  public static CwlPayload parse(JsonFactory factory, byte[] json) throws MalformedException {
    String messageType = null;
    String owner = null;
    String logGroup = null;
    String logStream = null;
    List<String> filters = List.of();
    List<Event> events = null;
    try (JsonParser p = factory.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken t = p.nextToken();
        switch (name) {
          case "messageType" -> messageType = text(p, t, name);
          case "owner" -> owner = text(p, t, name);
          case "logGroup" -> logGroup = text(p, t, name);
          case "logStream" -> logStream = text(p, t, name);
          case "subscriptionFilters" -> filters = strings(p, t);
          case "logEvents" -> events = events(p, t);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new MalformedException("content after the payload object");
      }
    } catch (IOException e) {
      if (messageType == null) {
        return null;
      }
      throw new MalformedException("subscription payload is not valid JSON");
    } catch (MalformedException e) {
      if (messageType == null && events == null) {
        return null;
      }
      throw e;
    }
    if (messageType == null) {
      return null;
    }
    if (!DATA_MESSAGE.equals(messageType) && !CONTROL_MESSAGE.equals(messageType)) {
      throw new MalformedException("unknown messageType");
    }
    if (DATA_MESSAGE.equals(messageType) && (events == null || logGroup == null || logStream == null)) {
      throw new MalformedException("DATA_MESSAGE without logEvents, logGroup or logStream");
    }
    return new CwlPayload(messageType, owner, logGroup, logStream, filters, events == null ? List.of() : events);
  }

  private static String text(JsonParser p, JsonToken t, String name) throws IOException, MalformedException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new MalformedException(name + " is not a string");
    }
    return p.getText();
  }

  private static List<String> strings(JsonParser p, JsonToken t) throws IOException, MalformedException {
    if (t != JsonToken.START_ARRAY) {
      throw new MalformedException("subscriptionFilters is not an array");
    }
    List<String> out = new ArrayList<>(2);
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      if (e != JsonToken.VALUE_STRING) {
        throw new MalformedException("subscriptionFilters holds a non-string");
      }
      out.add(p.getText());
    }
    return out;
  }

  private static List<Event> events(JsonParser p, JsonToken t) throws IOException, MalformedException {
    if (t != JsonToken.START_ARRAY) {
      throw new MalformedException("logEvents is not an array");
    }
    List<Event> out = new ArrayList<>();
    JsonToken e;
    while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
      if (e != JsonToken.START_OBJECT) {
        throw new MalformedException("logEvents holds a non-object");
      }
      String id = null;
      long timestamp = Timestamps.NONE;
      String message = null;
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken v = p.nextToken();
        switch (name) {
          case "id" -> id = v == JsonToken.VALUE_STRING ? p.getText() : v.isNumeric() ? p.getText() : null;
          case "timestamp" -> {
            if (v == JsonToken.VALUE_NUMBER_INT) {
              long ms = p.getLongValue(); // CloudWatch Logs timestamps are always epoch milliseconds
              timestamp = ms >= 0 && ms <= Timestamps.MAX_MILLIS ? ms : Timestamps.NONE;
            } else {
              p.skipChildren();
            }
          }
          case "message" -> {
            if (v != JsonToken.VALUE_STRING) {
              throw new MalformedException("a log event message is not a string");
            }
            message = p.getText();
          }
          default -> p.skipChildren();
        }
      }
      if (message == null) {
        throw new MalformedException("a log event has no message");
      }
      out.add(new Event(id, timestamp, message));
    }
    return out;
  }
}
