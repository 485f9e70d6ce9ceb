package dev.eventpipeline.enrich.domain.scan;

/**
 * An IPv4 or IPv6 address as 128 bits, parsed without regex or allocation beyond the result.
 * IPv4 addresses (and IPv4-mapped IPv6 addresses such as {@code ::ffff:10.0.0.1}) are kept as v4
 * in the low 32 bits of {@code lo}, so one CIDR table answers both notations.
 */
public record IpAddress(boolean v6, long hi, long lo) {

  static IpAddress v4(long bits) {
    return new IpAddress(false, 0, bits & 0xFFFF_FFFFL);
  }

  /** Parses a whole value: an address, optionally bracketed, with an optional port or zone; null when invalid. */
  public static IpAddress parse(CharSequence s) {
    if (s == null) {
      return null;
    }
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == ' ') {
      to--;
    }
    if (from >= to) {
      return null;
    }
    if (s.charAt(from) == '[') { // [v6]:port
      int close = indexOf(s, ']', from + 1, to);
      return close < 0 ? null : parseV6Zoned(s, from + 1, close);
    }
    int colon = indexOf(s, ':', from, to);
    if (colon < 0) {
      return parseV4Address(s, from, to);
    }
    IpAddress v6 = parseV6Zoned(s, from, to);
    if (v6 != null) {
      return v6;
    }
    // 10.0.0.1:8080
    if (colon + 1 == to || to - colon - 1 > 5) {
      return null;
    }
    for (int i = colon + 1; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return null;
      }
    }
    return parseV4Address(s, from, colon);
  }

  /** Parses s[from, to) exactly as a dotted-quad IPv4 address; null when invalid. */
  public static IpAddress parseV4Address(CharSequence s, int from, int to) {
    long bits = parseV4(s, from, to);
    return bits < 0 ? null : v4(bits);
  }

  /** Parses s[from, to) exactly as an IPv6 address (IPv4-mapped ones become v4); null when invalid. */
  public static IpAddress parseV6Address(CharSequence s, int from, int to) {
    return parseV6(s, from, to);
  }

  private static IpAddress parseV6Zoned(CharSequence s, int from, int to) {
    int zone = indexOf(s, '%', from, to); // fe80::1%eth0
    return parseV6(s, from, zone < 0 ? to : zone);
  }

  /**
   * Four decimal octets 0-255 without leading zeros (010 is ambiguous: octal in some parsers).
   * Returns the address as an unsigned 32-bit value, or -1.
   */
  static long parseV4(CharSequence s, int from, int to) {
    long bits = 0;
    int octets = 0;
    int i = from;
    while (true) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 4) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        value = value * 10 + (c - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      bits = (bits << 8) | value;
      octets++;
      if (i == to) {
        return octets == 4 ? bits : -1;
      }
      if (octets == 4 || s.charAt(i) != '.') {
        return -1;
      }
      i++;
    }
  }

  private static IpAddress parseV6(CharSequence s, int from, int to) {
    if (to - from < 2) {
      return null;
    }
    int[] groups = new int[8];
    int n = 0;
    int compressedAt = -1;
    int i = from;
    if (s.charAt(i) == ':') {
      if (s.charAt(i + 1) != ':') {
        return null;
      }
      compressedAt = 0;
      i += 2;
    }
    while (i < to) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 5) {
        int h = hex(s.charAt(i));
        if (h < 0) {
          break;
        }
        value = (value << 4) | h;
        i++;
      }
      int digits = i - start;
      if (digits == 0) {
        return null;
      }
      if (i < to && s.charAt(i) == '.') { // trailing embedded IPv4: ::ffff:10.0.0.1
        if (n > 6) {
          return null;
        }
        long v4 = parseV4(s, start, to);
        if (v4 < 0) {
          return null;
        }
        groups[n++] = (int) (v4 >>> 16);
        groups[n++] = (int) (v4 & 0xFFFF);
        i = to;
        break;
      }
      if (digits > 4 || n == 8) {
        return null;
      }
      groups[n++] = value;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < to && s.charAt(i) == ':') {
        if (compressedAt >= 0) {
          return null;
        }
        compressedAt = n;
        i++;
      } else if (i == to) {
        return null; // a single trailing colon
      }
    }
    if (compressedAt < 0 ? n != 8 : n > 7) {
      return null;
    }
    long hi = 0;
    long lo = 0;
    int tail = compressedAt < 0 ? 0 : n - compressedAt;
    for (int g = 0; g < 8; g++) {
      int value;
      if (compressedAt < 0 || g < compressedAt) {
        value = groups[g];
      } else if (g >= 8 - tail) {
        value = groups[compressedAt + g - (8 - tail)];
      } else {
        value = 0;
      }
      if (g < 4) {
        hi = (hi << 16) | value;
      } else {
        lo = (lo << 16) | value;
      }
    }
    if (hi == 0 && (lo >>> 32) == 0xFFFFL) { // IPv4-mapped
      return v4(lo);
    }
    return new IpAddress(true, hi, lo);
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static int indexOf(CharSequence s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    if (!v6) {
      return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
    }
    StringBuilder b = new StringBuilder();
    for (int g = 0; g < 8; g++) {
      long word = g < 4 ? hi : lo;
      int shift = (3 - (g % 4)) * 16;
      if (g > 0) {
        b.append(':');
      }
      b.append(Long.toHexString((word >>> shift) & 0xFFFF));
    }
    return b.toString();
  }
}
