package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.Set;

/**
 * E-mail addresses, internationalized ones included (RFC 6531 local parts in any script, IDN
 * domains in Unicode or as xn-- labels): triggered by '@', the local part read leftwards and the
 * domain rightwards, then validated: a non-empty local part that neither starts nor ends with a dot,
 * at least two domain labels without leading or trailing hyphens, and a top-level domain of letters
 * (any script) or an xn-- label. Full-width, percent-encoded and escaped forms reach it normalized
 * (see TextView).
 */
public final class EmailDetector implements Detector {
  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.EMAIL);
  }

  @Override
  public void scan(String s, Findings out) {
    int n = s.length();
    int at = s.indexOf('@');
    while (at >= 0) {
      int next = at + 1;
      int start = at;
      while (start > 0 && at - start < 64 && isLocal(s.charAt(start - 1)) && !encodedDelimiterBefore(s, start)) {
        start--;
      }
      while (start < at && (s.charAt(start) == '.' || s.charAt(start) == '\'')) {
        start++;
      }
      if (start < at && s.charAt(at - 1) != '.' && !inUrlAuthority(s, at)) {
        int end = at + 1;
        while (end < n && end - at < 255 && isDomain(s.charAt(end))) {
          end++;
        }
        while (end > at + 1 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) {
          end--;
        }
        if (validDomain(s, at + 1, end) && !Chars.alnumAt(s, end) && !densitySuffix(s, at + 1, end)) {
          out.add(DetectorType.EMAIL, start, end);
          next = end;
        }
      }
      at = next < n ? s.indexOf('@', next) : -1;
    }
  }

  private static boolean isLocal(char c) {
    return c < 128 ? Chars.is(c, Chars.EMAIL_LOCAL) || c == '\'' : isInternational(c);
  }

  private static boolean isDomain(char c) {
    return c < 128 ? Chars.is(c, Chars.DOMAIN) : isInternational(c);
  }

  /** Letters, digits and combining marks of any script (surrogates: letters outside the BMP). */
  private static boolean isInternational(char c) {
    if (Character.isLetterOrDigit(c) || Character.isSurrogate(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
  }

  /**
   * Whether the '@' at {@code at} ends the user info of a URL ({@code scheme://user:password@host},
   * {@code https://token@host}): what is before it is a user name or a password (UrlPasswordDetector's),
   * not a mailbox, and the host is not a mail domain.
   */
  private static boolean inUrlAuthority(String s, int at) {
    int lower = Math.max(0, at - 512);
    for (int i = at - 1; i >= lower; i--) {
      char c = s.charAt(i);
      if (c == '/') {
        return i >= 2 && s.charAt(i - 1) == '/' && s.charAt(i - 2) == ':';
      }
      if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '?' || c == '#' || c == '\\') {
        return false;
      }
    }
    return false;
  }

  /**
   * "%3D" right before {@code i}: an encoded delimiter the view left encoded (it decodes letters,
   * digits and '@'), so the local part starts after it ("next=%2Fverify%3Femail%3Djane%40x.org").
   */
  private static boolean encodedDelimiterBefore(String s, int i) {
    return i >= 3 && s.charAt(i - 3) == '%' && Chars.isHex(s.charAt(i - 2)) && Chars.isHex(s.charAt(i - 1));
  }

  /** "logo@2x.png", "icon@1.5x.webp": an image's pixel density, not a domain. */
  private static boolean densitySuffix(String s, int domainStart, int end) {
    int i = domainStart;
    while (i < end && (Chars.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
      i++;
    }
    return i > domainStart && i < end && (s.charAt(i) == 'x' || s.charAt(i) == 'X') && i + 1 < end
        && s.charAt(i + 1) == '.';
  }

  static boolean validDomain(String s, int from, int to) {
    if (to - from < 4) {
      return false;
    }
    int labels = 0;
    int labelStart = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        int len = i - labelStart;
        if (len == 0 || len > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
          return false;
        }
        labels++;
        if (i == to) {
          return labels >= 2 && validTld(s, labelStart, i);
        }
        labelStart = i + 1;
      }
    }
    return false;
  }

  private static boolean validTld(String s, int from, int to) {
    if (to - from >= 5 && s.regionMatches(true, from, "xn--", 0, 4)) {
      return true;
    }
    if (to - from < 2) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!Chars.isLetter(c) && (c < 128 || !isInternational(c) || Character.isDigit(c))) {
        return false;
      }
    }
    return true;
  }
}
