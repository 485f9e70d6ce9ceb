package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Credentials of HTTP authentication. Only the credential is reported: the scheme word and
 * everything after the credential stay ({@code Authorization: Bearer [AUTHORIZATION] status=200}).
 *
 * <ul>
 *   <li>Anywhere in text ({@code curl -H 'authorization: basic ...'}, "using bearer ..."), after the
 *       word {@code Bearer} or {@code Basic} in any of lower, UPPER or Capitalized case: a Bearer
 *       token of at least 16 token68 characters that looks random (a digit, or a mix of cases no
 *       camelCase phrase has) — not "Bearer token required"; a Basic credential that decodes to
 *       {@code user:password} — not "basic auth".
 *   <li>As the value of an {@code Authorization} key or header ({@link #header}), where no guessing
 *       is needed: the token after any scheme, the values of a scheme's auth-params (Digest,
 *       AWS4-HMAC-SHA256: {@code Credential}, {@code Signature}, {@code response}, ... but not
 *       {@code realm}, {@code algorithm}, {@code SignedHeaders}), or the single token of a value
 *       without a scheme.
 * </ul>
 */
public final class AuthorizationDetector implements Detector {
  private static final CaseTrigger BEARER = new CaseTrigger("bearer");
  private static final CaseTrigger BASIC = new CaseTrigger("basic");
  /** HTTP authentication schemes (IANA registry and common vendor schemes), lower-cased. */
  private static final Set<String> SCHEMES = Set.of("basic", "bearer", "digest", "hoba", "mutual", "negotiate", "ntlm",
      "oauth", "scram-sha-1", "scram-sha-256", "vapid", "aws4-hmac-sha256", "aws", "token", "apikey", "api-key", "key",
      "sharedkey", "sharedkeylite", "ssws", "dpop", "mac", "hawk", "signature", "jwt", "splunk", "geniekey", "client-id",
      "privacytoken", "concealed", "gssapi", "kerberos");
  private static final Set<String> PUBLIC_PARAMS = Set.of("realm", "algorithm", "qop", "nc", "uri", "signedheaders",
      "stale", "domain", "charset", "userhash", "username", "opaque");

  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.AUTHORIZATION);
  }

  @Override
  public void scan(String s, Findings out) {
    scanScheme(s, out, BEARER, true);
    scanScheme(s, out, BASIC, false);
  }

  /**
   * At a word start {@code k}: the credential after "bearer" or "basic" (any case) there, reported;
   * returns its end, or -1. TokenScanner calls this in its one pass instead of two keyword searches.
   */
  static int schemeAt(String s, int k, Findings out) {
    boolean bearer = Chars.matchesIgnoreCase(s, k, "bearer");
    if (!bearer && !Chars.matchesIgnoreCase(s, k, "basic")) {
      return -1;
    }
    int next = k + (bearer ? 6 : 5);
    if (next >= s.length() || (s.charAt(next) != ' ' && s.charAt(next) != '\t')) {
      return -1;
    }
    int start = skipSpaces(s, next, s.length());
    int end = token68End(s, start, s.length());
    if (end > start && (bearer ? looksRandom(s, start, end) : decodesToUserPassword(s, start, end))) {
      out.add(DetectorType.AUTHORIZATION, start, end);
      return end;
    }
    return -1;
  }

  private static void scanScheme(String s, Findings out, CaseTrigger trigger, boolean bearer) {
    int k = trigger.next(s, 0);
    while (k >= 0) {
      int next = k + trigger.length();
      if (!Chars.alnumAt(s, k - 1) && next < s.length() && (s.charAt(next) == ' ' || s.charAt(next) == '\t')) {
        int start = skipSpaces(s, next, s.length());
        int end = token68End(s, start, s.length());
        if (end > start && (bearer ? looksRandom(s, start, end) : decodesToUserPassword(s, start, end))) {
          out.add(DetectorType.AUTHORIZATION, start, end);
          next = end;
        }
      }
      k = trigger.next(s, next);
    }
  }

  /**
   * Reports the credentials of an Authorization value {@code s[from, limit)}; returns the end of
   * the last one, or -1 when there is none.
   */
  public static int header(String s, int from, int limit, Findings out) {
    int start = skipSpaces(s, from, limit);
    int wordEnd = start;
    while (wordEnd < limit && (Chars.isAlnum(s.charAt(wordEnd)) || s.charAt(wordEnd) == '-' || s.charAt(wordEnd) == '_')) {
      wordEnd++;
    }
    if (wordEnd > start && KeyValueDetector.isPlaceholder(s, start, wordEnd)) {
      return -1; // "Authorization=null source=ssm"
    }
    boolean followed = wordEnd > start && wordEnd < limit && (s.charAt(wordEnd) == ' ' || s.charAt(wordEnd) == '\t');
    boolean known = followed && SCHEMES.contains(s.substring(start, wordEnd).toLowerCase(java.util.Locale.ROOT));
    if (followed && (known || lettersOnly(s, start, wordEnd))) {
      int credentials = skipSpaces(s, wordEnd, limit);
      if (credentials < limit && s.charAt(credentials) != ',') {
        // auth-params only after a registered scheme: "Authorization: xyz status=200" is a token and a log field
        int end = known ? params(s, credentials, limit, out) : -1;
        if (end > 0) {
          return end;
        }
        end = token68End(s, credentials, limit);
        if (end > credentials && (end == limit || !Chars.isAlnum(s.charAt(end)))) {
          out.add(DetectorType.AUTHORIZATION, credentials, end);
          return end;
        }
      }
    }
    // no scheme: the whole first token is the credential
    int bracketed = KeyValueDetector.bracketedEnd(s, start);
    if (bracketed > 0 && bracketed <= limit && KeyValueDetector.isPlaceholder(s, start, bracketed)) {
      return -1; // [REDACTED], ${TOKEN}
    }
    int end = KeyValueDetector.unquotedEnd(s, start);
    end = Math.min(end, limit);
    if (end <= start || KeyValueDetector.isPlaceholder(s, start, end)) {
      return -1;
    }
    out.add(DetectorType.AUTHORIZATION, start, end);
    return end;
  }

  /** Auth-params "name=value, name=\"value\"": reports the secret values; returns the end or -1 when it is not a list. */
  private static int params(String s, int from, int limit, Findings out) {
    int i = from;
    int last = -1;
    while (true) {
      int nameStart = i;
      while (i < limit && (Chars.isAlnum(s.charAt(i)) || s.charAt(i) == '-' || s.charAt(i) == '_')) {
        i++;
      }
      if (i == nameStart || i + 1 >= limit || s.charAt(i) != '=' || s.charAt(i + 1) == '=') {
        return last; // not name=value ("abc==" is token68 padding)
      }
      String name = s.substring(nameStart, i).toLowerCase(java.util.Locale.ROOT);
      int valueStart = i + 1;
      int valueEnd;
      int vs = valueStart;
      int ve;
      if (s.charAt(valueStart) == '"') {
        int close = Chars.indexOf(s, '"', valueStart + 1, limit);
        valueEnd = close < 0 || close >= limit ? limit : close + 1;
        vs = valueStart + 1;
        ve = close < 0 || close >= limit ? limit : close;
      } else {
        valueEnd = valueStart;
        while (valueEnd < limit && s.charAt(valueEnd) > ' ' && s.charAt(valueEnd) != ',' && s.charAt(valueEnd) != '"'
            && s.charAt(valueEnd) != '\'' && s.charAt(valueEnd) != '\\') {
          valueEnd++;
        }
        ve = valueEnd;
      }
      if (ve <= vs && last < 0) {
        return -1; // "abc= ": token68 padding, not a parameter
      }
      if (ve > vs && !PUBLIC_PARAMS.contains(name)) {
        out.add(DetectorType.AUTHORIZATION, vs, ve);
      }
      last = valueEnd;
      int j = valueEnd;
      while (j < limit && s.charAt(j) == ' ') {
        j++;
      }
      if (j >= limit || s.charAt(j) != ',') {
        return last;
      }
      i = skipSpaces(s, j + 1, limit);
    }
  }

  private static boolean lettersOnly(String s, int from, int to) {
    if (to - from > 20) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!Chars.isLetter(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int skipSpaces(String s, int i, int limit) {
    while (i < limit && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** End of a token68 (RFC 7235: letters, digits, - . _ ~ + / then '=' padding) starting at {@code i}. */
  private static int token68End(String s, int i, int limit) {
    int end = i;
    while (end < limit) {
      char c = s.charAt(end);
      if (Chars.is(c, Chars.B64URL) || c == '.' || c == '~' || c == '+' || c == '/') {
        end++;
      } else {
        break;
      }
    }
    while (end < limit && s.charAt(end) == '=') {
      end++;
    }
    return end;
  }

  /** A bearer token in prose: 16+ characters with a digit, or with upper and lower case mixed as no phrase is. */
  static boolean looksRandom(String s, int start, int end) {
    if (end - start < 16) {
      return false;
    }
    int digits = 0;
    int upper = 0;
    int lower = 0;
    int caseChanges = 0;
    boolean prevUpper = false;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (Chars.isDigit(c)) {
        digits++;
      } else if (Chars.isUpper(c)) {
        upper++;
        if (i > start && !prevUpper) {
          caseChanges++;
        }
        prevUpper = true;
        continue;
      } else if (c >= 'a' && c <= 'z') {
        lower++;
      }
      prevUpper = false;
    }
    if (digits > 0 && upper + lower > 0) {
      return true;
    }
    int letters = upper + lower;
    // camelCase phrases have an upper-case letter per word (~1 in 7); random tokens ~1 in 2
    return letters >= 16 && upper * 4 >= letters && lower * 4 >= letters && caseChanges >= 4;
  }

  private static boolean decodesToUserPassword(String s, int start, int end) {
    if (end - start < 4) {
      return false;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(s.substring(start, end)), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return false;
      }
      for (int i = 0; i < decoded.length(); i++) {
        if (Character.isISOControl(decoded.charAt(i)) || decoded.charAt(i) == '\uFFFD') {
          return false;
        }
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
