package dev.eventpipeline.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.ingest.domain.format.CwlPayload;
import dev.eventpipeline.ingest.domain.format.Level;
import dev.eventpipeline.ingest.domain.format.LimitedJson;
import dev.eventpipeline.ingest.domain.format.TextLine;
import dev.eventpipeline.ingest.domain.format.Timestamps;
import java.math.BigDecimal;

/**
 * The normalization rules (docs/ingest.md): where a record's timestamp, level and message come from,
 * for a JSON object, a text line, or a CloudWatch Logs event. Members that were used for the
 * timestamp, level or message are moved out of {@code fields}; a member that could not be used (an
 * unparseable time, an unknown level word) stays in {@code fields}, so nothing is lost.
 */
public final class Normalizer {
  /** JSON members that may hold the timestamp, in order of preference. */
  static final String[] TIME_KEYS = {"timestamp", "time", "@timestamp", "ts"};
  /** JSON members that may hold the level. */
  static final String[] LEVEL_KEYS = {"level", "lvl", "severity", "levelname", "loglevel", "log.level"};
  /** JSON members that may hold the message (string values only). */
  static final String[] MESSAGE_KEYS = {"message", "msg", "@message"};

  private Normalizer() {}

  /** Fills timestamp, level, message and fields from a JSON object (which it takes ownership of). */
  static void fromJson(NormalizedRecord r, ObjectNode object, long fallbackTimestamp, boolean takeTimestamp) {
    long ts = Timestamps.NONE;
    if (takeTimestamp) {
      for (String key : TIME_KEYS) {
        JsonNode v = object.get(key);
        if (v != null) {
          ts = timestampOf(v);
          if (ts != Timestamps.NONE) {
            object.remove(key);
            break;
          }
        }
      }
    }
    r.timestamp = ts != Timestamps.NONE ? ts : fallbackTimestamp;
    r.level = null;
    for (String key : LEVEL_KEYS) {
      JsonNode v = object.get(key);
      if (v != null) {
        Level level = Level.fromJson(v);
        if (level != null) {
          r.level = level;
          object.remove(key);
          break;
        }
      }
    }
    r.message = "";
    for (String key : MESSAGE_KEYS) {
      JsonNode v = object.get(key);
      if (v != null && v.isTextual()) {
        r.message = v.textValue();
        object.remove(key);
        break;
      }
    }
    r.fields = object;
  }

  /** A JSON timestamp value: ISO-8601 text, or an epoch number (s/ms/µs/ns by magnitude) as number or text. */
  static long timestampOf(JsonNode v) {
    if (v.isTextual()) {
      return Timestamps.parseText(v.textValue());
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? Timestamps.fromEpoch(v.longValue()) : Timestamps.NONE;
    }
    if (v.isFloatingPointNumber()) {
      double d = v.doubleValue();
      if (!Double.isFinite(d)) {
        return Timestamps.NONE;
      }
      return Timestamps.fromEpoch(v.isBigDecimal() ? v.decimalValue() : new BigDecimal(Double.toString(d)));
    }
    return Timestamps.NONE;
  }

  /** Fills timestamp, level, message and fields from a text line. */
  static void fromText(NormalizedRecord r, String line, long arrivalMillis) {
    TextLine t = TextLine.parse(line, arrivalMillis);
    r.timestamp = t.timestamp != Timestamps.NONE ? t.timestamp : arrivalMillis;
    r.level = t.level;
    r.message = t.message;
    r.fields = t.fields;
  }

  /**
   * A CloudWatch Logs event: the timestamp is the event's; a message that is a JSON object (Lambda's
   * JSON log format, CloudTrail, structured app logs) gives level, message and fields like any JSON
   * record; other messages are text (trailing newlines dropped, level from the words).
   *
   * @return the inner format: JSON when the message was a JSON object, else TEXT
   */
  static Format fromCwlEvent(NormalizedRecord r, CwlPayload.Event event, long arrivalMillis, LimitedJson json)
      throws LimitedJson.JsonLimitException {
    String message = stripTrailingNewlines(event.message());
    long ts = event.timestamp() != Timestamps.NONE ? event.timestamp() : arrivalMillis;
    if (startsWithBrace(message)) {
      ObjectNode object = json.readObject(message);
      if (object != null) {
        fromJson(r, object, ts, false);
        return Format.JSON;
      }
    }
    r.timestamp = ts;
    r.level = Level.detectInText(message);
    r.message = message;
    r.fields = null;
    return Format.TEXT;
  }

  static String stripTrailingNewlines(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return end == s.length() ? s : s.substring(0, end);
  }

  private static boolean startsWithBrace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '{') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return false;
      }
    }
    return false;
  }
}
