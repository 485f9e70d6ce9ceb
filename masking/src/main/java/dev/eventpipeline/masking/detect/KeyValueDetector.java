package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.Set;

/**
 * Values of sensitive keys in text: "password=...", "DB_PASSWORD: ...", "api_key => '...'",
 * "token := \"...\"", JSON written inside a message ({@code "secret":"..."}, also with escaped
 * quotes), query strings ({@code ?access_token=...}) and XML elements
 * ({@code <password>...</password>}). Triggered by '=' and ':' (found with
 * indexOf), the key read leftwards. Only the value is reported, never the rest of the line:
 *
 * <ul>
 *   <li>an unquoted value ends at whitespace, {@code ( ) ] } < > \} or a quote, and at {@code , ; &}
 *       where the next field starts ({@code &next=1}, {@code ; Path=/}, {@code , user=bob}): one inside
 *       the value ({@code passwd=Tr0ub4dor&3}) is part of it;
 *   <li>{@code Authorization} values: the credential after the scheme ({@code Bearer}, {@code Basic},
 *       ...), or the values of its auth-params ({@code Digest}, {@code AWS4-HMAC-SHA256}), or the one
 *       token when there is no scheme — see {@link AuthorizationDetector#header};
 *   <li>{@code Cookie} values: the value of each {@code name=value} pair, names kept;
 *       {@code Set-Cookie}: the cookie's value only, not its attributes (Path, Expires, HttpOnly).
 * </ul>
 *
 * References are not values: a value followed by '(' (a call such as os.Getenv("X")),
 * {@code ${VAR}}, {@code $UPPER_CASE_VAR}, {@code %(name)s}, {@code <placeholder>}, {@code ****},
 * {@code [REDACTED]} and null, true, false, none are left alone. Anything else is a value, including
 * values that start with punctuation ({@code %TB2ALbuctVF}, {@code $ecretP4ss}, {@code #hash}).
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
    if (s.indexOf("</") >= 0) {
      xmlElements(s, out);
    }
    int[] lineEnds = {-1, -1}; // the last lineEnd asked: from where, and the answer
    int eq = s.indexOf('=');
    int colon = s.indexOf(':');
    while (eq >= 0 || colon >= 0) {
      int p = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
      int resume = p + 1;
      if (!(s.charAt(p) == '=' && p > 0 && (s.charAt(p - 1) == ':' || s.charAt(p - 1) == '='))) {
        int end = maybeValue(s, p, out, lineEnds);
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

  /**
   * The text of XML elements named by a sensitive key: {@code <password>hunter2</password>},
   * {@code <wsse:Password Type="...">x</wsse:Password>} (the local name decides), the credential of an
   * {@code <Authorization>} element. Only an element whose content is text (no child element) and
   * not a placeholder; the tags stay.
   */
  private void xmlElements(String s, Findings out) {
    int n = s.length();
    for (int close = s.indexOf("</"); close >= 0; close = s.indexOf("</", close + 2)) {
      int nameStart = close + 2;
      int nameEnd = nameStart;
      while (nameEnd < n && nameEnd - nameStart < 64 && isXmlNameChar(s.charAt(nameEnd))) {
        nameEnd++;
      }
      if (nameEnd == nameStart || nameEnd >= n || s.charAt(nameEnd) != '>') {
        continue;
      }
      int open = s.lastIndexOf('<', close - 1); // the element's own start tag, if its content is text
      int afterName = open + 1 + (nameEnd - nameStart);
      if (open < 0 || afterName >= close || !s.regionMatches(open + 1, s, nameStart, nameEnd - nameStart)
          || !(s.charAt(afterName) == '>' || s.charAt(afterName) == ' ' || s.charAt(afterName) == '\t')) {
        continue;
      }
      int contentStart = s.indexOf('>', afterName) + 1;
      if (contentStart <= 0 || contentStart >= close || s.charAt(contentStart - 2) == '/') {
        continue; // no content, or a self-closing tag
      }
      int localStart = nameStart;
      for (int i = nameStart; i < nameEnd; i++) {
        if (s.charAt(i) == ':') {
          localStart = i + 1; // wsse:Password is Password
        }
      }
      DetectorType category = keys.match(s, localStart, nameEnd);
      if (category == null) {
        continue;
      }
      int start = contentStart;
      int end = close;
      while (start < end && Character.isWhitespace(s.charAt(start))) {
        start++;
      }
      while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
        end--;
      }
      if (end <= start || isPlaceholder(s, start, end)) {
        continue;
      }
      if (category == DetectorType.AUTHORIZATION) {
        AuthorizationDetector.header(s, start, end, out);
      } else {
        out.add(category, start, end);
      }
    }
  }

  private static boolean isXmlNameChar(char c) {
    return Chars.isAlnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
  }

  /** Reports the value after a separator at {@code p} when the key before it is sensitive; returns its end or -1. */
  private int maybeValue(String s, int p, Findings out, int[] lineEnds) {
    // the key, leftwards: optional spaces, an optional closing quote (maybe escaped), key characters
    int k = p - 1;
    int spaces = 0;
    while (k >= 0 && s.charAt(k) == ' ' && spaces < 3) {
      k--;
      spaces++;
    }
    if (k >= 0 && s.charAt(k) == '"' && out.jsonDocument() && (k == 0 || s.charAt(k - 1) != '\\')) {
      return -1; // a member of the JSON document being masked: the JSON masker handles its keys
    }
    if (k >= 0 && (s.charAt(k) == '"' || s.charAt(k) == '\'')) {
      k--;
      if (k >= 0 && s.charAt(k) == '\\') {
        k--;
      }
    }
    int keyEnd = k + 1;
    if (keyEnd == 0 || !keys.mayEndWith(s.charAt(k)) || keys.refusesEnding(s, k)) {
      return -1; // most separators (times, ports, URLs, JSON members) end here
    }
    if (Chars.isDigit(s.charAt(k))) {
      int d = k;
      while (d >= 0 && Chars.isDigit(s.charAt(d))) {
        d--;
      }
      if (d < 0 || !Chars.isLetter(s.charAt(d))) {
        return -1; // "09:23:37", "db:5432": digits after no letter are not the end of a key like password2
      }
    }
    int keyStart = keyEnd;
    while (keyStart > 0 && keyEnd - keyStart < 64 && isKeyChar(s.charAt(keyStart - 1))) {
      keyStart--;
    }
    while (keyStart < keyEnd && !Chars.isAlnum(s.charAt(keyStart))) {
      keyStart++; // "_password" is "password"
    }
    if (keyEnd - keyStart < 3 || Chars.isDigit(s.charAt(keyStart))) {
      return -1; // a key starts with a letter: "2026-12-06T10:00", "1.2.3:8080" are not keys
    }
    if (keyStart > 0 && s.charAt(keyStart - 1) == ':') {
      return -1; // a path segment: "arn:aws:secretsmanager:...:secret:prod/db"
    }
    if (keyStart >= 3 && s.startsWith("://", keyStart - 3) && s.charAt(p) == ':') {
      return -1; // the user info of a URL (https://x-access-token:TOKEN@host): UrlPasswordDetector's
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
    if (s.charAt(p) == '=' && p > 0 && s.charAt(p - 1) != ' ' && v < n && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
      return -1; // "password= source=ssm": an empty value, then the next field
    }
    while (v < n && (s.charAt(v) == ' ' || s.charAt(v) == '\t')) {
      v++;
    }
    if (v >= n) {
      return -1;
    }
    char c = s.charAt(v);
    int start;
    int limit;
    boolean quoted = true;
    if (c == '\\' && v + 1 < n && s.charAt(v + 1) == '"') {
      start = v + 2;
      limit = lineEnd(s, start, lineEnds); // stops at the closing \" too
    } else if (c == '"' || c == '\'') {
      start = v + 1;
      limit = closingQuote(s, start, c);
    } else {
      start = v;
      limit = -1; // the line's end, needed by cookie and authorization values only
      quoted = false;
    }
    boolean cookie = SensitiveKeys.isCookie(s, keyStart, keyEnd);
    if (limit < 0 && (cookie || category == DetectorType.AUTHORIZATION)) {
      limit = lineEnd(s, start, lineEnds);
    }
    if (quoted && limit <= start) {
      return -1;
    }
    if (cookie) {
      int end = Cookies.scan(s, start, limit, SensitiveKeys.isSetCookie(s, keyStart, keyEnd), out);
      return end < 0 ? -1 : Math.max(end, quoted ? limit : end);
    }
    if (category == DetectorType.AUTHORIZATION) {
      int end = AuthorizationDetector.header(s, start, limit, out);
      return end < 0 ? -1 : Math.max(end, quoted ? limit : end);
    }
    int end = quoted ? limit : unquotedEnd(s, start);
    if (!quoted) {
      if (end < n && s.charAt(end) == '(') {
        return -1; // a call: os.Getenv("X"), getSecret()
      }
      int bracketed = bracketedEnd(s, start);
      if (bracketed > 0 && isPlaceholder(s, start, bracketed)) {
        return bracketed; // [REDACTED], ${API_KEY}, <redacted>: already masked or a reference
      }
      if (prose(s, keyStart, p) && !looksLikeASecret(s, start, end)) {
        return -1; // "failed to refresh access token: HTTP 401"
      }
    }
    if (end <= start || isPlaceholder(s, start, end)) {
      return -1;
    }
    out.add(category, start, end);
    return end;
  }

  /** End (exclusive) of a bracketed value "[...]", "{...}", "<...>", "${...}" starting at {@code start}, or -1. */
  static int bracketedEnd(String s, int start) {
    int n = s.length();
    int open = start;
    if (open < n && s.charAt(open) == '$') {
      open++;
    }
    if (open >= n) {
      return -1;
    }
    char close = switch (s.charAt(open)) {
      case '[' -> ']';
      case '{' -> '}';
      case '<' -> '>';
      default -> 0;
    };
    if (close == 0) {
      return -1;
    }
    for (int i = open + 1; i < n && i < open + 64; i++) {
      char c = s.charAt(i);
      if (c == close) {
        return i + 1 < n && s.charAt(i + 1) == close ? i + 2 : i + 1;
      }
      if (c == '\n' || c == '"') {
        return -1;
      }
    }
    return -1;
  }

  /**
   * A key written as a word in a sentence ("... access token: ..."): one plain word after another
   * word and a space, then ": ". Values there are prose as often as secrets.
   */
  private static boolean prose(String s, int keyStart, int separator) {
    if (s.charAt(separator) != ':' || separator + 1 >= s.length() || s.charAt(separator + 1) != ' ') {
      return false;
    }
    if (keyStart < 2 || s.charAt(keyStart - 1) != ' ' || !Chars.isLetter(s.charAt(keyStart - 2))) {
      return false;
    }
    for (int i = keyStart + 1; i < separator; i++) {
      if (!(s.charAt(i) >= 'a' && s.charAt(i) <= 'z')) {
        return false;
      }
    }
    return true;
  }

  /** A digit or a symbol, or 8+ letters mixing cases as no word does: not a word of prose ("HTTP", "expired"). */
  private static boolean looksLikeASecret(String s, int start, int end) {
    boolean upper = false;
    boolean lower = false;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (Chars.isDigit(c) || !Chars.isLetter(c)) {
        return true;
      }
      upper |= Chars.isUpper(c);
      lower |= c >= 'a' && c <= 'z';
    }
    return end - start >= 8 && upper && lower && !(Chars.isUpper(s.charAt(start)) && allLower(s, start + 1, end));
  }

  private static boolean allLower(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!(s.charAt(i) >= 'a' && s.charAt(i) <= 'z')) {
        return false;
      }
    }
    return true;
  }

  static boolean isKeyChar(char c) {
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

  /**
   * As {@link #lineEnd(String, int)}, remembering the last answer: for any {@code from} between the
   * last question and its answer the answer is the same, so many values on one long line cost one
   * walk to its end, not one each.
   */
  private static int lineEnd(String s, int from, int[] last) {
    if (last[0] >= 0 && last[0] <= from && from <= last[1]) {
      return last[1];
    }
    last[0] = from;
    last[1] = lineEnd(s, from);
    return last[1];
  }

  /** End of the line (or of the JSON text a message quotes: an escaped newline or quote). */
  static int lineEnd(String s, int from) {
    int n = s.length();
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '"' || (c == '\\' && i + 1 < n && (s.charAt(i + 1) == 'n' || s.charAt(i + 1) == '"'))) {
        return i;
      }
    }
    return n;
  }

  /**
   * End (exclusive) of an unquoted value starting at {@code from}: at whitespace, a quote, a bracket
   * or a backslash; at ',', ';' or '&' only when the next field starts there ({@link #nextField}),
   * so that "passwd=Tr0ub4dor&3" or "pwd=a;b,c" is masked whole while "?pwd=x&next=1" and
   * "pwd=x; Path=/" keep what follows.
   */
  static int unquotedEnd(String s, int from) {
    int n = s.length();
    int i = from;
    while (i < n) {
      char c = s.charAt(i);
      if (c <= ' ' || c == '"' || c == '\'' || c == '(' || c == ')' || c == ']' || c == '}' || c == '<'
          || c == '>' || c == '\\') {
        break;
      }
      if ((c == ',' || c == ';' || c == '&') && nextField(s, i + 1)) {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * Whether a field starts at {@code i}, right after a ',', ';' or '&' in a value: the end, whitespace,
   * another separator or closing character, the rest of an HTML-escaped "&amp;", or a name followed
   * by '=' ("next=1", "Path=/") or by ": " ("status: ok").
   */
  private static boolean nextField(String s, int i) {
    int n = s.length();
    if (i >= n) {
      return true;
    }
    char c = s.charAt(i);
    if (c <= ' ' || c == ',' || c == ';' || c == '&' || c == '"' || c == '\'' || c == ')' || c == ']' || c == '}'
        || c == '>' || c == '\\' || s.startsWith("amp;", i)) {
      return true;
    }
    int j = i;
    while (j < n && j - i < 64 && (Chars.isAlnum(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '-'
        || s.charAt(j) == '.' || s.charAt(j) == '[' || s.charAt(j) == ']')) {
      j++;
    }
    if (j == i || j >= n) {
      return false;
    }
    return s.charAt(j) == '=' || s.charAt(j) == ':' && (j + 1 >= n || s.charAt(j + 1) == ' ');
  }

  /** A reference or a value that is already masked: ${VAR}, $VAR, %(x)s, {{x}}, <x>, ****, [REDACTED], null. */
  public static boolean isPlaceholder(String s, int start, int end) {
    int len = end - start;
    if (len == 0) {
      return true;
    }
    char first = s.charAt(start);
    char last = s.charAt(end - 1);
    switch (first) {
      case '$':
        if (len >= 3 && s.charAt(start + 1) == '{') {
          return true; // ${VAR}, ${env:X}, ${{ secrets.X }} (an unquoted value ends before its '}')
        }
        return len >= 2 && all(s, start + 1, end, "UPPER_IDENT"); // $DB_PASSWORD
      case '%':
        return len == 2 && Chars.isLetter(s.charAt(start + 1)) // %s
            || len >= 4 && s.charAt(start + 1) == '(' && s.charAt(end - 2) == ')' && Chars.isLetter(last); // %(name)s
      case '{':
        return len >= 2 && s.charAt(start + 1) == '{'; // {{ x }}
      case '<':
        return last == '>' && all(s, start + 1, end - 1, "WORDS"); // <redacted>, <your password>
      case '*':
        return all(s, start, end, "STARS");
      case '(':
        return last == ')' && all(s, start + 1, end - 1, "WORDS"); // (none), (empty), (redacted)
      case '[':
        return last == ']' && len >= 3 && all(s, start + 1, masked(s, start, end), "UPPER_IDENT"); // [REDACTED], [SECRET:ab12]
      default:
        break;
    }
    return len <= 9 && (equalsIgnoreCase(s, start, end, "null") || equalsIgnoreCase(s, start, end, "-")
        || equalsIgnoreCase(s, start, end, "n/a") || equalsIgnoreCase(s, start, end, "true")
        || equalsIgnoreCase(s, start, end, "false") || equalsIgnoreCase(s, start, end, "none")
        || equalsIgnoreCase(s, start, end, "nil") || equalsIgnoreCase(s, start, end, "undefined"));
  }

  /** End of the type name of a masked placeholder "[TYPE]" or "[TYPE:detail]". */
  private static int masked(String s, int start, int end) {
    int colon = Chars.indexOf(s, ':', start, end);
    return colon > start ? colon : end - 1;
  }

  private static boolean all(String s, int from, int to, String kind) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok = switch (kind) {
        case "UPPER_IDENT" -> Chars.isUpper(c) || Chars.isDigit(c) || c == '_';
        case "WORDS" -> Chars.isAlnum(c) || c == '_' || c == '-' || c == ' ' || c == '.';
        default -> c == '*';
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean equalsIgnoreCase(String s, int start, int end, String word) {
    return end - start == word.length() && s.regionMatches(true, start, word, 0, word.length());
  }
}
