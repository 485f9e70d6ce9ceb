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
 *       {@code glptt-} 40 hex (or 20 like the others)</td><td>exactly that length; or a routable token: 27-300
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
 * <p>Added from the evaluation corpus and other widely used formats (source: the vendor's
 * documentation where it publishes the format, otherwise the gitleaks rule named, or another
 * scanner's rule and the vendor's examples):
 *
 * <table>
 *   <caption>More formats</caption>
 *   <tr><th>vendor</th><th>prefix</th><th>after the prefix</th><th>checksum</th><th>source</th></tr>
 *   <tr><td>age</td><td>{@code AGE-SECRET-KEY-1}</td><td>exactly 58 upper-case bech32 (74 in
 *       all)</td><td>bech32 (BIP-173) over "age-secret-key-"</td><td>age spec (bech32 of 32
 *       bytes); gitleaks {@code age-secret-key}; vector: FiloSottile/age
 *       {@code testdata/example_keys.txt}</td></tr>
 *   <tr><td>Linear</td><td>{@code lin_api_}</td><td>exactly 40 base62</td><td>-</td><td>gitleaks
 *       {@code linear-api-key}</td></tr>
 *   <tr><td>Doppler</td><td>{@code dp.pt. dp.st. dp.ct. dp.sa. dp.said. dp.scim. dp.audit.}</td>
 *       <td>40 to 44 base62; {@code dp.st.} optionally a config name first (2 to 35 of
 *       {@code [a-z0-9_-]} and {@code .})</td><td>-</td><td>docs.doppler.com "Auth Token
 *       Formats"</td></tr>
 *   <tr><td>Databricks</td><td>{@code dapi}</td><td>exactly 32 hex, optionally {@code -} and one
 *       digit</td><td>-</td><td>gitleaks {@code databricks-api-token}</td></tr>
 *   <tr><td>Postman</td><td>{@code PMAK-}</td><td>24 hex, {@code -}, 34 hex (64 in all)</td>
 *       <td>-</td><td>gitleaks {@code postman-api-token}</td></tr>
 *   <tr><td>Grafana</td><td>{@code glc_}; {@code glsa_}</td><td>32 to 400 base64 (base64 JSON),
 *       up to 2 {@code =}; service account: 32 base62, {@code _}, 8 hex</td><td>-</td><td>gitleaks
 *       {@code grafana-cloud-api-token}, {@code grafana-service-account-token}</td></tr>
 *   <tr><td>Square</td><td>{@code sq0atp-}; {@code sq0csp-}; {@code EAAA}</td><td>exactly 22;
 *       43; 60 of {@code [A-Za-z0-9_-]} (access tokens are 64 in all)</td><td>-</td><td>gitleaks
 *       {@code square-access-token}, {@code square-secret}; Square API reference (OAuth access
 *       tokens are 64 characters)</td></tr>
 *   <tr><td>Atlassian; Bitbucket</td><td>{@code ATATT3} (API tokens), {@code ATCTT3}
 *       (workspace, project, repository access tokens); {@code ATBB} (app passwords)</td><td>20 to
 *       400 base64url, {@code =}, 8 hex; {@code ATBB}: exactly 32 base62</td><td>the 8 hex digits
 *       are the CRC32 of everything before them</td><td>gitleaks {@code atlassian-api-token} and its
 *       example (the CRC holds on it); Atlassian community answer on Bitbucket's prefixes; Nosey
 *       Parker {@code np.bitbucket.1}</td></tr>
 *   <tr><td>Docker Hub</td><td>{@code dckr_pat_}</td><td>exactly 27 base64url</td><td>-</td>
 *       <td>SonarSource secrets rule {@code docker-hub-personal-access-token}</td></tr>
 *   <tr><td>Pulumi</td><td>{@code pul-}</td><td>exactly 40 hex</td><td>-</td><td>gitleaks
 *       {@code pulumi-api-token}</td></tr>
 *   <tr><td>Figma</td><td>{@code figd_}</td><td>exactly 40 base64url</td><td>-</td><td>SonarSource
 *       rule {@code figma-personal-access-token}</td></tr>
 *   <tr><td>Notion</td><td>{@code ntn_}; {@code secret_} (legacy)</td><td>11 digits and 35 base62;
 *       exactly 43 base62</td><td>-</td><td>gitleaks {@code notion-api-token}</td></tr>
 *   <tr><td>Airtable</td><td>{@code pat}</td><td>14 base62, {@code .}, 64 hex</td><td>-</td>
 *       <td>gitleaks {@code airtable-personnal-access-token}</td></tr>
 *   <tr><td>Supabase</td><td>{@code sbp_}</td><td>exactly 40 hex</td><td>-</td><td>Supabase CLI
 *       access tokens; other scanners' rules</td></tr>
 *   <tr><td>Fly.io</td><td>{@code fo1_}; {@code fm2_ fm1a_ fm1r_}</td><td>exactly 43
 *       base64url; 100 to 4096 base64, up to 2 {@code =} (each macaroon of a comma-separated
 *       {@code FlyV1} chain is found by itself)</td><td>-</td><td>gitleaks
 *       {@code flyio-access-token}</td></tr>
 *   <tr><td>Terraform Cloud</td><td>14 base62, {@code .atlasv1.}</td><td>60 to 70 of
 *       {@code [A-Za-z0-9_=-]}; masked from {@code atlasv1.} on (the 14 characters before it may
 *       start with a digit, where no vendor token is looked for)</td><td>-</td><td>gitleaks
 *       {@code hashicorp-tf-api-token}</td></tr>
 *   <tr><td>New Relic</td><td>{@code NRAK-} (user keys); {@code NRII-} (insert keys)</td>
 *       <td>exactly 27 base62; exactly 32 of {@code [A-Za-z0-9-]}</td><td>-</td><td>gitleaks
 *       {@code new-relic-user-api-key}, {@code new-relic-insert-key}</td></tr>
 *   <tr><td>Sentry</td><td>{@code sntryu_}; {@code sntrys_eyJ}</td><td>exactly 64 hex; 40 to 2000
 *       base64 (JSON claims), up to 2 {@code =}, {@code _}, exactly 43 base64</td><td>-</td>
 *       <td>docs.sentry.io "Token and Credential Formats"; Sentry RFC 0091 via gitleaks
 *       {@code sentry-org-token}</td></tr>
 *   <tr><td>Heroku</td><td>{@code HRKU-AA}</td><td>exactly 58 base64url</td><td>-</td><td>gitleaks
 *       {@code heroku-api-key-v2}</td></tr>
 *   <tr><td>Discord</td><td>(bot tokens) {@code M N O}</td><td>the bot's user id in base64: 23 to
 *       27 characters that decode to 17 to 20 decimal digits; {@code .}, 6 base64url, {@code .},
 *       27 to 64 base64url</td><td>the first part must decode to a decimal id</td><td>Yelp
 *       detect-secrets {@code DiscordBotTokenDetector}; the 38-character HMAC since 2022 from
 *       library issues</td></tr>
 *   <tr><td>Brevo (Sendinblue)</td><td>{@code xkeysib-}; {@code xsmtpsib-}</td><td>64 hex,
 *       {@code -}, 16 base62</td><td>-</td><td>gitleaks {@code sendinblue-api-token}</td></tr>
 *   <tr><td>Mapbox</td><td>{@code sk.eyJ}</td><td>20 to 1000 base64url (JSON payload),
 *       {@code .}, 20 to 128 base64url (signature)</td><td>-</td><td>docs.mapbox.com Tokens API
 *       "Token format" (pk/sk/tk, base64url JSON payload, signature)</td></tr>
 *   <tr><td>Dropbox</td><td>{@code sl.}, {@code sl.u.}</td><td>130 or more of
 *       {@code [A-Za-z0-9_=-]}</td><td>-</td><td>Dropbox forum (staff): short-lived tokens start
 *       with {@code sl.}; gitleaks {@code dropbox-short-lived-api-token} (135)</td></tr>
 *   <tr><td>Alibaba Cloud</td><td>{@code LTAI}</td><td>exactly 20 base62 (AccessKey id)</td>
 *       <td>-</td><td>gitleaks {@code alibaba-access-key-id}</td></tr>
 *   <tr><td>Tencent Cloud</td><td>{@code AKID}</td><td>exactly 32 base62 (SecretId)</td><td>-</td>
 *       <td>scanners' rules (no vendor publication)</td></tr>
 * </table>
 *
 * <p><b>Left out on purpose.</b> Twilio {@code AC}/{@code SK} + 32 hex: Twilio's own documentation
 * calls every 34-character SID (two letters and 32 hex, dozens of prefixes) an identifier; the
 * Account SID is in every API path and the API key's secret and the auth token carry no prefix, so
 * masking SIDs hides ids and protects nothing. Mailgun {@code key-} + 32 hex: a legacy format
 * (current keys have no prefix) whose shape is that of ordinary cache keys ({@code key-<md5>}).
 * Mailchimp ({@code <32 hex>-us<N>}) and Telegram bot tokens ({@code <8-10 digits>:<35>}): they
 * start with a digit, and TokenScanner looks for vendor tokens at letters only. Alibaba's legacy
 * 16-character AccessKey ids, Docker's {@code dckr_oat_}, Supabase's {@code sb_secret_}, Mapbox's
 * {@code tk.} and New Relic's {@code NRJS-} (browser keys, public by design): length unpublished or
 * not a secret.
 *
 * <p><b>Boundaries.</b> A token starts at a word start (the character before it is not a letter or
 * digit). A fixed-length token must not be glued to more token characters: {@code ghp_} + 37
 * base62 is not a 36-character token, and neither is one followed by {@code _}. A variable-length
 * token runs to the end of its charset; where the charset is narrow (Stripe, OpenAI legacy,
 * {@code whsec_}, Hugging Face) a following {@code _} rejects it too ({@code sk_test_environment_name}
 * is an identifier). Ranges have an upper bound where the format has one (Doppler 40-44, a run of
 * 45 is no token). Where a charset makes word starts inside a run ({@code - _ / +}), the run is
 * capped, so a repeated prefix is never rescanned far; Dropbox's is not, as its prefix holds a
 * {@code .}, which its charset lacks: the run of one prefix never holds another. Short prefixes
 * ({@code pat}, {@code dapi},
 * {@code secret_}, {@code sl.}, {@code EAAA}, {@code LTAI}, {@code AKID}) are safe only with their
 * exact structure: {@code path}, {@code pattern} or {@code secret_key_base} fail on the next few
 * characters.
 *
 * <p><b>How the checksum is used.</b> Nothing may leave unmasked, so a checksum never rejects a
 * token: a GitHub-, npm-, routable-GitLab-, age- or Atlassian-shaped token whose checksum fails (a
 * test token, a revoked one, a documentation example, a hand-typed one) is still found when its
 * prefix, exact length and charset match and it is bounded. The checksum only <em>adds</em>: a
 * token whose checksum holds is found at its exact length even when more token characters are
 * glued after it ({@code ghp_<36>Xyz}, a GitLab routable token followed by text), because the
 * 30- or 32-bit checksum proves where it ends (a random run passes with probability
 * 2<sup>-30</sup> or 2<sup>-32</sup>). Discord's first part is different: it is structure, not a
 * checksum (it must decode to a decimal id), and a token whose first part does not is no token.
 */
public final class VendorTokens {
  private static final int BASE62 = 1; // A-Z a-z 0-9
  private static final int B64URL = 2; // A-Z a-z 0-9 - _
  private static final int HEX = 4; // 0-9 a-f A-F
  private static final int BASE36 = 8; // 0-9 a-z (lower case, as Ruby's to_s(36) writes it)
  private static final int SLACK = 16; // A-Z a-z 0-9 -
  private static final int B64 = 32; // A-Z a-z 0-9 + /
  private static final int WORD = 64; // A-Z a-z 0-9 _
  private static final int BECH32_UPPER = 128; // the 32 bech32 characters, upper case (no B I O 1)
  private static final int B64URL_PAD = 256; // A-Z a-z 0-9 - _ =
  private static final int SLUG = 512; // a-z 0-9 - _ (Doppler config names)
  private static final int DIGIT = 1024; // 0-9

  private static final int[] CLASS = new int[128];
  private static final boolean[] START = new boolean[128];
  private static final int[] CRC_TABLE = new int[256];

  /** The first characters of every prefix: what {@link #canStart} answers. */
  static final String START_CHARS = "gxsrwAnpdhSTlfaEPNMOHL";

  private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] BECH32_VALUE = new int[128];
  private static final int[] BECH32_GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  /** The bech32 checksum state after age's human-readable part, "age-secret-key-", expanded. */
  private static final int AGE_HRP_STATE;

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASS[c] = BASE62 | B64URL | HEX | BASE36 | SLACK | B64 | WORD | B64URL_PAD | SLUG | DIGIT;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      CLASS[c] = BASE62 | B64URL | SLACK | B64 | WORD | B64URL_PAD | (c <= 'F' ? HEX : 0);
    }
    for (char c = 'a'; c <= 'z'; c++) {
      CLASS[c] = BASE62 | B64URL | BASE36 | SLACK | B64 | WORD | B64URL_PAD | SLUG | (c <= 'f' ? HEX : 0);
    }
    CLASS['-'] = B64URL | SLACK | B64URL_PAD | SLUG;
    CLASS['_'] = B64URL | WORD | B64URL_PAD | SLUG;
    CLASS['+'] = B64;
    CLASS['/'] = B64;
    CLASS['='] = B64URL_PAD;
    java.util.Arrays.fill(BECH32_VALUE, -1);
    for (int v = 0; v < 32; v++) {
      char upper = Character.toUpperCase(BECH32.charAt(v));
      CLASS[upper] |= BECH32_UPPER;
      BECH32_VALUE[upper] = v;
    }
    for (char c : START_CHARS.toCharArray()) {
      START[c] = true;
    }
    String hrp = "age-secret-key-";
    int state = 1;
    for (int k = 0; k < hrp.length(); k++) {
      state = bech32Step(state, hrp.charAt(k) >> 5);
    }
    state = bech32Step(state, 0);
    for (int k = 0; k < hrp.length(); k++) {
      state = bech32Step(state, hrp.charAt(k) & 31);
    }
    AGE_HRP_STATE = state;
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
        return startsWithX(s, i);
      case 's':
        return startsWithS(s, i);
      case 'r':
        return s.startsWith("rk_", i) ? stripe(s, i) : -1;
      case 'w':
        return s.startsWith("whsec_", i) ? webhookSecret(s, i + 6) : -1;
      case 'A':
        return startsWithUpperA(s, i);
      case 'n':
        return startsWithN(s, i);
      case 'p':
        return startsWithP(s, i);
      case 'd':
        return startsWithD(s, i);
      case 'h':
        return startsWithH(s, i);
      case 'S':
        return s.startsWith("SG.", i) ? sendGrid(s, i + 3) : -1;
      case 'T':
        return slackWebhookPath(s, i);
      case 'l':
        return s.startsWith("lin_api_", i) ? fixed(s, i + 8, 40, BASE62) : -1;
      case 'f':
        return startsWithF(s, i);
      case 'a':
        return terraformCloud(s, i);
      case 'E':
        return s.startsWith("EAAA", i) ? fixed(s, i + 4, 60, B64URL) : -1;
      case 'P':
        return s.startsWith("PMAK-", i) ? hexDashTail(s, i + 5, 24, 34, HEX) : -1;
      case 'N':
        if (s.startsWith("NRAK-", i)) {
          return fixed(s, i + 5, 27, BASE62);
        }
        if (s.startsWith("NRII-", i)) {
          return fixed(s, i + 5, 32, SLACK);
        }
        return discord(s, i);
      case 'M':
      case 'O':
        return discord(s, i);
      case 'H':
        return s.startsWith("HRKU-AA", i) ? fixed(s, i + 7, 58, B64URL) : -1;
      case 'L':
        return s.startsWith("LTAI", i) ? fixed(s, i + 4, 20, BASE62) : -1;
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

  // ---------------------------------------------------------------- x: Slack, Brevo

  private static int startsWithX(String s, int i) {
    if (s.startsWith("xkeysib-", i)) {
      return hexDashTail(s, i + 8, 64, 16, BASE62);
    }
    if (s.startsWith("xsmtpsib-", i)) {
      return hexDashTail(s, i + 9, 64, 16, BASE62);
    }
    return slack(s, i);
  }

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

  // ---------------------------------------------------------------- s: Stripe, OpenAI, Anthropic, Shopify, Square,
  // Supabase, Sentry, Notion, Mapbox, Dropbox

  private static int startsWithS(String s, int i) {
    char c1 = s.charAt(i + 1);
    switch (c1) {
      case 'k': {
        char c2 = s.charAt(i + 2);
        if (c2 == '_') {
          return stripe(s, i);
        }
        if (c2 == '-') {
          return openAiOrAnthropic(s, i);
        }
        return c2 == '.' ? mapbox(s, i) : -1;
      }
      case 'h':
        if (s.startsWith("shp", i) && s.charAt(i + 5) == '_') {
          if (s.startsWith("at", i + 3) || s.startsWith("ss", i + 3) || s.startsWith("ca", i + 3)
              || s.startsWith("pa", i + 3)) {
            return fixed(s, i + 6, 32, HEX);
          }
        }
        return -1;
      case 'q':
        if (s.startsWith("sq0atp-", i)) {
          return fixed(s, i + 7, 22, B64URL);
        }
        return s.startsWith("sq0csp-", i) ? fixed(s, i + 7, 43, B64URL) : -1;
      case 'b':
        return s.startsWith("sbp_", i) ? fixed(s, i + 4, 40, HEX) : -1;
      case 'n':
        if (s.startsWith("sntryu_", i)) {
          return fixed(s, i + 7, 64, HEX);
        }
        return s.startsWith("sntrys_eyJ", i) ? sentryOrgToken(s, i + 10) : -1;
      case 'e':
        return s.startsWith("secret_", i) ? fixed(s, i + 7, 43, BASE62) : -1;
      case 'l':
        return s.charAt(i + 2) == '.' ? dropbox(s, i + 3) : -1;
      default:
        return -1;
    }
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

  /**
   * Mapbox secret token ({@code sk.} at {@code i}): a JWT-like base64url JSON payload, '.', and the
   * signature.
   */
  private static int mapbox(String s, int i) {
    if (!s.startsWith("sk.eyJ", i)) {
      return -1;
    }
    int body = i + 6;
    int e = span(s, body, body + 1001, B64URL);
    if (e - body < 20 || e - body > 1000 || Chars.at(s, e) != '.') {
      return -1;
    }
    int signature = e + 1;
    int end = span(s, signature, signature + 129, B64URL);
    return end - signature >= 20 && end - signature <= 128 && bounded(s, end, WORD) ? end : -1;
  }

  /** Dropbox short-lived token after {@code sl.}: optionally {@code u.}, then 130 or more. */
  private static int dropbox(String s, int body) {
    if (s.startsWith("u.", body)) {
      body += 2;
    }
    // no cap needed: '.' ends the run, so the run of one "sl." never holds another
    int e = span(s, body, s.length(), B64URL_PAD);
    return e - body >= 130 && bounded(s, e, WORD) ? e : -1;
  }

  /** Sentry organization token after {@code sntrys_eyJ}: base64 JSON claims, '_', 43 base64. */
  private static int sentryOrgToken(String s, int body) {
    int e = span(s, body, body + 2001, B64);
    if (e - body < 40 || e - body > 2000) {
      return -1;
    }
    for (int pad = 0; pad < 2 && Chars.at(s, e) == '='; pad++) {
      e++;
    }
    return Chars.at(s, e) == '_' ? fixed(s, e + 1, 43, B64) : -1;
  }

  // ---------------------------------------------------------------- A: Google, age, Atlassian, Bitbucket, Tencent

  private static int startsWithUpperA(String s, int i) {
    switch (s.charAt(i + 1)) {
      case 'I':
        return s.startsWith("AIza", i) ? fixed(s, i + 4, 35, B64URL) : -1;
      case 'G':
        return s.startsWith("AGE-SECRET-KEY-1", i) ? ageSecretKey(s, i + 16) : -1;
      case 'T':
        if (s.startsWith("ATATT3", i) || s.startsWith("ATCTT3", i)) {
          return atlassian(s, i);
        }
        return s.startsWith("ATBB", i) ? fixed(s, i + 4, 32, BASE62) : -1;
      case 'K':
        return s.startsWith("AKID", i) ? fixed(s, i + 4, 32, BASE62) : -1;
      default:
        return -1;
    }
  }

  /**
   * age identity: 58 upper-case bech32 characters (32 key bytes and a 6-character checksum). Found
   * when exactly 58 and bounded whatever the checksum; glued to more characters only when the
   * bech32 checksum of its first 58 holds.
   */
  private static int ageSecretKey(String s, int body) {
    int end = body + 58;
    int e = span(s, body, end + 1, BECH32_UPPER);
    if (e < end) {
      return -1;
    }
    if (e == end && bounded(s, end, WORD)) {
      return end;
    }
    return ageChecksum(s, body) ? end : -1;
  }

  /** Whether the 58 bech32 characters at {@code body} carry a valid checksum for "age-secret-key-". */
  static boolean ageChecksum(String s, int body) {
    int state = AGE_HRP_STATE;
    for (int k = body; k < body + 58; k++) {
      char c = s.charAt(k);
      int v = c < 128 ? BECH32_VALUE[c] : -1;
      if (v < 0) {
        return false;
      }
      state = bech32Step(state, v);
    }
    return state == 1;
  }

  /** One step of BIP-173's checksum (polymod): feeds the 5-bit value {@code v}. */
  private static int bech32Step(int state, int v) {
    int top = state >>> 25;
    int next = (state & 0x1ffffff) << 5 ^ v;
    for (int g = 0; g < 5; g++) {
      if ((top >>> g & 1) != 0) {
        next ^= BECH32_GENERATOR[g];
      }
    }
    return next;
  }

  /**
   * Atlassian API token ({@code ATATT3}) or Bitbucket access token ({@code ATCTT3}): base64url,
   * '=', and 8 hex digits, the CRC32 of everything before them. Found when bounded whatever the
   * CRC; glued to more characters only when the CRC holds.
   */
  private static int atlassian(String s, int i) {
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

  // ---------------------------------------------------------------- N M O: New Relic, Discord

  /**
   * Discord bot token: base64 of the bot's user id (17 to 20 decimal digits, so 23 to 27
   * characters beginning M, N or O), '.', 6 base64url (a timestamp), '.', 27 to 64 base64url (the
   * HMAC: 27 before 2022, 38 since). The first part must decode to the digits.
   */
  private static int discord(String s, int i) {
    int e1 = span(s, i, i + 28, BASE62);
    int idLength = e1 - i;
    if (idLength < 23 || idLength > 27 || idLength % 4 == 1 || Chars.at(s, e1) != '.'
        || !decodesToDecimalId(s, i, e1)) {
      return -1;
    }
    int timestamp = e1 + 1;
    if (span(s, timestamp, timestamp + 6, B64URL) != timestamp + 6 || Chars.at(s, timestamp + 6) != '.') {
      return -1;
    }
    int hmac = timestamp + 7;
    int end = span(s, hmac, hmac + 65, B64URL);
    return end - hmac >= 27 && end - hmac <= 64 && bounded(s, end, WORD) ? end : -1;
  }

  /** Whether base64 [from, to) (letters and digits only) decodes to ASCII digits, the first not 0. */
  private static boolean decodesToDecimalId(String s, int from, int to) {
    int bits = 0;
    int count = 0;
    boolean first = true;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      int v = c >= 'a' ? c - 'a' + 26 : c >= 'A' ? c - 'A' : c - '0' + 52;
      bits = (bits << 6 | v) & 0x3FFF;
      count += 6;
      if (count >= 8) {
        count -= 8;
        int b = bits >>> count & 0xFF;
        if (b > '9' || b < (first ? '1' : '0')) {
          return false;
        }
        first = false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- the rest

  private static int startsWithN(String s, int i) {
    if (s.startsWith("npm_", i)) {
      return crcToken(s, i + 4, false);
    }
    if (s.startsWith("ntn_", i)) {
      int digits = i + 4 + 11; // Notion: 11 digits, then 35 base62
      return span(s, i + 4, digits, DIGIT) == digits ? fixed(s, digits, 35, BASE62) : -1;
    }
    return -1;
  }

  private static int startsWithP(String s, int i) {
    char c1 = s.charAt(i + 1);
    if (c1 == 'y') {
      return pypi(s, i);
    }
    if (c1 == 'u') {
      return s.startsWith("pul-", i) ? fixed(s, i + 4, 40, HEX) : -1;
    }
    if (c1 == 'a' && s.charAt(i + 2) == 't') {
      int dot = i + 3 + 14; // Airtable: 14 base62, '.', 64 hex
      return span(s, i + 3, dot, BASE62) == dot && Chars.at(s, dot) == '.' ? fixed(s, dot + 1, 64, HEX) : -1;
    }
    return -1;
  }

  private static int startsWithD(String s, int i) {
    switch (s.charAt(i + 1)) {
      case 'o':
        return digitalOcean(s, i);
      case 'p':
        return s.charAt(i + 2) == '.' ? doppler(s, i + 3) : -1;
      case 'a':
        return s.startsWith("dapi", i) ? databricks(s, i + 4) : -1;
      case 'c':
        return s.startsWith("dckr_pat_", i) ? fixed(s, i + 9, 27, B64URL) : -1;
      default:
        return -1;
    }
  }

  private static final String[] DOPPLER_KINDS = {"pt.", "st.", "ct.", "sa.", "said.", "scim.", "audit."};

  /** Doppler token after {@code dp.}: its kind, for service tokens an optional config name, 40-44 base62. */
  private static int doppler(String s, int k) {
    for (int p = 0; p < DOPPLER_KINDS.length; p++) {
      if (!s.startsWith(DOPPLER_KINDS[p], k)) {
        continue;
      }
      int body = k + DOPPLER_KINDS[p].length();
      if (p == 1) { // dp.st.[config.]
        int name = span(s, body, body + 36, SLUG);
        if (name - body >= 2 && name - body <= 35 && Chars.at(s, name) == '.') {
          int end = dopplerSecret(s, name + 1);
          if (end > 0) {
            return end;
          }
        }
      }
      return dopplerSecret(s, body);
    }
    return -1;
  }

  private static int dopplerSecret(String s, int body) {
    int e = span(s, body, body + 45, BASE62);
    return e - body >= 40 && e - body <= 44 && bounded(s, e, WORD) ? e : -1;
  }

  /** Databricks: 32 hex after {@code dapi}, optionally '-' and one digit. */
  private static int databricks(String s, int body) {
    int end = fixed(s, body, 32, HEX);
    if (end > 0 && Chars.at(s, end) == '-' && Chars.digitAt(s, end + 1) && bounded(s, end + 2, WORD)) {
      return end + 2;
    }
    return end;
  }

  private static int startsWithF(String s, int i) {
    if (s.startsWith("figd_", i)) {
      return fixed(s, i + 5, 40, B64URL);
    }
    if (s.startsWith("fo1_", i)) {
      return fixed(s, i + 4, 43, B64URL);
    }
    if (s.startsWith("fm2_", i)) {
      return paddedBase64(s, i + 4, 100, 4096, 2);
    }
    if (s.startsWith("fm1a_", i) || s.startsWith("fm1r_", i)) {
      return paddedBase64(s, i + 5, 100, 4096, 2);
    }
    return -1;
  }

  /**
   * Terraform Cloud / Enterprise: {@code <14 base62>.atlasv1.<60-70 of [A-Za-z0-9_=-]>}, matched at
   * {@code atlasv1} (the 14 characters before it may start with a digit, where no vendor token is
   * looked for): the secret part from {@code atlasv1.} on is masked, the 14-character id stays.
   */
  private static int terraformCloud(String s, int i) {
    if (i < 15 || !s.startsWith("atlasv1.", i) || s.charAt(i - 1) != '.') {
      return -1;
    }
    int id = i - 15;
    if (span(s, id, i - 1, BASE62) != i - 1 || (id > 0 && Chars.isAlnum(s.charAt(id - 1)))) {
      return -1;
    }
    int body = i + 8;
    int e = span(s, body, body + 71, B64URL_PAD);
    return e - body >= 60 && e - body <= 70 && bounded(s, e, WORD) ? e : -1;
  }

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

  /**
   * {@code hex} hex digits at {@code body}, '-', then exactly {@code tail} characters of
   * {@code tailCls}, bounded (Postman, Brevo); or -1.
   */
  private static int hexDashTail(String s, int body, int hex, int tail, int tailCls) {
    int dash = body + hex;
    if (span(s, body, dash, HEX) != dash || Chars.at(s, dash) != '-') {
      return -1;
    }
    return fixed(s, dash + 1, tail, tailCls);
  }

  /**
   * {@code min} to {@code max} base64 characters at {@code body}, then up to {@code maxPad} '=',
   * not followed by a letter, digit or '_'; or -1.
   */
  private static int paddedBase64(String s, int body, int min, int max, int maxPad) {
    int e = span(s, body, body + max + 1, B64);
    if (e - body < min || e - body > max) {
      return -1;
    }
    for (int pad = 0; pad < maxPad && Chars.at(s, e) == '='; pad++) {
      e++;
    }
    return bounded(s, e, WORD) ? e : -1;
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
