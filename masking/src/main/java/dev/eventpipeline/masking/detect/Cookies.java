package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;

/**
 * The values of a {@code Cookie} or {@code Set-Cookie} header value ({@code name=value; name2=value2}).
 * Cookie names stay readable; each value is reported as SECRET. A {@code Cookie} header is a list of
 * pairs separated by {@code ;}: the list ends where a value is followed by anything but {@code ;}
 * (the rest of a log line: {@code status=200 ...}). A {@code Set-Cookie} header holds one cookie;
 * what follows it (Path, Domain, Expires, Max-Age, SameSite, Secure, HttpOnly) is not secret.
 */
public final class Cookies {
  private Cookies() {}

  /** Reports the cookie values in {@code s[from, limit)}; returns the end of the last one, or -1 when none. */
  public static int scan(String s, int from, int limit, boolean setCookie, Findings out) {
    int i = from;
    int last = -1;
    while (i < limit) {
      while (i < limit && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
      int nameStart = i;
      while (i < limit && isNameChar(s.charAt(i))) {
        i++;
      }
      int valueStart;
      if (i < limit && s.charAt(i) == '=' && i > nameStart) {
        valueStart = i + 1;
      } else if (last < 0 && i > nameStart && (i == limit || s.charAt(i) <= ' ' || s.charAt(i) == ';')) {
        valueStart = nameStart; // "Cookie: 3f9a..." — a bare value
      } else {
        break;
      }
      int valueEnd = valueEnd(s, valueStart, limit);
      int vs = valueStart;
      int ve = valueEnd;
      if (ve - vs >= 2 && s.charAt(vs) == '"' && s.charAt(ve - 1) == '"') {
        vs++;
        ve--;
      }
      if (ve > vs && !KeyValueDetector.isPlaceholder(s, vs, ve)) {
        out.add(DetectorType.SECRET, vs, ve);
      }
      last = valueEnd;
      if (setCookie || valueEnd >= limit || s.charAt(valueEnd) != ';') {
        break;
      }
      i = valueEnd + 1;
    }
    return last;
  }

  private static boolean isNameChar(char c) {
    return c > ' ' && c < 127 && c != '=' && c != ';' && c != ',' && c != '"' && c != '\'' && c != '\\';
  }

  private static int valueEnd(String s, int from, int limit) {
    int i = from;
    if (i < limit && s.charAt(i) == '"') {
      int close = Chars.indexOf(s, '"', i + 1, limit);
      if (close > 0) {
        return close + 1;
      }
    }
    while (i < limit) {
      char c = s.charAt(i);
      if (c <= ' ' || c == ';' || c == '"' || c == '\'' || c == '\\' || c == ',') {
        break;
      }
      i++;
    }
    return i;
  }
}
