package dev.eventpipeline.common.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Typed, fail-fast access to environment variables. Functions read their variables once, at init,
 * into an immutable config record; a missing or invalid value throws {@link ConfigException} naming
 * the variable, so a misconfigured deployment fails on its first cold start with a clear message.
 */
public final class Env {
  private final Map<String, String> vars;

  private Env(Map<String, String> vars) {
    this.vars = Map.copyOf(vars);
  }

  /** The process environment. */
  public static Env system() {
    return new Env(System.getenv());
  }

  /** An explicit environment, for tests and for the local cloud. */
  public static Env of(Map<String, String> vars) {
    return new Env(vars);
  }

  /** The raw value, or null when the variable is unset or blank. */
  public String raw(String name) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  public boolean isSet(String name) {
    return raw(name) != null;
  }

  public String required(String name) {
    String value = raw(name);
    if (value == null) {
      throw new ConfigException(name, "Missing required environment variable " + name);
    }
    return value;
  }

  public String optional(String name, String defaultValue) {
    String value = raw(name);
    return value == null ? defaultValue : value;
  }

  public int intValue(String name, int defaultValue, int min, int max) {
    return bounded(name, parse(name, defaultValue, Integer::parseInt, "an integer"), min, max);
  }

  public int requiredInt(String name, int min, int max) {
    return bounded(name, parse(name, null, Integer::parseInt, "an integer"), min, max);
  }

  public long longValue(String name, long defaultValue, long min, long max) {
    long value = parse(name, defaultValue, Long::parseLong, "an integer");
    if (value < min || value > max) {
      throw invalid(name, Long.toString(value), "between " + min + " and " + max);
    }
    return value;
  }

  public boolean bool(String name, boolean defaultValue) {
    return parse(name, defaultValue, v -> {
      if (v.equalsIgnoreCase("true")) {
        return true;
      }
      if (v.equalsIgnoreCase("false")) {
        return false;
      }
      throw new IllegalArgumentException();
    }, "true or false");
  }

  /** A duration in ISO-8601 (PT5M) or as plain seconds (300). */
  public Duration duration(String name, Duration defaultValue) {
    return parse(name, defaultValue, v -> {
      Duration d = v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
      if (d.isNegative()) {
        throw new IllegalArgumentException();
      }
      return d;
    }, "a duration in seconds or ISO-8601 (PT5M)");
  }

  /** A comma-separated list; blank items are dropped. */
  public List<String> list(String name, List<String> defaultValue) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public URI uri(String name) {
    return parse(name, null, v -> {
      URI uri = URI.create(v);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
      return uri;
    }, "an absolute URI such as http://127.0.0.1:4566");
  }

  public <E extends Enum<E>> E enumValue(String name, Class<E> type, E defaultValue) {
    return parse(name, defaultValue, v -> Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT)),
        "one of " + Arrays.toString(type.getEnumConstants()));
  }

  private <T> T parse(String name, T defaultValue, Function<String, T> parser, String expected) {
    String value = raw(name);
    if (value == null) {
      if (defaultValue == null) {
        throw new ConfigException(name, "Missing required environment variable " + name);
      }
      return defaultValue;
    }
    try {
      return Objects.requireNonNull(parser.apply(value));
    } catch (RuntimeException e) {
      throw invalid(name, value, expected);
    }
  }

  private static int bounded(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw invalid(name, Integer.toString(value), "between " + min + " and " + max);
    }
    return value;
  }

  private static ConfigException invalid(String name, String value, String expected) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
    return new ConfigException(name,
        "Invalid value for environment variable " + name + ": '" + shown + "' (expected " + expected + ")");
  }
}
