package dev.eventpipeline.masking;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * What the detectors look at: a normalized copy of a string with a map back to the original, so a
 * finding in the copy masks exactly the original characters it came from. Normalizing undoes the
 * ways a value hides from ASCII-minded detectors:
 *
 * <ul>
 *   <li>JSON string escapes ({@code \"}, {@code \n}, {@code \u0040}) when the original is the raw
 *       content of a JSON string token, and {@code \u0040}-style escapes written in any text;
 *   <li>percent-encoding ({@code jane%40example.com}, UTF-8 sequences such as {@code %C3%A9});
 *   <li>Unicode compatibility forms (NFKC, one character at a time: full-width {@code ４} and
 *       {@code ＠}, ligatures, superscripts), decimal digits of any script, every space separator
 *       (NBSP, thin and narrow spaces) as {@code ' '}, dashes as {@code '-'}, ideographic full stops
 *       as {@code '.'};
 *   <li>invisible format characters (zero-width spaces and joiners, soft hyphens, BOM), dropped.
 * </ul>
 *
 * Plain ASCII text without percent or backslash-u escapes (in a JSON string, without
 * escapes other than {@code \"} and {@code \\}, which detectors read as the JSON text they quote)
 * is its own view: no copy, no map. That is almost every log line.
 */
final class TextView {
  private static final String[] NFKC = new String[0x10000];
  private static final String SAME = new String("same");

  /** The normalized text the detectors scan. */
  final String text;
  /** Original start and end of each character of {@link #text}; null when the view is the original. */
  private final int[] starts;
  private final int[] ends;
  private final int offset;

  private TextView(String text, int[] starts, int[] ends, int offset) {
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.offset = offset;
  }

  /** The view of plain text (log lines, JSON values already decoded). */
  static TextView of(String s) {
    if (plain(s, 0, s.length(), false)) {
      return new TextView(s, null, null, 0);
    }
    return build(s, 0, s.length(), false);
  }

  /**
   * The view of the raw content {@code json[from, to)} of a JSON string token (between its quotes,
   * escapes still written out); positions map back into {@code json}.
   */
  static TextView ofJsonString(String json, int from, int to) {
    if (plain(json, from, to, true)) {
      return new TextView(json.substring(from, to), null, null, from);
    }
    return build(json, from, to, true);
  }

  /** The view of {@code json[from, to)} known to need no normalizing: the substring, positions shifted. */
  static TextView shifted(String json, int from, int to) {
    return new TextView(json.substring(from, to), null, null, from);
  }

  /** Whether text needs no view although it has backslashes (only \" and \\ escapes, ASCII, no %XX). */
  static boolean plainJsonText(String s) {
    return plain(s, 0, s.length(), false);
  }

  /** Whether positions in the view are positions in the original (no map, no offset). */
  boolean direct() {
    return starts == null && offset == 0;
  }

  /** Original position of the view's character {@code i}. */
  int originalStart(int i) {
    return starts == null ? offset + i : starts[i];
  }

  /** Original end (exclusive) of the view's characters up to {@code end} (exclusive, > 0). */
  int originalEnd(int end) {
    return ends == null ? offset + end : ends[end - 1];
  }

  /** The value of the raw content {@code json[from, to)} of a JSON string token, escapes decoded. */
  static String unescapeJson(String json, int from, int to) {
    StringBuilder b = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = json.charAt(i);
      if (c != '\\' || i + 1 >= to) {
        b.append(c);
        continue;
      }
      char e = json.charAt(++i);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          int v = i + 5 <= to ? hex4(json, i + 1) : -1;
          if (v < 0) {
            b.append(e);
          } else {
            b.append((char) v);
            i += 4;
          }
        }
        default -> b.append(e);
      }
    }
    return b.toString();
  }

  /** Nothing to decode or normalize: ASCII, and no '%' or '\' escape. */
  private static boolean plain(String s, int from, int to, boolean json) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      if (c == '\\' && i + 1 < to) {
        char e = s.charAt(i + 1);
        if (e == 'u' || (json && e != '"' && e != '\\')) {
          return false;
        }
        i++; // \" and \\ are read as they are: detectors treat them as the text they quote
      }
      if (c == '%' && i + 2 < to && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static TextView build(String s, int from, int to, boolean json) {
    // stage 1: JSON unescaping (or the text as it is), each character with its original span
    int n = to - from;
    char[] c = new char[n];
    int[] cs = new int[n];
    int[] ce = new int[n];
    int m = 0;
    for (int i = from; i < to; ) {
      char ch = s.charAt(i);
      if (json && ch == '\\' && i + 1 < to) {
        char e = s.charAt(i + 1);
        int len = 2;
        char decoded;
        switch (e) {
          case 'n' -> decoded = '\n';
          case 't' -> decoded = '\t';
          case 'r' -> decoded = '\r';
          case 'b' -> decoded = '\b';
          case 'f' -> decoded = '\f';
          case 'u' -> {
            int v = i + 6 <= to ? hex4(s, i + 2) : -1;
            if (v < 0) {
              decoded = e;
            } else {
              decoded = (char) v;
              len = 6;
            }
          }
          default -> decoded = e; // \" \\ \/
        }
        c[m] = decoded;
        cs[m] = i;
        ce[m] = i + len;
        m++;
        i += len;
      } else {
        c[m] = ch;
        cs[m] = i;
        ce[m] = i + 1;
        m++;
        i++;
      }
    }
    // stage 2: escapes written in the text, percent-encoding, Unicode normalization
    Builder out = new Builder(m + 8);
    for (int k = 0; k < m; ) {
      char ch = c[k];
      if (ch == '%' && k + 2 < m) {
        int consumed = percent(c, k, m, cs, ce, out);
        if (consumed > 0) {
          k += consumed;
          continue;
        }
      } else if (ch == '\\' && k + 5 < m && c[k + 1] == 'u') {
        int v = hex4(c, k + 2);
        if (v >= 0) {
          out.add((char) v, cs[k], ce[k + 5]);
          k += 6;
          continue;
        }
      }
      if (ch < 0x80) {
        out.add(ch, cs[k], ce[k]);
        k++;
        continue;
      }
      int cp = ch;
      int units = 1;
      if (Character.isHighSurrogate(ch) && k + 1 < m && Character.isLowSurrogate(c[k + 1])) {
        cp = Character.toCodePoint(ch, c[k + 1]);
        units = 2;
      }
      normalize(cp, cs[k], ce[k + units - 1], out);
      k += units;
    }
    if (out.unchanged(s, from, to)) {
      return new TextView(s.substring(from, to), null, null, from);
    }
    return out.view();
  }

  /** Decodes "%XX" (and a UTF-8 sequence of them) at {@code k}; returns the characters consumed, 0 if none. */
  private static int percent(char[] c, int k, int m, int[] cs, int[] ce, Builder out) {
    int b0 = hexByte(c, k, m);
    if (b0 < 0) {
      return 0;
    }
    if (b0 < 0x80) {
      if (!decodable((char) b0, c, k, m)) {
        return 0;
      }
      out.add((char) b0, cs[k], ce[k + 2]);
      return 3;
    }
    int extra = b0 >= 0xF0 && b0 <= 0xF4 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC2 && b0 < 0xE0 ? 1 : -1;
    if (extra < 0 || b0 > 0xF4) {
      return 0;
    }
    int cp = b0 & (0x3F >> extra);
    for (int x = 1; x <= extra; x++) {
      int b = hexByte(c, k + 3 * x, m);
      if (b < 0 || (b & 0xC0) != 0x80) {
        return 0;
      }
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < 0x80 || !Character.isValidCodePoint(cp) || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return 0;
    }
    normalize(cp, cs[k], ce[k + 3 * extra + 2], out);
    return 3 * (extra + 1);
  }

  /**
   * Whether a percent-encoded ASCII character is decoded in the view: letters, digits and the
   * characters of e-mail addresses, phones and tokens are; the delimiters of URLs, query strings
   * and form bodies ({@code & = ? / # ; , : %}, quotes) are not, so an encoded delimiter stays part
   * of the value it was encoded in ({@code password=abc%26def}, {@code amqp://u:p%2Fw@host}); a
   * space only between digits (a card written {@code 4111%201111...}).
   */
  private static boolean decodable(char ch, char[] c, int k, int m) {
    if (Character.isLetterOrDigit(ch)) {
      return true;
    }
    if (ch == ' ') {
      return k > 0 && c[k - 1] >= '0' && c[k - 1] <= '9' && k + 3 < m && c[k + 3] >= '0' && c[k + 3] <= '9';
    }
    return "@._-~!*$+'()[]{}|^`".indexOf(ch) >= 0;
  }

  private static int hexByte(char[] c, int k, int m) {
    if (k + 2 >= m || c[k] != '%') {
      return -1;
    }
    int hi = hex(c[k + 1]);
    int lo = hex(c[k + 2]);
    return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
  }

  /** One code point, normalized for detection, mapped to the original span [start, end). */
  private static void normalize(int cp, int start, int end, Builder out) {
    int type = Character.getType(cp);
    if (type == Character.FORMAT) {
      return; // zero-width space/joiners, soft hyphen, BOM, bidi marks: invisible, dropped
    }
    if (type == Character.SPACE_SEPARATOR) {
      out.add(' ', start, end);
      return;
    }
    if (type == Character.DASH_PUNCTUATION) {
      out.add('-', start, end);
      return;
    }
    if (type == Character.DECIMAL_DIGIT_NUMBER) {
      out.add((char) ('0' + Character.digit(cp, 10)), start, end);
      return;
    }
    if (cp == 0x3002 || cp == 0xFF61) {
      out.add('.', start, end); // ideographic full stops separate IDN labels
      return;
    }
    String folded = nfkc(cp);
    if (folded == SAME) {
      out.addCodePoint(cp, start, end);
    } else {
      for (int i = 0; i < folded.length(); i++) {
        out.add(folded.charAt(i), start, end);
      }
    }
  }

  private static String nfkc(int cp) {
    if (cp < 0x10000) {
      String cached = NFKC[cp];
      if (cached == null) {
        cached = fold(cp);
        NFKC[cp] = cached;
      }
      return cached;
    }
    return fold(cp);
  }

  private static String fold(int cp) {
    String original = new String(Character.toChars(cp));
    String folded = Normalizer.normalize(original, Normalizer.Form.NFKC);
    return folded.equals(original) || folded.isEmpty() ? SAME : folded;
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

  private static int hex4(String s, int i) {
    int v = 0;
    for (int k = i; k < i + 4; k++) {
      int h = hex(s.charAt(k));
      if (h < 0) {
        return -1;
      }
      v = v << 4 | h;
    }
    return v;
  }

  private static int hex4(char[] c, int i) {
    int v = 0;
    for (int k = i; k < i + 4; k++) {
      int h = hex(c[k]);
      if (h < 0) {
        return -1;
      }
      v = v << 4 | h;
    }
    return v;
  }

  /** Accumulates the view's characters and their original spans. */
  private static final class Builder {
    private char[] chars;
    private int[] starts;
    private int[] ends;
    private int size;

    Builder(int capacity) {
      chars = new char[capacity];
      starts = new int[capacity];
      ends = new int[capacity];
    }

    void add(char c, int start, int end) {
      if (size == chars.length) {
        int grown = size * 2 + 8;
        chars = Arrays.copyOf(chars, grown);
        starts = Arrays.copyOf(starts, grown);
        ends = Arrays.copyOf(ends, grown);
      }
      chars[size] = c;
      starts[size] = start;
      ends[size] = end;
      size++;
    }

    void addCodePoint(int cp, int start, int end) {
      if (cp < 0x10000) {
        add((char) cp, start, end);
      } else {
        add(Character.highSurrogate(cp), start, end);
        add(Character.lowSurrogate(cp), start, end);
      }
    }

    /** Whether every character maps to itself: the view is the original. */
    boolean unchanged(String s, int from, int to) {
      if (size != to - from) {
        return false;
      }
      for (int i = 0; i < size; i++) {
        if (starts[i] != from + i || ends[i] != from + i + 1 || chars[i] != s.charAt(from + i)) {
          return false;
        }
      }
      return true;
    }

    TextView view() {
      return new TextView(new String(chars, 0, size), starts, ends, 0);
    }
  }
}
