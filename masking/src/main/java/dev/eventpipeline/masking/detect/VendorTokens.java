package dev.eventpipeline.masking.detect;

/**
 * Vendor API tokens by published prefix, length, charset (and checksum). Hand-written, no regular
 * expressions, no allocation: {@link #canStart} is a table lookup and {@link #match} rejects most
 * words on their second or third character.
 *
 * <table>
 *   <caption>Formats</caption>
 *   <tr><th>vendor</th><th>prefix</th><th>after the prefix</th><th>checksum</th></tr>
 *   <tr><td>GitHub</td><td>{@code ghp_ gho_ ghu_ ghs_ ghr_}</td><td>exactly 36 base62; {@code ghr_}
 *       also exactly 76 (the refresh token of GitHub's documentation)</td><td>last 6 = base62
 *       CRC32 of the 30 before</td></tr>
 *   <tr><td>GitHub fine-grained</td><td>{@code github_pat_}</td><td>exactly 82 of
 *       {@code [A-Za-z0-9_]} (issued as 22 + {@code _} + 59)</td><td>none published</td></tr>
 *   <tr><td>npm</td><td>{@code npm_}</td><td>exactly 36 base62</td><td>as GitHub's</td></tr>
 *   <tr><td>GitLab</td><td>{@code glpat- gldt- glrt- glft- glsoat- glffct-} (20), {@code glimt-}
 *       (25), {@code glagent-} (50), {@code gloas-} (64) of {@code [A-Za-z0-9_-]};
 *       {@code glptt-} 40 hex</td><td>exactly that length; or a routable token: 27-300
 *       base64url, {@code .}, optional 2-digit version and {@code .}, 2 base36 digits (the
 *       base64 length), 7 base36 digits</td><td>routable: CRC32 of everything before it, base36</td></tr>
 *   <tr><td>Slack</td><td>{@code xoxb- xoxp- xoxa- xoxr- xoxs- xoxo- xoxe- xoxc- xapp-
 *       xoxe.xoxb- xoxe.xoxp-}</td><td>a digit, then {@code [A-Za-z0-9-]} with a {@code -}
 *       inside, 20 or more in all (Slack publishes no length)</td><td>-</td></tr>
 *   <tr><td>Slack webhook</td><td>the path after {@code hooks.slack.com/services/}
 *       ({@code workflows/}, {@code triggers/}; also with JSON's escaped {@code \/}), from its
 *       {@code T}</td><td>base62 segments, 2 or more {@code /}, the last segment 16 or more</td>
 *       <td>-</td></tr>
 *   <tr><td>Stripe</td><td>{@code sk_live_ sk_test_ rk_live_ rk_test_}</td><td>10 or more
 *       base62 (Stripe: 10 to 128)</td><td>-</td></tr>
 *   <tr><td>Stripe and Svix webhooks</td><td>{@code whsec_}</td><td>24 to 256 of
 *       {@code [A-Za-z0-9+/]}, then {@code =} padding</td><td>-</td></tr>
 *   <tr><td>Google API key</td><td>{@code AIza}</td><td>exactly 35 of {@code [A-Za-z0-9_-]}</td>
 *       <td>-</td></tr>
 *   <tr><td>PyPI</td><td>{@code pypi-AgEIcHlwaS5vcmc} (macaroon for pypi.org),
 *       {@code pypi-AgENdGVzdC5weXBpLm9yZw} (test.pypi.org)</td><td>50 or more base64url</td>
 *       <td>-</td></tr>
 *   <tr><td>SendGrid</td><td>{@code SG.}</td><td>22 base64url, {@code .}, 43 base64url (69 in
 *       all)</td><td>-</td></tr>
 *   <tr><td>Shopify</td><td>{@code shpat_ shpss_ shpca_ shppa_}</td><td>exactly 32 hex</td>
 *       <td>-</td></tr>
 *   <tr><td>DigitalOcean</td><td>{@code dop_v1_ doo_v1_ dor_v1_}</td><td>exactly 64 hex</td>
 *       <td>-</td></tr>
 *   <tr><td>Hugging Face</td><td>{@code hf_}</td><td>exactly 34 base62</td><td>-</td></tr>
 *   <tr><td>OpenAI</td><td>{@code sk-proj- sk-svcacct- sk-admin-}; {@code sk-}</td><td>40 or
 *       more base64url; legacy: exactly 48 base62 with {@code T3BlbkFJ} (base64 of "OpenAI") at
 *       20</td><td>-</td></tr>
 *   <tr><td>Anthropic</td><td>{@code sk-ant-} + kind and version ({@code api03-},
 *       {@code admin01-}, {@code oat01-} ...)</td><td>40 or more base64url</td><td>-</td></tr>
 *   <tr><td>HashiCorp Vault</td><td>{@code hvs. hvb. hvr.}</td><td>24 or more base64url
 *       (root tokens: 24 base62; others 91 or more), optional {@code .} + 5 namespace
 *       characters</td><td>-</td></tr>
 * </table>
 *
 * <p><b>Boundaries.</b> A token starts at a word start (the character before it is not a letter or
 * digit). A fixed-length token must not be glued to more token characters: {@code ghp_} + 37
 * base62 is not a 36-character token, and neither is one followed by {@code _}. A variable-length
 * token runs to the end of its charset; where the charset is narrow (Stripe, OpenAI legacy,
 * {@code whsec_}, Hugging Face) a following {@code _} rejects it too ({@code sk_test_environment_name}
 * is an identifier).
 *
 * <p><b>How the checksum is used.</b> Nothing may leave unmasked, so a checksum never rejects a
 * token: a GitHub-, npm- or routable-GitLab-shaped token whose checksum fails (a test token, a
 * revoked one, a documentation example, a hand-typed one) is still found when its prefix, exact
 * length and charset match and it is bounded. The checksum only <em>adds</em>: a token whose
 * checksum holds is found at its exact length even when more token characters are glued after it
 * ({@code ghp_<36>Xyz}, a GitLab routable token followed by text), because the 32-bit checksum
 * proves where it ends (a random run passes with probability 2<sup>-32</sup>).
 */
public final class VendorTokens {
  private static final int BASE62 = 1; // A-Z a-z 0-9
  private static final int B64URL = 2; // A-Z a-z 0-9 - _
  private static final int HEX = 4; // 0-9 a-f A-F
  private static final int BASE36 = 8; // 0-9 a-z (lower case, as Ruby's to_s(36) writes it)
  private static final int SLACK = 16; // A-Z a-z 0-9 -
  private static final int B64 = 32; // A-Z a-z 0-9 + /
  private static final int WORD = 64; // A-Z a-z 0-9 _

  private static final int[] CLASS = new int[128];
  private static final boolean[] START = new boolean[128];
  private static final int[] CRC_TABLE = new int[256];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASS[c] = BASE62 | B64URL | HEX | BASE36 | SLACK | B64 | WORD;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      CLASS[c] = BASE62 | B64URL | SLACK | B64 | WORD | (c <= 'F' ? HEX : 0);
    }
    for (char c = 'a'; c <= 'z'; c++) {
      CLASS[c] = BASE62 | B64URL | BASE36 | SLACK | B64 | WORD | (c <= 'f' ? HEX : 0);
    }
    CLASS['-'] = B64URL | SLACK;
    CLASS['_'] = B64URL | WORD;
    CLASS['+'] = B64;
    CLASS['/'] = B64;
    for (char c : "gxsrwAnpdhST".toCharArray()) {
      START[c] = true;
    }
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      CRC_TABLE[n] = c;
    }
  }

  private static final String[] SLACK_WEBHOOK_PATHS = {
    "hooks.slack.com/services/", "hooks.slack.com/workflows/", "hooks.slack.com/triggers/",
    "hooks.slack.com\\/services\\/", "hooks.slack.com\\/workflows\\/", "hooks.slack.com\\/triggers\\/"
  };

  private VendorTokens() {}

  /** Whether a token can start with this character (cheap pre-filter at word starts). */
  public static boolean canStart(char c) {
    return c < 128 && START[c];
  }

  /**
   * End of a vendor token starting at {@code i} (a word start: i == 0 or s.charAt(i-1) not a
   * letter/digit), or -1.
   */
  public static int match(String s, int i) {
    if (i < 0 || i + 8 > s.length() || (i > 0 && Chars.isAlnum(s.charAt(i - 1)))) {
      return -1; // the shortest match is longer than 8 characters
    }
    switch (s.charAt(i)) {
      case 'g':
        return github(s, i);
      case 'x':
        return slack(s, i);
      case 's':
        return startsWithS(s, i);
      case 'r':
        return s.startsWith("rk_", i) ? stripe(s, i) : -1;
      case 'w':
        return s.startsWith("whsec_", i) ? webhookSecret(s, i + 6) : -1;
      case 'A':
        return s.startsWith("AIza", i) ? fixed(s, i + 4, 35, B64URL) : -1;
      case 'n':
        return s.startsWith("npm_", i) ? crcToken(s, i + 4, false) : -1;
      case 'p':
        return pypi(s, i);
      case 'd':
        return digitalOcean(s, i);
      case 'h':
        return startsWithH(s, i);
      case 'S':
        return s.startsWith("SG.", i) ? sendGrid(s, i + 3) : -1;
      case 'T':
        return slackWebhookPath(s, i);
      default:
        return -1;
    }
  }

  // ---------------------------------------------------------------- GitHub, npm, GitLab

  private static int github(String s, int i) {
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
      return gitlab(s, i);
    }
    return -1;
  }

  /**
   * GitHub's and npm's format: 30 base62 characters and their CRC32 in 6 base62 digits. A token of
   * exactly 36 is found whatever its checksum; one with more base62 glued after it only when the
   * checksum of its first 36 holds. {@code refresh76}: GitHub's documented refresh token has 76.
   */
  private static int crcToken(String s, int body, boolean refresh76) {
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
      if (len != GITLAB_LENGTHS[p] || !bounded(s, e, B64URL)) {
        return -1;
      }
      if (prefix.equals("glptt-") && span(s, body, e, HEX) != e) {
        return -1;
      }
      return e;
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

  // ---------------------------------------------------------------- Slack

  private static int slack(String s, int i) {
    int body;
    if (s.startsWith("xox", i)) {
      char kind = s.charAt(i + 3);
      if (kind == 'e' && s.startsWith("xoxe.xox", i) && i + 10 < s.length()
          && (s.charAt(i + 8) == 'b' || s.charAt(i + 8) == 'p') && s.charAt(i + 9) == '-') {
        body = i + 10; // configuration token
      } else if (s.charAt(i + 4) == '-' && "bparsoec".indexOf(kind) >= 0) {
        body = i + 5;
      } else {
        return -1;
      }
    } else if (s.startsWith("xapp-", i)) {
      body = i + 5;
    } else {
      return -1;
    }
    if (!Chars.digitAt(s, body)) {
      return -1; // every issued shape starts with a team id or a version number
    }
    int e = span(s, body, s.length(), SLACK);
    while (s.charAt(e - 1) == '-') {
      e--;
    }
    int dashes = 0;
    for (int k = body + 1; k < e; k++) {
      if (s.charAt(k) == '-') {
        dashes++;
      }
    }
    return e - body >= 20 && dashes > 0 ? e : -1;
  }

  /**
   * The secret path of an incoming-webhook URL, from its team id (the host stays visible). Also in
   * JSON text that escapes its slashes ({@code hooks.slack.com\/services\/T...}).
   */
  private static int slackWebhookPath(String s, int i) {
    if (i < 25 || s.charAt(i - 1) != '/') {
      return -1;
    }
    boolean known = false;
    for (String path : SLACK_WEBHOOK_PATHS) {
      if (s.startsWith(path, i - path.length())) {
        known = true;
        break;
      }
    }
    if (!known) {
      return -1;
    }
    int n = s.length();
    int k = i;
    int end = i;
    while (k < n) {
      char c = s.charAt(k);
      if (is(c, BASE62)) {
        end = ++k;
      } else if (c == '/') {
        k++;
      } else if (c == '\\' && k + 1 < n && s.charAt(k + 1) == '/') {
        k += 2;
      } else {
        break;
      }
    }
    int slashes = 0;
    int lastSegment = i;
    for (k = i; k < end; k++) {
      if (s.charAt(k) == '/') {
        slashes++;
        lastSegment = k + 1;
      }
    }
    return slashes >= 2 && end - lastSegment >= 16 ? end : -1;
  }

  // ---------------------------------------------------------------- s: Stripe, OpenAI, Anthropic, Shopify

  private static int startsWithS(String s, int i) {
    char c1 = s.charAt(i + 1);
    if (c1 == 'k') {
      char c2 = s.charAt(i + 2);
      if (c2 == '_') {
        return stripe(s, i);
      }
      if (c2 == '-') {
        return openAiOrAnthropic(s, i);
      }
      return -1;
    }
    if (c1 == 'h' && s.startsWith("shp", i) && s.charAt(i + 5) == '_') {
      if (s.startsWith("at", i + 3) || s.startsWith("ss", i + 3) || s.startsWith("ca", i + 3)
          || s.startsWith("pa", i + 3)) {
        return fixed(s, i + 6, 32, HEX);
      }
    }
    return -1;
  }

  /** {@code sk_live_ sk_test_ rk_live_ rk_test_} (s.charAt(i + 1) is 'k' for rk_ too). */
  private static int stripe(String s, int i) {
    if (!(s.startsWith("live_", i + 3) || s.startsWith("test_", i + 3))) {
      return -1;
    }
    int body = i + 8;
    int e = span(s, body, s.length(), BASE62);
    return e - body >= 10 && bounded(s, e, WORD) ? e : -1;
  }

  private static int webhookSecret(String s, int body) {
    // capped: '/' makes word starts inside a run, and a failed candidate must not be rescanned long
    int e = span(s, body, body + 257, B64);
    if (e - body < 24 || e - body > 256) {
      return -1;
    }
    for (int pad = 0; pad < 2 && e < s.length() && s.charAt(e) == '='; pad++) {
      e++;
    }
    return bounded(s, e, WORD) ? e : -1;
  }

  private static int openAiOrAnthropic(String s, int i) {
    int body;
    if (s.startsWith("sk-ant-", i)) {
      // kind and version: api03-, admin01-, oat01-, ort01-
      int k = i + 7;
      int letters = span(s, k, k + 9, BASE36) - k;
      if (letters < 4 || Chars.at(s, k + letters) != '-' || !Chars.digitAt(s, k + letters - 1)
          || !Chars.digitAt(s, k + letters - 2)) {
        return -1;
      }
      body = k + letters + 1;
    } else if (s.startsWith("sk-proj-", i)) {
      body = i + 8;
    } else if (s.startsWith("sk-svcacct-", i)) {
      body = i + 11;
    } else if (s.startsWith("sk-admin-", i)) {
      body = i + 9;
    } else {
      // legacy OpenAI key: 20 base62, "T3BlbkFJ", 20 base62
      int end = fixed(s, i + 3, 48, BASE62);
      return end > 0 && s.startsWith("T3BlbkFJ", i + 23) ? end : -1;
    }
    int e = span(s, body, s.length(), B64URL);
    return e - body >= 40 ? e : -1;
  }

  // ---------------------------------------------------------------- the rest

  private static int pypi(String s, int i) {
    int body;
    if (s.startsWith("pypi-AgEIcHlwaS5vcmc", i)) {
      body = i + 20;
    } else if (s.startsWith("pypi-AgENdGVzdC5weXBpLm9yZw", i)) {
      body = i + 27;
    } else {
      return -1;
    }
    int e = span(s, body, s.length(), B64URL);
    return e - body >= 50 ? e : -1;
  }

  private static int digitalOcean(String s, int i) {
    if (s.charAt(i + 1) != 'o' || !s.startsWith("_v1_", i + 3) || "por".indexOf(s.charAt(i + 2)) < 0) {
      return -1;
    }
    return fixed(s, i + 7, 64, HEX);
  }

  private static int startsWithH(String s, int i) {
    char c1 = s.charAt(i + 1);
    if (c1 == 'f') {
      return s.charAt(i + 2) == '_' ? fixed(s, i + 3, 34, BASE62) : -1;
    }
    if (c1 == 'v' && s.charAt(i + 3) == '.' && "sbr".indexOf(s.charAt(i + 2)) >= 0) {
      int body = i + 4;
      int e = span(s, body, s.length(), B64URL);
      if (e - body < 24) {
        return -1;
      }
      // an Enterprise namespace: '.' and 5 base62
      if (e + 6 <= s.length() && s.charAt(e) == '.' && span(s, e + 1, e + 7, BASE62) == e + 6) {
        e += 6;
      }
      return e;
    }
    return -1;
  }

  private static int sendGrid(String s, int body) {
    int e1 = span(s, body, body + 23, B64URL);
    if (e1 - body != 22 || e1 >= s.length() || s.charAt(e1) != '.') {
      return -1;
    }
    return fixed(s, e1 + 1, 43, B64URL);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * End of exactly {@code len} characters of {@code cls} at {@code body}, not followed by another
   * letter, digit, '_' or character of {@code cls}; or -1.
   */
  private static int fixed(String s, int body, int len, int cls) {
    int end = body + len;
    if (end > s.length() || span(s, body, end, cls) != end || !bounded(s, end, cls | WORD)) {
      return -1;
    }
    return end;
  }

  /** Whether nothing of {@code cls} (nor a letter or digit of any script) is glued at {@code end}. */
  private static boolean bounded(String s, int end, int cls) {
    if (end >= s.length()) {
      return true;
    }
    char c = s.charAt(end);
    return !(is(c, cls) || Chars.isAlnum(c));
  }

  /** End of the run of {@code cls} characters from {@code from}, looking no further than {@code limit}. */
  private static int span(String s, int from, int limit, int cls) {
    int end = Math.min(limit, s.length());
    int k = from;
    while (k < end && is(s.charAt(k), cls)) {
      k++;
    }
    return k;
  }

  private static boolean is(char c, int cls) {
    return c < 128 && (CLASS[c] & cls) != 0;
  }

  private static int base62Digit(char c) {
    return c <= '9' ? c - '0' : c <= 'Z' ? c - 'A' + 10 : c - 'a' + 36;
  }

  private static long base36(String s, int from, int to) {
    long v = 0;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      v = v * 36 + (c <= '9' ? c - '0' : c - 'a' + 10);
    }
    return v;
  }

  /** CRC-32 (IEEE 802.3, as zlib and java.util.zip.CRC32) of the chars [from, to) taken as bytes (ASCII). */
  static int crc32(CharSequence s, int from, int to) {
    int crc = 0xFFFFFFFF;
    for (int k = from; k < to; k++) {
      crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ s.charAt(k)) & 0xFF];
    }
    return ~crc;
  }
}
