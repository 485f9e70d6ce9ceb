package dev.eventpipeline.masking.detect;

/** Character classes used by the detectors (ASCII tables: branch-free on the hot path). */
public final class Chars {
  static final int DIGIT = 1;
  static final int UPPER = 2;
  static final int LOWER = 4;
  static final int HEX = 8;
  static final int B64 = 16; // A-Z a-z 0-9 + /
  static final int B64URL = 32; // A-Z a-z 0-9 - _
  static final int EMAIL_LOCAL = 64; // A-Z a-z 0-9 . _ % + -
  static final int DOMAIN = 128; // A-Z a-z 0-9 . -

  private static final int[] TABLE = new int[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TABLE[c] = DIGIT | HEX | B64 | B64URL | EMAIL_LOCAL | DOMAIN;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      TABLE[c] = UPPER | B64 | B64URL | EMAIL_LOCAL | DOMAIN | (c <= 'F' ? HEX : 0);
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TABLE[c] = LOWER | B64 | B64URL | EMAIL_LOCAL | DOMAIN | (c <= 'f' ? HEX : 0);
    }
    TABLE['+'] = B64 | EMAIL_LOCAL;
    TABLE['/'] = B64;
    TABLE['-'] = B64URL | EMAIL_LOCAL | DOMAIN;
    TABLE['_'] = B64URL | EMAIL_LOCAL;
    TABLE['.'] = EMAIL_LOCAL | DOMAIN;
    TABLE['%'] = EMAIL_LOCAL;
  }

  private Chars() {}

  static boolean is(char c, int cls) {
    return c < 128 && (TABLE[c] & cls) != 0;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /**
   * Whether {@code s} has the lower-case ASCII word {@code lower} at {@code i}, in any case
   * (String.regionMatches(true, ...) folds case through Character tables: slow on the hot path).
   */
  public static boolean matchesIgnoreCase(String s, int i, String lower) {
    int n = lower.length();
    if (i < 0 || i + n > s.length()) {
      return false;
    }
    for (int k = 0; k < n; k++) {
      if ((s.charAt(i + k) | 0x20) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first {@code c} in {@code s[from, to)}, or -1. String.indexOf searches to the end of the
   * string: a search that may only look so far must not pay for the rest (quadratic on a long line).
   */
  static int indexOf(String s, char c, int from, int to) {
    for (int i = Math.max(from, 0); i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** The first "{@code a}{@code b}" in {@code s[from, to)}, or -1. */
  static int indexOf(String s, char a, char b, int from, int to) {
    for (int i = Math.max(from, 0); i + 1 < to; i++) {
      if (s.charAt(i) == a && s.charAt(i + 1) == b) {
        return i;
      }
    }
    return -1;
  }

  static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  static boolean isLetter(char c) {
    return c < 128 ? (TABLE[c] & (UPPER | LOWER)) != 0 : Character.isLetter(c);
  }

  /** Letters and digits (any script): what makes a match "glued" to surrounding text. */
  static boolean isAlnum(char c) {
    return c < 128 ? (TABLE[c] & (DIGIT | UPPER | LOWER)) != 0 : Character.isLetterOrDigit(c);
  }

  static boolean isHex(char c) {
    return c < 128 && (TABLE[c] & HEX) != 0;
  }

  static boolean alnumAt(String s, int i) {
    return i >= 0 && i < s.length() && isAlnum(s.charAt(i));
  }

  static boolean digitAt(String s, int i) {
    return i >= 0 && i < s.length() && isDigit(s.charAt(i));
  }

  static char at(String s, int i) {
    return i >= 0 && i < s.length() ? s.charAt(i) : '\0';
  }
}
