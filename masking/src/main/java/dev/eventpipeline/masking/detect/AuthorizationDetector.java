package dev.eventpipeline.masking.detect;

import dev.eventpipeline.masking.DetectorType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * Credentials of the HTTP Bearer and Basic schemes wherever they appear ("Authorization: Bearer
 * ...", "curl -H 'authorization: basic ...'", "using bearer ..."). Only the credential is reported,
 * the scheme word stays. A Bearer token is at least 16 token68 characters with a digit (not "Bearer
 * token required"); a Basic credential must decode to "user:password" (not "basic auth").
 */
public final class AuthorizationDetector implements Detector {
  private static final CaseTrigger BEARER = new CaseTrigger("bearer");
  private static final CaseTrigger BASIC = new CaseTrigger("basic");

  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.AUTHORIZATION);
  }

  @Override
  public void scan(String s, Findings out) {
    scanScheme(s, out, BEARER, true);
    scanScheme(s, out, BASIC, false);
  }

  private static void scanScheme(String s, Findings out, CaseTrigger trigger, boolean bearer) {
    int k = trigger.next(s, 0);
    while (k >= 0) {
      int next = k + trigger.length();
      if (!Chars.alnumAt(s, k - 1)) {
        int end = credentialEnd(s, next, bearer);
        if (end > 0) {
          int start = skipSpaces(s, next);
          out.add(DetectorType.AUTHORIZATION, start, end);
          next = end;
        }
      }
      k = trigger.next(s, next);
    }
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** End of the credential after the scheme word ending at {@code i}, or -1. */
  static int credentialEnd(String s, int i, boolean bearer) {
    int n = s.length();
    if (i >= n || (s.charAt(i) != ' ' && s.charAt(i) != '\t')) {
      return -1;
    }
    int start = skipSpaces(s, i);
    int end = start;
    boolean digit = false;
    while (end < n) {
      char c = s.charAt(end);
      if (Chars.is(c, Chars.B64URL) || c == '.' || c == '~' || c == '+' || c == '/') {
        digit |= Chars.isDigit(c);
        end++;
      } else {
        break;
      }
    }
    while (end < n && s.charAt(end) == '=') {
      end++;
    }
    int len = end - start;
    if (bearer) {
      return len >= 16 && digit ? end : -1;
    }
    return len >= 4 && decodesToUserPassword(s.substring(start, end)) ? end : -1;
  }

  private static boolean decodesToUserPassword(String token) {
    try {
      String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
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
