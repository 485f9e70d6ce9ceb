package dev.eventpipeline.masking;

/**
 * The strict JSON tokenizer under {@link JsonMasker} (RFC 8259): finds where each string, number
 * and literal of {@code s} ends, validating as it goes, and throws {@link NotJsonException} at the
 * first thing that is not JSON. Positions only: nothing is decoded unless asked ({@link #unescape}).
 */
class JsonLexer {
  final String s;
  final int n;
  /**
   * Known from the bytes ({@link Utf8#plainJson}): only printable ASCII, no backslash and no '%'. A
   * string then ends at the next quote and never needs the normalized view, so {@link #stringEnd}
   * finds that quote with one search instead of reading each character; {@link #hash} is not kept.
   */
  final boolean plain;
  int pos;
  /** Of the last string read by stringEnd: whether it needs the normalized view, and its hash. */
  boolean special;
  int hash;

  JsonLexer(String s) {
    this(s, false);
  }

  JsonLexer(String s, boolean plain) {
    this.s = s;
    this.n = s.length();
    this.plain = plain;
  }

  void literal(String word) throws NotJsonException {
    if (!s.startsWith(word, pos)) {
      throw new NotJsonException("invalid literal", null);
    }
    pos += word.length();
  }

  /**
   * Position of the closing quote of the string starting at {@code open}; validates escapes and
   * control characters. On the way it notes whether the string needs the normalized view
   * ({@link #special}: an escape other than \" and \\, a non-ASCII character or a '%') and
   * hashes it ({@link #hash}, the key cache's hash), so nothing reads the string twice. A
   * {@link #plain} document needs neither: its strings are found with one search each.
   */
  int stringEnd(int open) throws NotJsonException {
    if (plain) {
      int close = s.indexOf('"', open + 1);
      if (close < 0) {
        throw new NotJsonException("unterminated string", null);
      }
      special = false;
      return close;
    }
    int i = open + 1;
    int h = 0;
    boolean needsView = false;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '"') {
        special = needsView;
        hash = h;
        return i;
      }
      h = 31 * h + c;
      if (c == '\\') {
        if (i + 1 >= n) {
          break;
        }
        char e = s.charAt(i + 1);
        h = 31 * h + e;
        if (e == 'u') {
          if (i + 5 >= n || TextView.hex(s.charAt(i + 2)) < 0 || TextView.hex(s.charAt(i + 3)) < 0
              || TextView.hex(s.charAt(i + 4)) < 0 || TextView.hex(s.charAt(i + 5)) < 0) {
            throw new NotJsonException("invalid \\u escape", null);
          }
          for (int k = i + 2; k < i + 6; k++) {
            h = 31 * h + s.charAt(k);
          }
          needsView = true;
          i += 6;
          continue;
        }
        if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw new NotJsonException("invalid escape", null);
        }
        needsView |= e != '"' && e != '\\';
        i += 2;
        continue;
      }
      if (c < 0x20) {
        throw new NotJsonException("control character in a string", null);
      }
      needsView |= c >= 0x80 || c == '%';
      i++;
    }
    throw new NotJsonException("unterminated string", null);
  }

  /** End of the number starting at {@code i} (RFC 8259 grammar). */
  int numberEnd(int i) throws NotJsonException {
    int start = i;
    if (s.charAt(i) == '-') {
      i++;
    }
    if (i >= n) {
      throw new NotJsonException("invalid number", null);
    }
    if (s.charAt(i) == '0') {
      i++;
    } else if (s.charAt(i) >= '1' && s.charAt(i) <= '9') {
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
    } else {
      throw new NotJsonException("invalid number", null);
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      int digits = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == digits) {
        throw new NotJsonException("invalid number", null);
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int digits = i;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
      }
      if (i == digits) {
        throw new NotJsonException("invalid number", null);
      }
    }
    if (i == start) {
      throw new NotJsonException("invalid number", null);
    }
    return i;
  }

  /** The first backslash at or after {@link #backslashFrom} (n: none): one search serves every later token. */
  private int nextBackslash = -1;
  private int backslashFrom = Integer.MAX_VALUE;

  boolean hasEscape(int from, int to) {
    if (from < backslashFrom || nextBackslash < from) {
      int found = s.indexOf('\\', from);
      nextBackslash = found < 0 ? n : found;
      backslashFrom = from;
    }
    return nextBackslash < to;
  }

  String unescape(int from, int to) {
    return TextView.unescapeJson(s, from, to);
  }

  int ws(int i) {
    while (i < n && isWs(s.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean isWs(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
