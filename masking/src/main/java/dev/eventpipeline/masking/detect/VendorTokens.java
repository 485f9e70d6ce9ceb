package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.masking.detect.TokenChars.B64URL;
import static dev.eventpipeline.masking.detect.TokenChars.BASE62;
import static dev.eventpipeline.masking.detect.TokenChars.HEX;
import static dev.eventpipeline.masking.detect.TokenChars.SLACK;
import static dev.eventpipeline.masking.detect.TokenChars.fixed;
import static dev.eventpipeline.masking.detect.TokenChars.hexDashTail;
import static dev.eventpipeline.masking.detect.TokenChars.is;

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
 *
 * <p>This class dispatches on the first character; the formats live in {@link GitTokens},
 * {@link ChatTokens} and {@link ServiceTokens}, their shared scans in {@link TokenChars}.
 */
public final class VendorTokens {
  private static final boolean[] START = new boolean[128];

  /** The first characters of every prefix: what {@link #canStart} answers. */
  static final String START_CHARS = "gxsrwAnpdhSTlfaEPNMOHL";

  /**
   * For the lower-case first characters (the common word starts), the second characters their
   * formats can have (see the dispatch in {@link #match} and its callees); upper-case starts are
   * rarer in logs and not narrowed.
   */
  private static final String[] SECOND_CHARS = {
      "g", "hil", "x", "ksoa", "s", "khqbnel", "r", "k", "w", "h", "n", "pt", "p", "yua", "d", "opac", "h", "fv",
      "l", "i", "f", "iom", "a", "t"};
  private static final long[] SECOND_LOW = new long[128];
  private static final long[] SECOND_HIGH = new long[128];

  static {
    for (char c : START_CHARS.toCharArray()) {
      START[c] = true;
      SECOND_LOW[c] = -1L;
      SECOND_HIGH[c] = -1L;
    }
    for (int k = 0; k < SECOND_CHARS.length; k += 2) {
      char first = SECOND_CHARS[k].charAt(0);
      SECOND_LOW[first] = 0;
      SECOND_HIGH[first] = 0;
      for (char second : SECOND_CHARS[k + 1].toCharArray()) {
        if (second < 64) {
          SECOND_LOW[first] |= 1L << second;
        } else {
          SECOND_HIGH[first] |= 1L << (second - 64);
        }
      }
    }
  }

  /**
   * Whether a token can start at {@code i} from its first two characters: {@link #canStart}, then
   * the second characters the first one's formats allow (the cheap pre-filter at word starts).
   */
  public static boolean mayStartAt(String s, int i) {
    char c = s.charAt(i);
    if (c >= 128 || !START[c] || i + 1 >= s.length()) {
      return false;
    }
    char second = s.charAt(i + 1);
    return second < 64 ? (SECOND_LOW[c] & (1L << second)) != 0
        : second < 128 && (SECOND_HIGH[c] & (1L << (second - 64))) != 0;
  }

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
        return GitTokens.github(s, i);
      case 'x':
        return ChatTokens.startsWithX(s, i);
      case 's':
        return ServiceTokens.startsWithS(s, i);
      case 'r':
        return s.startsWith("rk_", i) ? ServiceTokens.stripe(s, i) : -1;
      case 'w':
        return s.startsWith("whsec_", i) ? ServiceTokens.webhookSecret(s, i + 6) : -1;
      case 'A':
        return ServiceTokens.startsWithUpperA(s, i);
      case 'n':
        return ServiceTokens.startsWithN(s, i);
      case 'p':
        return ServiceTokens.startsWithP(s, i);
      case 'd':
        return ServiceTokens.startsWithD(s, i);
      case 'h':
        return ServiceTokens.startsWithH(s, i);
      case 'S':
        return s.startsWith("SG.", i) ? ChatTokens.sendGrid(s, i + 3) : -1;
      case 'T':
        return ChatTokens.slackWebhookPath(s, i);
      case 'l':
        return s.startsWith("lin_api_", i) ? fixed(s, i + 8, 40, BASE62) : -1;
      case 'f':
        return ServiceTokens.startsWithF(s, i);
      case 'a':
        return ServiceTokens.terraformCloud(s, i);
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
        return ChatTokens.discord(s, i);
      case 'M':
      case 'O':
        return ChatTokens.discord(s, i);
      case 'H':
        return s.startsWith("HRKU-AA", i) ? fixed(s, i + 7, 58, B64URL) : -1;
      case 'L':
        return s.startsWith("LTAI", i) ? fixed(s, i + 4, 20, BASE62) : -1;
      default:
        return -1;
    }
  }
}
