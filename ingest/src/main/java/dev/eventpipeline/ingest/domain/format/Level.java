package dev.eventpipeline.ingest.domain.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The normalized log levels of the record schema, and the rules that map what logs actually say
 * onto them: level words in any case (WARNING, err, CRITICAL, notice, ...), pino/bunyan numeric
 * levels (10 trace … 60 fatal), syslog severities (0 emerg … 7 debug), and, in free text, an
 * upper-case level word or a {@code level=}/{@code severity=} pair.
 */
public enum Level {
  FATAL, ERROR, WARN, INFO, DEBUG, TRACE;

  /** How far into a text line a level word is looked for. */
  static final int TEXT_SCAN_CHARS = 256;

  /** A level word in any case, or null. */
  public static Level fromWord(String word) {
    if (word == null || word.isEmpty() || word.length() > 13) {
      return null;
    }
    return switch (word.trim().toLowerCase(Locale.ROOT)) {
      case "fatal", "critical", "crit", "panic", "emerg", "emergency", "alert" -> FATAL;
      case "error", "err", "severe" -> ERROR;
      case "warn", "warning" -> WARN;
      case "info", "information", "informational", "notice" -> INFO;
      case "debug", "dbg", "fine", "config" -> DEBUG;
      case "trace", "finer", "finest", "verbose" -> TRACE;
      default -> null;
    };
  }

  /**
   * A numeric level: 0-7 is a syslog severity; 10 and above is a pino/bunyan level (each band of
   * ten, so custom levels such as 35 land on the band below). Anything else is unknown.
   */
  public static Level fromNumber(long n) {
    if (n >= 0 && n <= 7) {
      return fromSyslogSeverity((int) n);
    }
    if (n >= 60) {
      return FATAL;
    }
    if (n >= 50) {
      return ERROR;
    }
    if (n >= 40) {
      return WARN;
    }
    if (n >= 30) {
      return INFO;
    }
    if (n >= 20) {
      return DEBUG;
    }
    if (n >= 10) {
      return TRACE;
    }
    return null;
  }

  /** RFC 5424 severity: 0-2 emergency/alert/critical, 3 error, 4 warning, 5-6 notice/info, 7 debug. */
  public static Level fromSyslogSeverity(int severity) {
    return switch (severity) {
      case 0, 1, 2 -> FATAL;
      case 3 -> ERROR;
      case 4 -> WARN;
      case 5, 6 -> INFO;
      case 7 -> DEBUG;
      default -> null;
    };
  }

  /** A JSON level value: a word, a number, or a number written as a string. */
  public static Level fromJson(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isTextual()) {
      String text = value.textValue();
      Level level = fromWord(text);
      if (level == null && !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(Character::isDigit)) {
        return fromNumber(Integer.parseInt(text));
      }
      return level;
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return fromNumber(value.longValue());
    }
    return null;
  }

  /**
   * The level a text line states: a {@code level=}, {@code lvl=} or {@code severity=} pair (any case),
   * else the first upper-case level word standing alone ({@code [ERROR]}, {@code WARN:},
   * {@code \tINFO\t}) within the first {@value #TEXT_SCAN_CHARS} characters. Lower-case words in prose
   * ("no error found") are not levels.
   */
  public static Level detectInText(String line) {
    int end = Math.min(line.length(), TEXT_SCAN_CHARS);
    Level keyed = fromKeyValue(line, end);
    if (keyed != null) {
      return keyed;
    }
    int i = 0;
    while (i < end) {
      char c = line.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        int start = i;
        while (i < line.length() && isWordChar(line.charAt(i))) {
          i++;
        }
        int len = i - start;
        if (len >= 3 && len <= 9 && (start == 0 || !isWordChar(line.charAt(start - 1)))
            && allUpper(line, start, i)) {
          Level level = upperWord(line, start, len);
          if (level != null) {
            return level;
          }
        }
      } else {
        i++;
      }
    }
    return null;
  }

  private static Level upperWord(String s, int start, int len) {
    return switch (s.substring(start, start + len)) {
      case "FATAL", "CRITICAL", "CRIT", "PANIC", "EMERG", "EMERGENCY", "ALERT" -> FATAL;
      case "ERROR", "ERR", "SEVERE" -> ERROR;
      case "WARN", "WARNING" -> WARN;
      case "INFO", "NOTICE" -> INFO;
      case "DEBUG" -> DEBUG;
      case "TRACE" -> TRACE;
      default -> null;
    };
  }

  private static Level fromKeyValue(String line, int end) {
    for (int i = 0; i < end; i++) {
      char c = line.charAt(i);
      if (c != '=' || i < 3) {
        continue;
      }
      int keyStart = i;
      while (keyStart > 0 && Character.isLetter(line.charAt(keyStart - 1))) {
        keyStart--;
      }
      String key = line.substring(keyStart, i).toLowerCase(Locale.ROOT);
      if (!key.equals("level") && !key.equals("lvl") && !key.equals("severity") && !key.equals("loglevel")) {
        continue;
      }
      int v = i + 1;
      if (v < line.length() && line.charAt(v) == '"') {
        v++;
      }
      int vEnd = v;
      while (vEnd < line.length() && vEnd - v < 14 && Character.isLetterOrDigit(line.charAt(vEnd))) {
        vEnd++;
      }
      String value = line.substring(v, vEnd);
      Level level = fromWord(value);
      if (level == null && !value.isEmpty() && value.length() <= 2 && value.chars().allMatch(Character::isDigit)) {
        level = fromNumber(Integer.parseInt(value));
      }
      if (level != null) {
        return level;
      }
    }
    return null;
  }

  private static boolean isWordChar(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
  }

  private static boolean allUpper(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }
}
