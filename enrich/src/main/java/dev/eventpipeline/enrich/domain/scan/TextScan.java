package dev.eventpipeline.enrich.domain.scan;

/**
 * Single-pass scanners that find identifiers in free text (a log message) without regex: the first
 * IP address, an X-Ray or W3C trace id, a Lambda/API Gateway request id. Each returns null when
 * nothing valid is found; near misses (version strings, MAC addresses, all-zero trace ids) are
 * rejected by validating what a cheap character test found.
 */
public final class TextScan {
  private static final byte OTHER = 0;
  private static final byte HEX = 1; // 0-9 a-f A-F
  private static final byte WORD = 2; // other letters and '_'
  private static final byte COLON = 3;
  private static final byte DOT = 4;
  private static final byte[] CLASS = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASS[c] = HEX;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      CLASS[c] = c <= 'f' ? HEX : WORD;
      CLASS[Character.toUpperCase(c)] = c <= 'f' ? HEX : WORD;
    }
    CLASS['_'] = WORD;
    CLASS[':'] = COLON;
    CLASS['.'] = DOT;
  }

  private TextScan() {}

  private static byte classOf(char c) {
    return c < 128 ? CLASS[c] : WORD; // non-ASCII letters glue to a token: no boundary
  }

  /**
   * The first IPv4 or IPv6 address in the text, standing on its own (not inside a word or a longer
   * dotted/colon run such as a version string 1.2.3.4.5 or a MAC address); an IPv4 address may be
   * followed by :port, an IPv6 one may be bracketed.
   */
  public static IpAddress firstIp(String s) {
    if (s == null) {
      return null;
    }
    int len = s.length();
    int i = 0;
    while (i < len) {
      byte cls = classOf(s.charAt(i));
      if (cls != HEX && cls != COLON) {
        i++;
        continue;
      }
      int start = i;
      boolean digit = false;
      boolean colon = false;
      boolean dot = false;
      while (i < len) {
        byte c = classOf(s.charAt(i));
        if (c == HEX) {
          digit = true;
        } else if (c == COLON) {
          colon = true;
        } else if (c == DOT) {
          dot = true;
        } else {
          break;
        }
        i++;
      }
      if (!digit || (!colon && !dot)) {
        continue;
      }
      byte before = start == 0 ? OTHER : classOf(s.charAt(start - 1));
      byte after = i == len ? OTHER : classOf(s.charAt(i));
      if (before != OTHER || after != OTHER) {
        continue; // glued to a word: v1.2.3.4, 10.0.0.1xyz
      }
      IpAddress ip = candidate(s, start, i, colon);
      if (ip != null) {
        return ip;
      }
    }
    return null;
  }

  private static IpAddress candidate(String s, int start, int end, boolean colon) {
    if (!colon) {
      int e = end;
      if (s.charAt(e - 1) == '.') {
        e--; // end of a sentence: "from 10.0.0.1."
      }
      return IpAddress.parseV4Address(s, start, e);
    }
    IpAddress v6 = IpAddress.parseV6Address(s, start, end);
    if (v6 == null && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ':')) {
      v6 = IpAddress.parseV6Address(s, start, end - 1);
    }
    if (v6 != null) {
      return v6;
    }
    int firstColon = s.indexOf(':', start);
    if (firstColon == start || firstColon + 1 < end && s.charAt(firstColon + 1) == ':') {
      return null; // ":..." or "a::b" that was not IPv6
    }
    // 10.0.0.1:8080, or "10.0.0.1:" at the end of a clause: what follows the colon must be a port
    for (int i = firstColon + 1; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return IpAddress.parseV4Address(s, start, firstColon);
  }

  /**
   * The first trace id in the text: an X-Ray id {@code 1-5759e988-bd862e3fe1be46a994272793} (bare or
   * as {@code Root=1-...} in a trace header), returned as is, or a W3C traceparent
   * {@code 00-<32 hex>-<16 hex>-<2 hex>}, returned as its 32-hex trace id. Lowercase hex only, as
   * both formats specify; all-zero W3C ids are invalid.
   */
  public static String traceId(String s) {
    if (s == null) {
      return null;
    }
    int len = s.length();
    int dash = s.indexOf('-');
    while (dash >= 0) {
      if (dash >= 1 && s.charAt(dash - 1) == '1' && boundaryBefore(s, dash - 1) && isXrayAt(s, dash - 1, len)) {
        return s.substring(dash - 1, dash + 34);
      }
      if (dash >= 2 && s.charAt(dash - 1) == '0' && s.charAt(dash - 2) == '0' && boundaryBefore(s, dash - 2)) {
        String id = traceparentAt(s, dash - 2, len);
        if (id != null) {
          return id;
        }
      }
      dash = s.indexOf('-', dash + 1);
    }
    return null;
  }

  /**
   * A trace id from a field value: the same forms as {@link #traceId(String)}, and also a bare
   * 32-hex (OpenTelemetry) trace id, which only a field named for a trace id can vouch for.
   */
  public static String traceIdFromField(String value) {
    if (value == null) {
      return null;
    }
    if (value.length() == 32 && isLowerHex(value, 0, 32) && !allZero(value, 0, 32)) {
      return value;
    }
    return traceId(value);
  }

  /** 1-XXXXXXXX-YYYYYYYYYYYYYYYYYYYYYYYY at {@code at}, followed by a boundary. */
  static boolean isXrayAt(String s, int at, int len) {
    int end = at + 35;
    return end <= len
        && s.charAt(at + 1) == '-'
        && isLowerHex(s, at + 2, at + 10)
        && s.charAt(at + 10) == '-'
        && isLowerHex(s, at + 11, end)
        && boundaryAfter(s, end, len);
  }

  private static String traceparentAt(String s, int at, int len) {
    int end = at + 55;
    if (end > len
        || s.charAt(at + 2) != '-' || !isLowerHex(s, at + 3, at + 35)
        || s.charAt(at + 35) != '-' || !isLowerHex(s, at + 36, at + 52)
        || s.charAt(at + 52) != '-' || !isLowerHex(s, at + 53, end)
        || !boundaryAfter(s, end, len)
        || allZero(s, at + 3, at + 35) || allZero(s, at + 36, at + 52)) {
      return null;
    }
    return s.substring(at + 3, at + 35);
  }

  /**
   * The request id in a message: Lambda's platform lines ({@code START RequestId: <uuid> ...},
   * END, REPORT, and runtime errors), the Lambda runtime's text format
   * ({@code <timestamp>\t<uuid>\t<LEVEL>\t...}), and API Gateway execution logs ({@code (<uuid>) ...}).
   */
  public static String requestId(String s) {
    if (s == null) {
      return null;
    }
    int len = s.length();
    if (len >= 38 && s.charAt(0) == '(' && s.charAt(37) == ')' && isUuid(s, 1)) {
      return s.substring(1, 37);
    }
    int tab = s.indexOf('\t');
    if (tab > 0 && tab <= 40 && tab + 38 <= len && s.charAt(tab + 37) == '\t' && isUuid(s, tab + 1)) {
      return s.substring(tab + 1, tab + 37);
    }
    int at = s.indexOf("RequestId:");
    while (at >= 0) {
      int i = at + 10;
      while (i < len && s.charAt(i) == ' ') {
        i++;
      }
      if ((at == 0 || classOf(s.charAt(at - 1)) == OTHER) && isUuid(s, i) && boundaryAfter(s, i + 36, len)) {
        return s.substring(i, i + 36);
      }
      at = s.indexOf("RequestId:", at + 10);
    }
    return null;
  }

  /** A canonical 8-4-4-4-12 hex UUID (either case) at {@code at}. */
  static boolean isUuid(String s, int at) {
    if (at + 36 > s.length()) {
      return false;
    }
    for (int k = 0; k < 36; k++) {
      char c = s.charAt(at + k);
      if (k == 8 || k == 13 || k == 18 || k == 23) {
        if (c != '-') {
          return false;
        }
      } else if (IpAddress.hex(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean boundaryBefore(String s, int at) {
    return at == 0 || classOf(s.charAt(at - 1)) == OTHER && s.charAt(at - 1) != '-';
  }

  private static boolean boundaryAfter(String s, int end, int len) {
    if (end == len) {
      return true;
    }
    char c = s.charAt(end);
    return classOf(c) == OTHER && c != '-' || c == ':' || c == '.';
  }

  private static boolean isLowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static boolean allZero(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
