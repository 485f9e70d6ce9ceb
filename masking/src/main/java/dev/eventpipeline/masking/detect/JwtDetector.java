package dev.eventpipeline.masking.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipeline.settings.DetectorType;
import java.util.Base64;
import java.util.Set;

/**
 * JSON Web Tokens: three base64url parts separated by dots, triggered by "eyJ" (the encoding of
 * '{"'), whose header decodes to a JSON object with "alg" and whose payload decodes to a JSON
 * object (claims). Five-part JWE tokens and JWS with a non-JSON payload are not JWTs.
 */
public final class JwtDetector implements Detector {
  private static final ObjectMapper JSON = new ObjectMapper();
  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.JWT);
  }

  @Override
  public void scan(String s, Findings out) {
    // found by its 'J' (rare in logs; a search for "eyJ" stops at every 'e')
    int j = s.indexOf('J', 2);
    while (j >= 0) {
      int p = j - 2;
      int next = j + 1;
      if (s.charAt(p) == 'e' && s.charAt(p + 1) == 'y') {
        int end = match(s, p);
        if (end > 0) {
          out.add(DetectorType.JWT, p, end);
          next = end;
        }
      }
      j = next + 2 < s.length() ? s.indexOf('J', Math.max(next, 2)) : -1;
    }
  }

  /** End of a JWT starting at {@code p}, or -1. */
  static int match(String s, int p) {
    int n = s.length();
    if (p > 0 && Chars.is(s.charAt(p - 1), Chars.B64URL)) {
      return -1;
    }
    int e1 = b64urlRun(s, p);
    if (e1 - p < 10 || e1 >= n || s.charAt(e1) != '.' || !s.startsWith("eyJ", e1 + 1)) {
      return -1;
    }
    int e2 = b64urlRun(s, e1 + 1);
    if (e2 >= n || s.charAt(e2) != '.') {
      return -1;
    }
    int e3 = b64urlRun(s, e2 + 1);
    if (e3 < n && s.charAt(e3) == '.' && e3 + 1 < n && Chars.is(s.charAt(e3 + 1), Chars.B64URL)) {
      return -1; // more than three parts: JWE, not a JWT
    }
    JsonNode header = decodeJson(s, p, e1);
    if (header == null || !header.isObject() || !header.has("alg")) {
      return -1;
    }
    JsonNode payload = decodeJson(s, e1 + 1, e2);
    if (payload == null || !payload.isObject()) {
      return -1;
    }
    return e3;
  }

  private static int b64urlRun(String s, int i) {
    int n = s.length();
    while (i < n && Chars.is(s.charAt(i), Chars.B64URL)) {
      i++;
    }
    return i;
  }

  private static JsonNode decodeJson(String s, int from, int to) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(s.substring(from, to));
      return JSON.readTree(bytes);
    } catch (IllegalArgumentException | java.io.IOException e) {
      return null;
    }
  }
}
