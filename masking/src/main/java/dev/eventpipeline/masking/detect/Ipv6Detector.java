package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.Set;

/**
 * IPv6 addresses, full or compressed, with an optional embedded IPv4 tail and zone id: triggered
 * by ':', the run of hex digits, ':' and '.' around it read and validated (1-4 hex digits per
 * group, 8 groups or fewer with a single "::", a valid dotted tail). A run glued to letters
 * (std::cout, fe80::1text), times (12:34:56), MAC addresses (6 groups) and the bare unspecified
 * address "::" are not reported, nor are runs without a decimal digit (Foo::bar).
 */
public final class Ipv6Detector implements Detector {
  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.IPV6);
  }

  @Override
  public void scan(String s, Findings out) {
    int n = s.length();
    int c = s.indexOf(':');
    while (c >= 0) {
      int a = c;
      while (a > 0 && (Chars.isHex(s.charAt(a - 1)) || s.charAt(a - 1) == ':')) {
        a--;
      }
      int b = c;
      while (b < n && (Chars.isHex(s.charAt(b)) || s.charAt(b) == ':' || s.charAt(b) == '.')) {
        b++;
      }
      int next = b;
      if (a == 0 || !(Chars.isAlnum(s.charAt(a - 1)) || s.charAt(a - 1) == '.')) {
        int end = b;
        while (end > a && s.charAt(end - 1) == '.') {
          end--;
        }
        if (end - a >= 3 && !(end < n && Chars.isAlnum(s.charAt(end)) && s.charAt(end) != '%')) {
          int valid = valid(s, a, end) ? end : -1;
          if (valid < 0 && end - a > 3 && s.charAt(end - 1) == ':' && s.charAt(end - 2) != ':') {
            valid = valid(s, a, end - 1) ? end - 1 : -1; // "addr: " at the end of a sentence
          }
          if (valid > 0) {
            int zoneEnd = valid;
            if (zoneEnd + 1 < n && s.charAt(zoneEnd) == '%' && Chars.isAlnum(s.charAt(zoneEnd + 1))) {
              zoneEnd++;
              while (zoneEnd < n && (Chars.isAlnum(s.charAt(zoneEnd)) || s.charAt(zoneEnd) == '_')) {
                zoneEnd++;
              }
            }
            out.add(DetectorType.IPV6, a, zoneEnd);
            next = zoneEnd;
          }
        }
      }
      c = next < n ? s.indexOf(':', Math.max(next, c + 1)) : -1;
    }
  }

  /** Whether {@code s[from, to)} is an IPv6 address. */
  static boolean valid(String s, int from, int to) {
    int doubleColon = Chars.indexOf(s, ':', ':', from, to);
    if (doubleColon >= to - 1) {
      doubleColon = -1;
    }
    if (doubleColon >= 0) {
      int again = Chars.indexOf(s, ':', ':', doubleColon + 1, to);
      if (again >= 0 && again < to - 1) {
        return false; // two "::" (or ":::")
      }
      if (to - from == 2) {
        return false; // "::" alone
      }
    } else {
      if (s.charAt(from) == ':' || s.charAt(to - 1) == ':') {
        return false;
      }
    }
    int groups = 0;
    boolean digit = false;
    int i = from;
    while (i < to) {
      if (s.charAt(i) == ':') {
        i++;
        continue;
      }
      int g = i;
      boolean dot = false;
      while (i < to && s.charAt(i) != ':') {
        char c = s.charAt(i);
        digit |= Chars.isDigit(c);
        dot |= c == '.';
        i++;
      }
      if (dot) {
        if (i != to || DigitTokens.ipv4At(s.substring(g, to), 0) != to - g) {
          return false; // an IPv4 tail must be last and valid
        }
        groups += 2;
      } else {
        if (i - g > 4) {
          return false;
        }
        groups++;
      }
      if (i < to && i + 1 < to && s.charAt(i + 1) == ':' && i + 2 < to && s.charAt(i + 2) == ':') {
        return false;
      }
    }
    if (!digit) {
      return false;
    }
    return doubleColon >= 0 ? groups <= 7 : groups == 8;
  }
}
