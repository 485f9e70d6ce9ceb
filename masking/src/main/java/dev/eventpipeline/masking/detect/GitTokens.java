package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.masking.detect.TokenChars.B64URL;
import static dev.eventpipeline.masking.detect.TokenChars.BASE36;
import static dev.eventpipeline.masking.detect.TokenChars.BASE62;
import static dev.eventpipeline.masking.detect.TokenChars.HEX;
import static dev.eventpipeline.masking.detect.TokenChars.WORD;
import static dev.eventpipeline.masking.detect.TokenChars.base36;
import static dev.eventpipeline.masking.detect.TokenChars.base62Digit;
import static dev.eventpipeline.masking.detect.TokenChars.bounded;
import static dev.eventpipeline.masking.detect.TokenChars.crc32;
import static dev.eventpipeline.masking.detect.TokenChars.fixed;
import static dev.eventpipeline.masking.detect.TokenChars.is;
import static dev.eventpipeline.masking.detect.TokenChars.paddedBase64;
import static dev.eventpipeline.masking.detect.TokenChars.span;

/**
 * Tokens of code hosts and developer tools, for {@link VendorTokens}: GitHub ({@code gh*_},
 * {@code github_pat_}), npm (GitHub's format), GitLab (fixed and routable), Grafana, Atlassian and
 * Bitbucket; most carry a CRC-32 that proves where they end.
 */
final class GitTokens {
  private GitTokens() {}

  static int github(String s, int i) {
    char c1 = s.charAt(i + 1);
    if (c1 == 'h') {
      char kind = s.charAt(i + 2);
      if (s.charAt(i + 3) != '_' || "pousr".indexOf(kind) < 0) {
        return -1;
      }
      return crcToken(s, i + 4, kind == 'r');
    }
    if (c1 == 'i') {
      return s.startsWith("github_pat_", i) ? fixed(s, i + 11, 82, WORD) : -1;
    }
    if (c1 == 'l') {
      if (s.startsWith("glc_", i)) {
        return paddedBase64(s, i + 4, 32, 400, 2); // Grafana Cloud
      }
      if (s.startsWith("glsa_", i)) {
        int sep = i + 5 + 32; // Grafana service account: 32 base62, '_', 8 hex
        return span(s, i + 5, sep, BASE62) == sep && Chars.at(s, sep) == '_' ? fixed(s, sep + 1, 8, HEX) : -1;
      }
      return gitlab(s, i);
    }
    return -1;
  }

  /**
   * GitHub's and npm's format: 30 base62 characters and their CRC32 in 6 base62 digits. A token of
   * exactly 36 is found whatever its checksum; one with more base62 glued after it only when the
   * checksum of its first 36 holds. {@code refresh76}: GitHub's documented refresh token has 76.
   */
  static int crcToken(String s, int body, boolean refresh76) {
    int e = span(s, body, body + 77, BASE62);
    int len = e - body;
    if (len < 36) {
      return -1;
    }
    if ((len == 36 || (refresh76 && len == 76)) && bounded(s, e, WORD)) {
      return e;
    }
    return githubChecksum(s, body) ? body + 36 : -1;
  }

  /** Whether the 6 base62 digits at {@code body + 30} are the CRC32 of the 30 before them. */
  static boolean githubChecksum(String s, int body) {
    long expected = 0;
    for (int k = body + 30; k < body + 36; k++) {
      expected = expected * 62 + base62Digit(s.charAt(k));
    }
    return expected == (crc32(s, body, body + 30) & 0xFFFFFFFFL);
  }

  private static final String[] GITLAB_PREFIXES = {
    "glpat-", "gldt-", "glrt-", "glft-", "glsoat-", "glffct-", "glimt-", "glagent-", "gloas-", "glptt-"
  };
  private static final int[] GITLAB_LENGTHS = {20, 20, 20, 20, 20, 20, 25, 50, 64, 40};

  private static int gitlab(String s, int i) {
    for (int p = 0; p < GITLAB_PREFIXES.length; p++) {
      String prefix = GITLAB_PREFIXES[p];
      if (!s.startsWith(prefix, i)) {
        continue;
      }
      int body = i + prefix.length();
      int e = span(s, body, body + 301, B64URL);
      int len = e - body;
      if (len >= 27 && len <= 300 && e < s.length() && s.charAt(e) == '.') {
        int end = gitlabRoutableTail(s, i, e);
        if (end > 0) {
          return end;
        }
      }
      if (!bounded(s, e, B64URL)) {
        return -1;
      }
      if (prefix.equals("glptt-")) {
        // trigger tokens: 40 hex before GitLab 16, then the 20-character form of the other tokens
        return len == 40 && span(s, body, e, HEX) == e || len == 20 ? e : -1;
      }
      return len == GITLAB_LENGTHS[p] ? e : -1;
    }
    return -1;
  }

  /**
   * A routable token's tail after its base64 part ({@code dot} is the '.'): an optional
   * version "01.", the base64 length in 2 base36 digits and the CRC32 of everything before the
   * CRC in 7 base36 digits. Found when its shape is bounded; when the CRC holds, even glued.
   */
  private static int gitlabRoutableTail(String s, int start, int dot) {
    int p = dot + 1;
    if (span(s, p, p + 3, BASE36) == p + 2 && p + 2 < s.length() && s.charAt(p + 2) == '.') {
      p += 3;
    }
    int end = p + 9;
    if (span(s, p, end, BASE36) != end) {
      return -1;
    }
    if (base36(s, p + 2, end) == (crc32(s, start, p + 2) & 0xFFFFFFFFL)) {
      return end;
    }
    return bounded(s, end, B64URL) ? end : -1;
  }

  /**
   * Atlassian API token ({@code ATATT3}) or Bitbucket access token ({@code ATCTT3}): base64url,
   * '=', and 8 hex digits, the CRC32 of everything before them. Found when bounded whatever the
   * CRC; glued to more characters only when the CRC holds.
   */
  static int atlassian(String s, int i) {
    int body = i + 6;
    int e = span(s, body, body + 401, B64URL); // capped: '-' and '_' make word starts inside a run
    if (e - body < 20 || e - body > 400 || Chars.at(s, e) != '=') {
      return -1;
    }
    int end = e + 9;
    if (span(s, e + 1, end, HEX) != end) {
      return -1;
    }
    if (bounded(s, end, B64URL)) {
      return end;
    }
    return atlassianChecksum(s, i, e) ? end : -1;
  }

  /** Whether the 8 hex digits after the '=' at {@code eq} are the CRC32 of [start, eq]. */
  static boolean atlassianChecksum(String s, int start, int eq) {
    long expected = 0;
    for (int k = eq + 1; k < eq + 9; k++) {
      char c = s.charAt(k);
      expected = expected << 4 | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return expected == (crc32(s, start, eq + 1) & 0xFFFFFFFFL);
  }
}
