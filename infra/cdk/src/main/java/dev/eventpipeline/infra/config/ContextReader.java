package dev.eventpipeline.infra.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Typed access to CDK context values with defaults: a bad value fails synthesis with a message
 * naming the key. Values come as JSON types from cdk.json and as strings from {@code -c key=value}.
 * Every key read is remembered with its default, so the documented settings table can be checked.
 */
public final class ContextReader {
  private final Function<String, Object> lookup;
  private final Map<String, Object> defaults = new LinkedHashMap<>();

  public ContextReader(Function<String, Object> lookup) {
    this.lookup = Objects.requireNonNull(lookup, "lookup");
  }

  /** A string; an absent or blank value gives the default. */
  public String string(String key, String defaultValue) {
    defaults.put(key, defaultValue);
    Object value = lookup.apply(key);
    if (value == null) {
      return defaultValue;
    }
    String text = value.toString().trim();
    return text.isEmpty() ? defaultValue : text;
  }

  /** An integer within [min, max]. */
  public int integer(String key, int defaultValue, int min, int max) {
    defaults.put(key, defaultValue);
    Object value = lookup.apply(key);
    if (value == null || value.toString().isBlank()) {
      return defaultValue;
    }
    int parsed;
    if (value instanceof Number number) {
      if (number.doubleValue() != Math.rint(number.doubleValue())) {
        throw invalid(key, value, "an integer");
      }
      parsed = number.intValue();
    } else {
      try {
        parsed = Integer.parseInt(value.toString().trim());
      } catch (NumberFormatException e) {
        throw invalid(key, value, "an integer");
      }
    }
    if (parsed < min || parsed > max) {
      throw invalid(key, value, "an integer from " + min + " to " + max);
    }
    return parsed;
  }

  /** A boolean: JSON true/false or the strings "true"/"false". */
  public boolean bool(String key, boolean defaultValue) {
    defaults.put(key, defaultValue);
    Object value = lookup.apply(key);
    if (value == null || value.toString().isBlank()) {
      return defaultValue;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, value, "true or false");
    };
  }

  /** One of an enum's constants, case-insensitive. */
  public <E extends Enum<E>> E choice(String key, E defaultValue) {
    defaults.put(key, defaultValue.name());
    Object value = lookup.apply(key);
    if (value == null || value.toString().isBlank()) {
      return defaultValue;
    }
    Class<E> type = defaultValue.getDeclaringClass();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value.toString().trim())) {
        return constant;
      }
    }
    throw invalid(key, value, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
  }

  /** Every key read so far with its default (null for "not set"), in reading order. */
  public Map<String, Object> defaults() {
    return Collections.unmodifiableMap(defaults);
  }

  private static ConfigurationException invalid(String key, Object value, String expected) {
    return new ConfigurationException(
        "Invalid value for context key " + key + ": '" + value + "' (expected " + expected + ")");
  }
}
