package dev.eventpipeline.masking.detect;

import dev.eventpipeline.masking.DetectorType;
import java.util.Set;

/**
 * Values of sensitive keys in text: "password=...", "DB_PASSWORD: ...", "api_key => '...'",
 * "token := \"...\"", JSON written inside a message ({@code "secret":"..."}, also with escaped
 * quotes), query strings ({@code ?access_token=...}) and headers ("Authorization: ...",
 * "Cookie: ..." — their whole value, to the end of the line). Triggered by '=' and ':' (found with
 * indexOf), the key read leftwards. Code and references are not values: a value followed by '('
 * (a call such as os.Getenv("X")), "${VAR}", "$VAR", null, true and false are left alone.
 */
public final class KeyValueDetector implements Detector {
  private final SensitiveKeys keys;

  public KeyValueDetector(SensitiveKeys keys) {
    this.keys = keys;
  }

  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.PASSWORD, DetectorType.AUTHORIZATION, DetectorType.SECRET);
  }

  @Override
  public void scan(String s, Findings out) {
    int n = s.length();
    int eq = s.indexOf('=');
    int colon = s.indexOf(':');
    while (eq >= 0 || colon >= 0) {
      int p = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
      int resume = p + 1;
      if (!(s.charAt(p) == '=' && p > 0 && (s.charAt(p - 1) == ':' || s.charAt(p - 1) == '='))) {
        int end = maybeValue(s, p, out);
        if (end > resume) {
          resume = end;
        }
      }
      if (resume >= n) {
        return;
      }
      if (eq >= 0 && eq < resume) {
        eq = s.indexOf('=', resume);
      }
      if (colon >= 0 && colon < resume) {
        colon = s.indexOf(':', resume);
      }
    }
  }

  /** Reports the value after a separator at {@code p} when the key before it is sensitive; returns its end or -1. */
  private int maybeValue(String s, int p, Findings out) {
    // the key, leftwards: optional spaces, an optional closing quote (maybe escaped), key characters
    int k = p - 1;
    int spaces = 0;
    while (k >= 0 && s.charAt(k) == ' ' && spaces < 3) {
      k--;
      spaces++;
    }
    if (k >= 0 && (s.charAt(k) == '"' || s.charAt(k) == '\'')) {
      k--;
      if (k >= 0 && s.charAt(k) == '\\') {
        k--;
      }
    }
    int keyEnd = k + 1;
    if (keyEnd == 0) {
      return -1;
    }
    char last = s.charAt(k);
    // every keyword ends with one of these letters: a cheap reject for timestamps, ports, URLs
    switch (last | 0x20) {
      case 'd', 'e', 't', 'n', 'y', 'l', 's' -> { }
      default -> {
        return -1;
      }
    }
    int keyStart = keyEnd;
    while (keyStart > 0 && keyEnd - keyStart < 64 && isKeyChar(s.charAt(keyStart - 1))) {
      keyStart--;
    }
    if (keyStart == keyEnd) {
      return -1;
    }
    DetectorType category = keys.match(s, keyStart, keyEnd);
    if (category == null) {
      return -1;
    }
    // the value, rightwards
    int n = s.length();
    int v = p + 1;
    if (v < n && (s.charAt(v) == '=' || s.charAt(v) == '>')) {
      v++; // := and =>
    }
    while (v < n && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
      v++;
    }
    if (v >= n) {
      return -1;
    }
    char c = s.charAt(v);
    int start;
    int end;
    if (c == '\\' && v + 1 < n && s.charAt(v + 1) == '"') {
      start = v + 2;
      end = s.indexOf("\\\"", start);
      if (end < 0) {
        end = lineEnd(s, start);
      }
    } else if (c == '"' || c == '\'') {
      start = v + 1;
      end = closingQuote(s, start, c);
    } else {
      start = v;
      boolean wholeLine = category == DetectorType.AUTHORIZATION || isCookie(s, keyStart, keyEnd);
      end = wholeLine ? lineEnd(s, start) : unquotedEnd(s, start);
      if (end < n && s.charAt(end) == '(') {
        return -1; // a call: os.Getenv("X"), getSecret()
      }
      if (isPlaceholder(s, start, end)) {
        return -1;
      }
    }
    if (end <= start) {
      return -1;
    }
    out.add(category, start, end);
    return end;
  }

  private boolean isCookie(String s, int keyStart, int keyEnd) {
    int len = keyEnd - keyStart;
    return len >= 6 && s.regionMatches(true, keyEnd - 6, "cookie", 0, 6);
  }

  private static boolean isKeyChar(char c) {
    return Chars.isAlnum(c) || c == '_' || c == '-' || c == '.';
  }

  private static int closingQuote(String s, int from, char quote) {
    int n = s.length();
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == quote) {
        return i;
      } else if (c == '\n') {
        return i;
      }
    }
    return n;
  }

  private static int lineEnd(String s, int from) {
    int n = s.length();
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '"' || c == '\'' || (c == '\\' && i + 1 < n && (s.charAt(i + 1) == 'n' || s.charAt(i + 1) == '"'))) {
        return i;
      }
    }
    return n;
  }

  private static int unquotedEnd(String s, int from) {
    int n = s.length();
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (c <= ' ' || c == ',' || c == ';' || c == '&' || c == '"' || c == '\'' || c == '(' || c == ')'
          || c == ']' || c == '}' || c == '<' || c == '>' || c == '\\') {
        break;
      }
      i++;
    }
    return i;
  }

  private static boolean isPlaceholder(String s, int start, int end) {
    int len = end - start;
    if (len == 0) {
      return true;
    }
    char c = s.charAt(start);
    if (c == '$' || c == '%' || c == '{' || c == '[' || c == '<' || c == '*') {
      return true; // ${VAR}, $VAR, %(x)s, {{x}}, [PASSWORD] (already masked), <redacted>, ****
    }
    return len <= 5 && (s.regionMatches(true, start, "null", 0, len) && len == 4
        || s.regionMatches(true, start, "true", 0, len) && len == 4
        || s.regionMatches(true, start, "false", 0, len) && len == 5
        || s.regionMatches(true, start, "none", 0, len) && len == 4);
  }
}
