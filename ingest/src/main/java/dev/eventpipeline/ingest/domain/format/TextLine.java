package dev.eventpipeline.ingest.domain.format;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a plain-text log line says about itself, read from its prefix by hand-written parsers (no
 * regular expressions: linear time on any line): a syslog header (RFC 5424 {@code <PRI>1 TIMESTAMP
 * HOST APP PROCID MSGID SD MSG}, or RFC 3164 {@code [<PRI>]Mmm dd hh:mm:ss HOST TAG[PID]: MSG}), an
 * Apache/nginx access-log line (common or combined format), or a leading ISO-8601 timestamp;
 * then the level (syslog severity, HTTP status class, or a level word in the text).
 */
public final class TextLine {
  /** Epoch millis from the line, or {@link Timestamps#NONE}. */
  public long timestamp = Timestamps.NONE;
  public Level level;
  /** The message: the syslog MSG part, otherwise the whole line. */
  public String message;
  /** Structured parts of the prefix (host, appName, status, ...); null when there are none. */
  public ObjectNode fields;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** A 3164 timestamp carries no year: one more than this far in the future means last year. */
  private static final long FUTURE_TOLERANCE_MILLIS = 7L * 24 * 3600 * 1000;

  private TextLine() {}

  /** Parses one line; {@code arrivalMillis} supplies the year a classic syslog header leaves out. */
  public static TextLine parse(String line, long arrivalMillis) {
    TextLine t = new TextLine();
    t.message = line;
    if (!line.isEmpty()) {
      char c = line.charAt(0);
      boolean parsed = false;
      if (c == '<' || Timestamps.month(line, 0) != 0) {
        parsed = t.syslog(line, arrivalMillis);
      } else if (c >= '0' && c <= '9' && line.length() >= 10 && line.charAt(4) == '-') {
        int[] end = new int[1];
        long ts = Timestamps.parseIsoPrefix(line, 0, end);
        if (ts != Timestamps.NONE && (end[0] == line.length() || !Character.isLetterOrDigit(line.charAt(end[0])))) {
          t.timestamp = ts;
        }
      }
      if (!parsed && t.timestamp == Timestamps.NONE) {
        t.accessLog(line);
      }
    }
    if (t.level == null) {
      t.level = Level.detectInText(t.message);
    }
    return t;
  }

  // ---- syslog ----

  private boolean syslog(String s, long arrivalMillis) {
    int i = 0;
    int pri = -1;
    if (s.charAt(0) == '<') {
      int close = s.indexOf('>', 1);
      if (close < 2 || close > 4 || !Timestamps.digits(s, 1, close - 1)) {
        return false;
      }
      pri = Timestamps.num(s, 1, close - 1);
      if (pri > 191) {
        return false;
      }
      i = close + 1;
    }
    boolean ok = i < s.length() && s.charAt(i) >= '1' && s.charAt(i) <= '9' && pri >= 0
        ? rfc5424(s, i) : rfc3164(s, i, arrivalMillis);
    if (!ok) {
      return false;
    }
    if (pri >= 0) {
      fields().put("facility", pri / 8);
      level = Level.fromSyslogSeverity(pri % 8);
    }
    return true;
  }

  /** VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]. */
  private boolean rfc5424(String s, int i) {
    int sp = s.indexOf(' ', i);
    if (sp < 0 || sp - i > 2 || !Timestamps.digits(s, i, sp - i)) {
      return false;
    }
    i = sp + 1;
    long ts = Timestamps.NONE;
    if (i < s.length() && s.charAt(i) == '-') {
      i++;
    } else {
      int[] end = new int[1];
      ts = Timestamps.parseIsoPrefix(s, i, end);
      if (ts == Timestamps.NONE) {
        return false;
      }
      i = end[0];
    }
    String[] header = new String[4];
    for (int k = 0; k < 4; k++) {
      if (i >= s.length() || s.charAt(i) != ' ') {
        return false;
      }
      int next = s.indexOf(' ', i + 1);
      if (next < 0) {
        next = s.length();
      }
      header[k] = s.substring(i + 1, next);
      i = next;
    }
    if (i >= s.length() || s.charAt(i) != ' ') {
      return false;
    }
    i++;
    // STRUCTURED-DATA: "-" or one or more [id param="value"...] elements (\] escapes inside values)
    int sdStart = i;
    if (i < s.length() && s.charAt(i) == '-') {
      i++;
    } else {
      while (i < s.length() && s.charAt(i) == '[') {
        boolean inQuote = false;
        i++;
        while (i < s.length()) {
          char c = s.charAt(i);
          if (c == '\\' && inQuote) {
            i += 2;
            continue;
          }
          if (c == '"') {
            inQuote = !inQuote;
          } else if (c == ']' && !inQuote) {
            break;
          }
          i++;
        }
        if (i >= s.length()) {
          return false;
        }
        i++;
      }
      if (i == sdStart) {
        return false;
      }
    }
    String sd = s.substring(sdStart, i);
    String msg = i < s.length() && s.charAt(i) == ' ' ? s.substring(i + 1) : "";
    if (!msg.isEmpty() && msg.charAt(0) == '\uFEFF') {
      msg = msg.substring(1);
    }
    timestamp = ts;
    message = msg;
    ObjectNode f = fields();
    putUnlessNil(f, "host", header[0]);
    putUnlessNil(f, "appName", header[1]);
    putUnlessNil(f, "procId", header[2]);
    putUnlessNil(f, "msgId", header[3]);
    putUnlessNil(f, "structuredData", sd);
    return true;
  }

  /** Mmm dd hh:mm:ss HOST TAG[PID]: MSG (day space-padded or zero-padded). */
  private boolean rfc3164(String s, int i, long arrivalMillis) {
    int month = Timestamps.month(s, i);
    if (month == 0 || i + 15 > s.length() || s.charAt(i + 3) != ' ') {
      return false;
    }
    int d = i + 4;
    int day;
    if (s.charAt(d) == ' ' && Timestamps.isDigit(s, d + 1)) {
      day = s.charAt(d + 1) - '0';
    } else if (Timestamps.digits(s, d, 2)) {
      day = Timestamps.num(s, d, 2);
    } else {
      return false;
    }
    int t = d + 3;
    if (s.charAt(d + 2) != ' ' || !Timestamps.digits(s, t, 2) || s.charAt(t + 2) != ':'
        || !Timestamps.digits(s, t + 3, 2) || s.charAt(t + 5) != ':' || !Timestamps.digits(s, t + 6, 2)) {
      return false;
    }
    int year = Integer.parseInt(Timestamps.date(arrivalMillis).substring(0, 4));
    long ts = Timestamps.epochMillis(year, month, day, Timestamps.num(s, t, 2), Timestamps.num(s, t + 3, 2),
        Timestamps.num(s, t + 6, 2), 0);
    if (ts != Timestamps.NONE && ts > arrivalMillis + FUTURE_TOLERANCE_MILLIS) {
      ts = Timestamps.epochMillis(year - 1, month, day, Timestamps.num(s, t, 2), Timestamps.num(s, t + 3, 2),
          Timestamps.num(s, t + 6, 2), 0);
    }
    if (ts == Timestamps.NONE) {
      return false;
    }
    i = t + 8;
    timestamp = ts;
    if (i >= s.length() || s.charAt(i) != ' ') {
      message = i >= s.length() ? "" : s.substring(i);
      return true;
    }
    int hostEnd = s.indexOf(' ', i + 1);
    if (hostEnd < 0) {
      fields().put("host", s.substring(i + 1));
      message = "";
      return true;
    }
    fields().put("host", s.substring(i + 1, hostEnd));
    int tagStart = hostEnd + 1;
    int j = tagStart;
    while (j < s.length() && j - tagStart <= 48 && isTagChar(s.charAt(j))) {
      j++;
    }
    if (j > tagStart && j < s.length() && (s.charAt(j) == ':' || s.charAt(j) == '[')) {
      fields.put("appName", s.substring(tagStart, j));
      if (s.charAt(j) == '[') {
        int close = s.indexOf(']', j);
        if (close > j && close - j <= 21) {
          fields.put("procId", s.substring(j + 1, close));
          j = close + 1;
        }
      }
      if (j < s.length() && s.charAt(j) == ':') {
        j++;
      }
      if (j < s.length() && s.charAt(j) == ' ') {
        j++;
      }
      message = s.substring(j);
    } else {
      message = s.substring(tagStart);
    }
    return true;
  }

  private static boolean isTagChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/';
  }

  // ---- access log ----

  /**
   * [VHOST[:PORT]] HOST IDENT USER [dd/Mon/yyyy:HH:mm:ss +hhmm] "REQUEST" STATUS BYTES ["REFERER" "USER-AGENT"].
   * The request is taken up to the last quote followed by a status code, since real logs carry
   * unescaped quotes inside it.
   */
  private void accessLog(String s) {
    int open = s.indexOf(" [");
    if (open <= 0 || open > 300 || open + 29 > s.length()) {
      return;
    }
    String[] who = s.substring(0, open).split(" ", -1);
    if (who.length != 3 && who.length != 4) {
      return;
    }
    int first = who.length - 3;
    int d = open + 2;
    // dd/Mon/yyyy:HH:mm:ss +hhmm
    if (!Timestamps.digits(s, d, 2) || s.charAt(d + 2) != '/' || s.charAt(d + 6) != '/'
        || !Timestamps.digits(s, d + 7, 4) || s.charAt(d + 11) != ':' || !Timestamps.digits(s, d + 12, 2)
        || s.charAt(d + 14) != ':' || !Timestamps.digits(s, d + 15, 2) || s.charAt(d + 17) != ':'
        || !Timestamps.digits(s, d + 18, 2) || s.charAt(d + 20) != ' '
        || (s.charAt(d + 21) != '+' && s.charAt(d + 21) != '-') || !Timestamps.digits(s, d + 22, 4)
        || s.charAt(d + 26) != ']') {
      return;
    }
    int month = Timestamps.month(s, d + 3);
    long ts = Timestamps.epochMillis(Timestamps.num(s, d + 7, 4), month, Timestamps.num(s, d, 2),
        Timestamps.num(s, d + 12, 2), Timestamps.num(s, d + 15, 2), Timestamps.num(s, d + 18, 2), 0);
    if (month == 0 || ts == Timestamps.NONE) {
      return;
    }
    int offset = (Timestamps.num(s, d + 22, 2) * 60 + Timestamps.num(s, d + 24, 2)) * (s.charAt(d + 21) == '-' ? -1 : 1);
    int i = d + 27;
    if (i + 1 >= s.length() || s.charAt(i) != ' ' || s.charAt(i + 1) != '"') {
      return;
    }
    int reqStart = i + 2;
    int reqEnd = -1;
    for (int q = s.indexOf('"', reqStart); q >= 0; q = s.indexOf('"', q + 1)) {
      if (q + 5 <= s.length() && s.charAt(q + 1) == ' ' && Timestamps.digits(s, q + 2, 3)
          && (q + 5 == s.length() || s.charAt(q + 5) == ' ')) {
        reqEnd = q;
        break;
      }
    }
    if (reqEnd < 0) {
      return;
    }
    int status = Timestamps.num(s, reqEnd + 2, 3);
    timestamp = ts - offset * 60_000L;
    level = status >= 500 ? Level.ERROR : status >= 400 ? Level.WARN : Level.INFO;
    ObjectNode f = fields();
    if (first == 1) {
      f.put("vhost", who[0]);
    }
    f.put("clientIp", who[first]);
    putUnlessNil(f, "user", who[first + 2]);
    String request = s.substring(reqStart, reqEnd);
    int m = request.indexOf(' ');
    int p = m < 0 ? -1 : request.lastIndexOf(' ');
    if (m > 0 && p > m) {
      f.put("method", request.substring(0, m));
      f.put("path", request.substring(m + 1, p));
      f.put("protocol", request.substring(p + 1));
    } else {
      f.put("request", request);
    }
    f.put("status", status);
    int j = reqEnd + 5;
    if (j < s.length() && s.charAt(j) == ' ') {
      int bytesEnd = s.indexOf(' ', j + 1);
      String bytes = s.substring(j + 1, bytesEnd < 0 ? s.length() : bytesEnd);
      if (!bytes.isEmpty() && bytes.length() <= 18 && bytes.chars().allMatch(Character::isDigit)) {
        f.put("bytes", Long.parseLong(bytes));
      }
      if (bytesEnd > 0 && bytesEnd + 1 < s.length() && s.charAt(bytesEnd + 1) == '"') {
        int refEnd = closingQuote(s, bytesEnd + 2);
        if (refEnd > 0) {
          putUnlessNil(f, "referer", s.substring(bytesEnd + 2, refEnd));
          if (refEnd + 2 < s.length() && s.charAt(refEnd + 1) == ' ' && s.charAt(refEnd + 2) == '"') {
            int uaEnd = closingQuote(s, refEnd + 3);
            if (uaEnd > 0) {
              putUnlessNil(f, "userAgent", s.substring(refEnd + 3, uaEnd));
            }
          }
        }
      }
    }
  }

  /** Index of the closing '"' of a quoted access-log field (backslash escapes), or -1. */
  private static int closingQuote(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  private ObjectNode fields() {
    if (fields == null) {
      fields = NODES.objectNode();
    }
    return fields;
  }

  private static void putUnlessNil(ObjectNode f, String key, String value) {
    if (!value.isEmpty() && !value.equals("-")) {
      f.put(key, value);
    }
  }
}
