package dev.eventpipeline.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * EventBridge event pattern matching, the subset rules use: every field of the pattern must match; an
 * object recurses into the event's field; an array lists the allowed values (exact strings, numbers,
 * booleans, null), or the content filters {@code prefix}, {@code suffix}, {@code exists} and
 * {@code anything-but}; an event array matches when any of its elements does.
 */
public final class EventPatterns {
  private EventPatterns() {}

  public static boolean matches(JsonNode pattern, JsonNode event) {
    if (pattern == null || pattern.isMissingNode() || pattern.isNull()) {
      return true;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode value = event.path(f.getKey());
      JsonNode rule = f.getValue();
      if (rule.isObject()) {
        if (!value.isObject() || !matches(rule, value)) {
          return false;
        }
      } else if (rule.isArray()) {
        if (!anyAllowed(rule, value)) {
          return false;
        }
      } else {
        throw new IllegalArgumentException("event pattern field " + f.getKey() + " must be an object or an array");
      }
    }
    return true;
  }

  private static boolean anyAllowed(JsonNode allowed, JsonNode value) {
    for (JsonNode a : allowed) {
      if (a.isObject() && a.has("exists")) {
        if (a.get("exists").asBoolean() != !value.isMissingNode()) {
          continue;
        }
        return true;
      }
      if (value.isArray()) {
        for (JsonNode v : value) {
          if (allows(a, v)) {
            return true;
          }
        }
      } else if (!value.isMissingNode() && allows(a, value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allows(JsonNode a, JsonNode v) {
    if (a.isObject()) {
      if (a.has("prefix")) {
        return v.isTextual() && v.asText().startsWith(a.get("prefix").asText());
      }
      if (a.has("suffix")) {
        return v.isTextual() && v.asText().endsWith(a.get("suffix").asText());
      }
      if (a.has("anything-but")) {
        JsonNode but = a.get("anything-but");
        if (but.isArray()) {
          for (JsonNode b : but) {
            if (same(b, v)) {
              return false;
            }
          }
          return true;
        }
        return !same(but, v);
      }
      throw new IllegalArgumentException("event pattern filter not emulated locally: " + a);
    }
    return same(a, v);
  }

  private static boolean same(JsonNode a, JsonNode v) {
    if (a.isNumber() && v.isNumber()) {
      return a.asDouble() == v.asDouble();
    }
    return a.equals(v);
  }
}
