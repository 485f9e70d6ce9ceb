package dev.eventpipeline.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.eventpipeline.masking.DetectorType;
import dev.eventpipeline.masking.detect.TokenSamples.Sample;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vendor API tokens: every format in the places logs carry them, near misses, checksums. */
class VendorTokensTest {
  private static final VendorTokenDetector DETECTOR = new VendorTokenDetector();

  /** What the vendor-token detector finds in {@code text}, as the matched texts in order. */
  static List<String> found(String text) {
    Findings f = new Findings();
    DETECTOR.scan(text, f);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.size(); i++) {
      assertThat(f.type(i)).isEqualTo(DetectorType.API_TOKEN);
      out.add(text.substring(f.start(i), f.end(i)));
    }
    return out;
  }

  static final String[] CONTEXTS = {
    "%s",
    "token %s used for the deploy",
    "rotated key %s.",
    "'%s'",
    "\"%s\"",
    "`%s`",
    "(%s)",
    "[%s]",
    "<%s>",
    "{\"token\":\"%s\",\"user\":\"alice\"}",
    "{\"headers\": {\"x-api-key\": \"%s\"}}",
    "GET /v1/items?access_token=%s&page=2 HTTP/1.1",
    "https://api.example.com/callback?code=42&key=%s",
    "https://app.example.com/#token=%s",
    "GITHUB_TOKEN=%s",
    "export API_KEY=%s\n",
    "key:%s",
    "key: %s, next: 1",
    "Authorization: Bearer %s",
    "2026-12-03T10:15:00Z WARN config loaded secret=%s;retries=3",
    "\t%s\r\n",
  };

  static Stream<Arguments> everyFormatInEveryContext() {
    List<Arguments> args = new ArrayList<>();
    for (Sample sample : new TokenSamples(14).all()) {
      for (String context : CONTEXTS) {
        args.add(Arguments.of(sample, context));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("everyFormatInEveryContext")
  void findsEveryFormatWhereLogsCarryIt(Sample sample, String context) {
    assertThat(found(context.formatted(sample.token()))).containsExactly(sample.token());
  }

  static Stream<Sample> samples() {
    return new TokenSamples(2026).all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void findsManyTokensOfOneLineEachOnce(Sample sample) {
    String t = sample.token();
    assertThat(found(t + " " + t + ",\"" + t + "\"")).containsExactly(t, t, t);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void ignoresEveryFormatGluedToTheEndOfAWord(Sample sample) {
    String t = sample.token();
    for (String glued : new String[] {"my" + t, "x9" + t, "é" + t}) {
      if (t.startsWith("xoxe.")) {
        // "xoxe.xoxp-1-..." holds a user-token-shaped "xoxp-1-..." after the dot: that part is found
        assertThat(found(glued)).containsExactly(t.substring(5));
      } else {
        assertThat(found(glued)).as(glued).isEmpty();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void ignoresEveryPrefixAlone(Sample sample) {
    String prefix = prefixOf(sample.token());
    assertThat(found(prefix)).as(prefix).isEmpty();
    assertThat(found("the " + prefix + " prefix")).as(prefix).isEmpty();
    assertThat(found(prefix + "...")).as(prefix).isEmpty();
    assertThat(found(prefix + "xxxx")).as(prefix).isEmpty();
  }

  private static String prefixOf(String token) {
    if (token.startsWith("AIza")) {
      return "AIza";
    }
    if (token.startsWith("pypi-")) {
      return token.substring(0, token.indexOf("vcmc") > 0 ? 20 : 27);
    }
    if (token.startsWith("sk-ant-")) {
      return token.substring(0, token.indexOf('-', 7) + 1);
    }
    if (token.startsWith("xoxe.")) {
      return token.substring(0, 10);
    }
    if (token.startsWith("SG.") || token.startsWith("hv")) {
      return token.substring(0, token.indexOf('.') + 1);
    }
    int cut = 0;
    for (int i = 0; i < token.length() && cut == 0; i++) {
      if (token.charAt(i) == '_' || token.charAt(i) == '-') {
        cut = i + 1;
      }
    }
    String prefix = token.substring(0, cut);
    return switch (prefix) {
      case "sk_", "rk_", "dop_", "doo_", "dor_" -> token.substring(0, token.indexOf('_', cut) + 1);
      case "sk-" -> token.startsWith("sk-proj-") || token.startsWith("sk-admin-") || token.startsWith("sk-svcacct-")
          ? token.substring(0, token.indexOf('-', 3) + 1) : prefix;
      case "github_" -> "github_pat_";
      default -> prefix;
    };
  }

  @Nested
  class GitHub {
    final TokenSamples samples = new TokenSamples(7);

    @Test
    void findsAClassicTokenWhoseChecksumFails() {
      // a test token, a revoked one, a documentation example: prefix, length and charset match
      String badCrc = samples.withBadCrc("ghp_");
      assertThat(VendorTokens.githubChecksum(badCrc, 4)).isFalse();
      assertThat(found("token=" + badCrc + "&x=1")).containsExactly(badCrc);
    }

    @Test
    void findsTheExampleTokensOfGitHubsDocumentation() {
      // docs.github.com examples: checksums do not hold, the shape does
      String user = "ghu_16C7e42F292c6912E7710c838347Ae178B4a";
      String refresh = "ghr_1B4a2e77838347a7E420ce178F2E7c6912E169246c34E1ccbF66C46812d16D5B1A9Dc86A1498";
      assertThat(found("{\"access_token\": \"" + user + "\", \"refresh_token\": \"" + refresh + "\"}"))
          .containsExactly(user, refresh);
    }

    @Test
    void findsAValidTokenEvenWithTokenCharactersGluedAfterIt() {
      String token = samples.withCrc("ghp_");
      assertThat(found("token=" + token + "Xyz9 next")).containsExactly(token);
      assertThat(found(token + "_suffix")).containsExactly(token);
    }

    @Test
    void ignoresThirtySevenCharactersWhoseFirstThirtySixFailTheChecksum() {
      String badCrc = samples.withBadCrc("ghp_");
      assertThat(found(badCrc + "X")).isEmpty();
      assertThat(found(badCrc + "_x")).isEmpty();
      assertThat(found("ghp_" + samples.chars(TokenSamples.BASE62, 37))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {35, 37, 75, 77})
    void ignoresWrongLengths(int length) {
      assertThat(found("ghr_" + samples.chars(TokenSamples.BASE62, length))).isEmpty();
      assertThat(found("ghp_" + samples.chars(TokenSamples.BASE62, length))).isEmpty();
    }

    @Test
    void ignoresOnlyTheRefreshPrefixAtSeventySix() {
      assertThat(found("ghp_" + samples.chars(TokenSamples.BASE62, 76))).isEmpty();
    }

    @Test
    void ignoresWrongCharsetsAndPrefixes() {
      String token = samples.withCrc("ghp_");
      assertThat(found(token.substring(0, 20) + "-" + token.substring(21))).isEmpty();
      assertThat(found(token.substring(0, 20) + "." + token.substring(21))).isEmpty();
      assertThat(found("GHP_" + token.substring(4))).isEmpty();
      assertThat(found("ghx_" + token.substring(4))).isEmpty();
      assertThat(found("gh_" + token.substring(4))).isEmpty();
      assertThat(found("ghp-" + token.substring(4))).isEmpty();
      assertThat(found("ghp_************************************")).isEmpty(); // GitHub Actions' own mask
    }

    @Test
    void findsAFineGrainedTokenOfEightyTwoCharactersOnly() {
      String token = "github_pat_" + samples.chars(TokenSamples.BASE62, 22) + "_" + samples.chars(TokenSamples.BASE62, 59);
      assertThat(found(token)).containsExactly(token);
      assertThat(found(token + "a")).isEmpty();
      assertThat(found(token + "_")).isEmpty();
      assertThat(found(token.substring(0, token.length() - 1))).isEmpty();
      assertThat(found(token.replace("github_pat_", "github_pat-"))).isEmpty();
      assertThat(found("see github_pat_ tokens in the settings")).isEmpty();
    }
  }

  @Nested
  class Checksums {
    @Test
    void crc32IsTheIeeeCrcOfZlibAndJava() {
      assertThat(VendorTokens.crc32("123456789", 0, 9)).isEqualTo(0xCBF43926); // the CRC-32 check value
      assertThat(VendorTokens.crc32("", 0, 0)).isZero();
      Random random = new Random(32);
      TokenSamples samples = new TokenSamples(32);
      for (int i = 0; i < 1000; i++) {
        String s = samples.chars(TokenSamples.B64URL + ".:/ ", random.nextInt(120));
        CRC32 reference = new CRC32();
        reference.update(s.getBytes(StandardCharsets.US_ASCII));
        assertThat(VendorTokens.crc32("<<" + s + ">>", 2, 2 + s.length())).as(s).isEqualTo((int) reference.getValue());
      }
    }

    @Test
    void githubChecksumMatchesPublishedVectors() {
      // the entropy and checksum of the example in therootcompany's base62-token spec (a gist of
      // GitHub's format), and of secretlint's dummy npm token: pins the alphabet 0-9A-Za-z
      assertThat(VendorTokens.githubChecksum("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ" + "0mLq17", 0)).isTrue();
      assertThat(VendorTokens.githubChecksum("qkJaB6MffYVzZXWqmcoF49yrUxP3wf" + "0LsakP", 0)).isTrue();
      // the same digits in the other common base62 alphabet (0-9a-zA-Z, Go's big.Int) do not match
      assertThat(VendorTokens.githubChecksum("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ" + "0MlQ17", 0)).isFalse();
    }

    @Test
    void githubChecksumAcceptsGeneratedTokensAndRejectsEveryChangedTrailerCharacter() {
      TokenSamples samples = new TokenSamples(62);
      for (int i = 0; i < 500; i++) {
        String token = samples.withCrc("ghp_");
        assertThat(VendorTokens.githubChecksum(token, 4)).as(token).isTrue();
        int k = 34 + i % 6;
        char c = token.charAt(k);
        char other = TokenSamples.BASE62.charAt((TokenSamples.BASE62.indexOf(c) + 1 + i % 61) % 62);
        String changed = token.substring(0, k) + other + token.substring(k + 1);
        assertThat(VendorTokens.githubChecksum(changed, 4)).as(changed).isFalse();
        int e = 4 + i % 30;
        String entropyChanged = token.substring(0, e) + (token.charAt(e) == 'a' ? 'b' : 'a') + token.substring(e + 1);
        assertThat(VendorTokens.githubChecksum(entropyChanged, 4)).as(entropyChanged).isFalse();
      }
    }

    @Test
    void githubChecksumDecodesTrailersAboveTheIntRange() {
      // 0xFFFFFFFF is "4gfFC3"; trailers from "2LKcb2" up are CRCs above Integer.MAX_VALUE
      assertThat(TokenSamples.base62(0xFFFFFFFFL, 6)).isEqualTo("4gfFC3");
      TokenSamples samples = new TokenSamples(3);
      int large = 0;
      for (int i = 0; i < 200; i++) {
        String token = samples.withCrc("ghp_");
        if (TokenSamples.crc32(token.substring(4, 34)) > Integer.MAX_VALUE) {
          large++;
          assertThat(VendorTokens.githubChecksum(token, 4)).as(token).isTrue();
          assertThat(found(token + "x")).containsExactly(token);
        }
      }
      assertThat(large).isGreaterThan(50);
    }
  }

  @Nested
  class Npm {
    final TokenSamples samples = new TokenSamples(11);

    @Test
    void findsTokensWithOrWithoutAValidChecksumButGluedOnlyWithOne() {
      String valid = samples.withCrc("npm_");
      String badCrc = samples.withBadCrc("npm_");
      assertThat(found("//registry.npmjs.org/:_authToken=" + valid)).containsExactly(valid);
      assertThat(found("NPM_TOKEN=" + badCrc)).containsExactly(badCrc);
      assertThat(found(valid + "q")).containsExactly(valid);
      assertThat(found(badCrc + "q")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"npm install", "npm_config_cache=/home/node/.npm", "npm_package_version=1.2.3",
        "npm_lifecycle_event", "npm_"})
    void ignoresNpmWords(String text) {
      assertThat(found(text)).isEmpty();
    }

    @Test
    void ignoresWrongLengths() {
      assertThat(found("npm_" + samples.chars(TokenSamples.BASE62, 35))).isEmpty();
      assertThat(found("npm_" + samples.chars(TokenSamples.BASE62, 37))).isEmpty();
    }
  }

  @Nested
  class GitLab {
    final TokenSamples samples = new TokenSamples(36);

    @Test
    void findsARoutableTokenGluedToTextWhenItsLengthAndChecksumHold() {
      String token = samples.gitlabRoutable("glpat-", true);
      assertThat(found(token + "abc")).containsExactly(token);
      assertThat(found(token + "-x")).containsExactly(token);
    }

    @Test
    void findsARoutableRunnerTokenGluedToText() {
      String token = samples.gitlabRoutable("glrt-t1_", true);
      assertThat(found(token + "Z")).containsExactly(token);
    }

    @Test
    void findsARoutableTokenWhoseChecksumFailsOnlyWhenBounded() {
      String token = samples.gitlabRoutable("glpat-", false);
      char last = token.charAt(token.length() - 1);
      String badCrc = token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0');
      assertThat(found("PRIVATE-TOKEN: " + badCrc + "\n")).containsExactly(badCrc);
      assertThat(found(badCrc + "abc")).isEmpty();
    }

    @Test
    void findsClassicTokensOfTheirExactLength() {
      String token = "glpat-" + samples.b64url(20);
      assertThat(found("git clone https://oauth2:" + token + "@gitlab.com/group/project.git")).containsExactly(token);
      assertThat(found("glpat-" + samples.b64url(19))).isEmpty();
      assertThat(found("glpat-" + samples.b64url(21))).isEmpty();
      assertThat(found("glpat-" + samples.b64url(26))).isEmpty();
      assertThat(found("glptt-" + samples.chars(TokenSamples.HEX, 39) + "g")).isEmpty();
      assertThat(found("glimt-" + samples.b64url(20))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"glpat-XXXXXXXXXXX-XXXXXXX", "glpat-*** (masked)", "see glpat- tokens", "glpat-",
        "glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxx"})
    void ignoresPlaceholdersOfAnotherLength(String text) {
      assertThat(found(text)).isEmpty();
    }

    @Test
    void findsAPlaceholderOfTheRoutableShapeBecauseTheChecksumNeverRejects() {
      // gitleaks lists this as a false positive; here a token-shaped value is masked, not judged
      assertThat(found("token: glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx"))
          .containsExactly("glpat-xxxxxxxx-xxxxxxxxxxxxxxxxxx.xxxxxxxxx");
    }
  }

  @Nested
  class Slack {
    final TokenSamples samples = new TokenSamples(5);

    @ParameterizedTest
    @ValueSource(strings = {
      "xoxb-", "xoxb-xoxb-my-bot-token", "xoxb-12345-abcd234", "xoxb-Slack_BOT_TOKEN", "xoxb-abcdef-abcdef",
      "xoxp-XXXXXXXXXX-XXXXXXXXXX-XXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "xoxp-1234567890",
      "xoxe-1-xxx", "xoxe.xoxp-1-initial", "xoxo thanks all", "xoxz-1234567890-1234567890-abcdef",
      "https://github.com/xoxa-nyc/xoxa-nyc.github.io/blob/master/README.md", "xapp-token",
      "xoxb-12345678901234567890123456789",
    })
    void ignoresPlaceholdersAndLookAlikes(String text) {
      assertThat(found(text)).isEmpty();
    }

    @Test
    void findsATokenInAFileUrlQuery() {
      String token = "xoxe-" + samples.chars(TokenSamples.DIGITS, 13) + "-" + samples.chars(TokenSamples.DIGITS, 13)
          + "-" + samples.chars(TokenSamples.DIGITS, 13) + "-" + samples.chars(TokenSamples.HEX, 32);
      assertThat(found("\"url_private\": \"https://files.slack.com/files-pri/T04-F04/image.png?t=" + token + "\""))
          .containsExactly(token);
    }

    @Test
    void endsATokenBeforeATrailingDash() {
      String token = "xoxb-" + samples.chars(TokenSamples.DIGITS, 12) + "-" + samples.chars(TokenSamples.BASE62, 24);
      assertThat(found(token + "- rotated")).containsExactly(token);
    }

    @Test
    void findsTheSecretPathOfWebhookUrlsAndKeepsTheHost() {
      String services = "T" + samples.chars(TokenSamples.UPPER_DIGITS, 8) + "/B"
          + samples.chars(TokenSamples.UPPER_DIGITS, 10) + "/" + samples.chars(TokenSamples.BASE62, 24);
      String workflows = "T" + samples.chars(TokenSamples.UPPER_DIGITS, 10) + "/A"
          + samples.chars(TokenSamples.UPPER_DIGITS, 10) + "/" + samples.chars(TokenSamples.DIGITS, 18) + "/"
          + samples.chars(TokenSamples.BASE62, 24);
      String triggers = "T" + samples.chars(TokenSamples.UPPER_DIGITS, 8) + "/" + samples.chars(TokenSamples.DIGITS, 18)
          + "/" + samples.chars(TokenSamples.HEX, 32);
      assertThat(found("POST https://hooks.slack.com/services/" + services + " 200")).containsExactly(services);
      assertThat(found("{\"webhook\":\"https://hooks.slack.com/workflows/" + workflows + "\"}")).containsExactly(workflows);
      assertThat(found("url=hooks.slack.com/triggers/" + triggers + "/&x=1")).containsExactly(triggers);
    }

    @Test
    void findsTheSecretPathInJsonTextThatEscapesSlashes() {
      String path = "T" + samples.chars(TokenSamples.UPPER_DIGITS, 8) + "\\/B"
          + samples.chars(TokenSamples.UPPER_DIGITS, 10) + "\\/" + samples.chars(TokenSamples.BASE62, 24);
      assertThat(found("payload={\"url\":\"https:\\/\\/hooks.slack.com\\/services\\/" + path + "\\/\",\"n\":1}"))
          .containsExactly(path);
      assertThat(found("https://hooks.slack.com/services/" + path + "\\nnext line")).containsExactly(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "https://hooks.slack.com/services/T0123ABCD",
      "https://hooks.slack.com/services/T0123ABCD/B0123ABCD/short",
      "https://hooks.example.com/services/T0123ABCD/B0123ABCD/aaaaBBBBccccDDDDeeeeFFFF",
      "https://api.slack.com/services/T0123ABCD/B0123ABCD/aaaaBBBBccccDDDDeeeeFFFF",
      "see hooks.slack.com/services/ for details",
    })
    void ignoresOtherHostsAndIncompleteWebhookPaths(String text) {
      assertThat(found(text)).isEmpty();
    }
  }

  @Nested
  class Stripe {
    @ParameterizedTest
    @ValueSource(strings = {
      "Stripe secret keys start with sk_live_ and must never be logged",
      "sk_live_", "sk_test_...", "sk_live_abc123", "STRIPE_SECRET_KEY=sk_test_YOUR_SECRET_KEY",
      "sk_test_environment_name", "skip sk_live mode",
      "whsec_...", "STRIPE_WEBHOOK_SECRET=whsec_YOUR_WEBHOOK_SECRET", "whsec_test_secret", "whsec_handler_secret",
      "customer=cus_NffrFeUfNV2Hib charge=ch_3MmlLrLkdIwHu7ix0snN0B15 intent=pi_3MtwBwLkdIwHu7ix28a3tqPa",
    })
    void ignoresProseIdentifiersAndObjectIds(String text) {
      assertThat(found(text)).isEmpty();
    }

    @Test
    void webhookSecretsAreAtMostTwoHundredFiftySixCharacters() {
      TokenSamples samples = new TokenSamples(256);
      String longest = "whsec_" + samples.chars(TokenSamples.BASE62, 256);
      assertThat(found(longest)).containsExactly(longest);
      assertThat(found("whsec_" + samples.chars(TokenSamples.BASE62, 257))).isEmpty();
    }

    @Test
    void ignoresPublishableKeys() {
      // pk_ keys are published in web pages by design (Stripe's own advice to GitLab's scanner)
      assertThat(found("pk_live_" + new TokenSamples(1).chars(TokenSamples.BASE62, 24))).isEmpty();
    }
  }

  @Nested
  class GoogleSendGridShopifyDigitalOceanHuggingFacePyPi {
    final TokenSamples samples = new TokenSamples(39);

    @Test
    void googleKeysAreExactlyThirtyFiveAfterAIza() {
      assertThat(found("AIza" + samples.b64url(34))).isEmpty();
      assertThat(found("AIza" + samples.b64url(36))).isEmpty();
      assertThat(found("AIza" + samples.b64url(35) + "-")).isEmpty();
      assertThat(found("AIzaSy is how they start")).isEmpty();
      String key = "AIza" + samples.b64url(35);
      assertThat(found("https://maps.googleapis.com/maps/api/js?key=" + key + "&callback=init")).containsExactly(key);
    }

    @Test
    void sendGridKeysAreTwentyTwoDotFortyThree() {
      assertThat(found("SG." + samples.b64url(21) + "." + samples.b64url(43))).isEmpty();
      assertThat(found("SG." + samples.b64url(22) + "." + samples.b64url(42))).isEmpty();
      assertThat(found("SG." + samples.b64url(22) + "." + samples.b64url(44))).isEmpty();
      assertThat(found("SG." + samples.b64url(65))).isEmpty();
      assertThat(found("region SG.Singapore, SG.1 zone")).isEmpty();
    }

    @Test
    void shopifyAndDigitalOceanTokensAreExactHex() {
      assertThat(found("shpat_" + samples.chars(TokenSamples.HEX, 31))).isEmpty();
      assertThat(found("shpat_" + samples.chars(TokenSamples.HEX, 33))).isEmpty();
      assertThat(found("shpat_" + samples.chars(TokenSamples.HEX, 31) + "g")).isEmpty();
      assertThat(found("shpxx_" + samples.chars(TokenSamples.HEX, 32))).isEmpty();
      assertThat(found("dop_v1_" + samples.chars(TokenSamples.HEX, 63))).isEmpty();
      assertThat(found("dop_v1_" + samples.chars(TokenSamples.HEX, 65))).isEmpty();
      assertThat(found("dop_v2_" + samples.chars(TokenSamples.HEX, 64))).isEmpty();
      assertThat(found("dox_v1_" + samples.chars(TokenSamples.HEX, 64))).isEmpty();
    }

    @Test
    void huggingFaceTokensAreThirtyFourAfterHf() {
      assertThat(found("hf_" + samples.chars(TokenSamples.LETTERS, 33))).isEmpty();
      assertThat(found("hf_" + samples.chars(TokenSamples.LETTERS, 35))).isEmpty();
      assertThat(found("hf_hub_download(repo_id='bert-base-uncased', filename='config.json')")).isEmpty();
      assertThat(found("HF_TOKEN=hf_xxxxx")).isEmpty();
    }

    @Test
    void pypiTokensNeedTheMacaroonHeaderAndFiftyMore() {
      assertThat(found("pypi-AgEIcHlwaS5vcmc" + samples.b64url(49))).isEmpty();
      assertThat(found("pypi-AgEIcHlwaS5vcmd" + samples.b64url(100))).isEmpty();
      assertThat(found("pypi-token is configured in ~/.pypirc")).isEmpty();
    }
  }

  @Nested
  class OpenAiAnthropicVault {
    final TokenSamples samples = new TokenSamples(95);

    @ParameterizedTest
    @ValueSource(strings = {"sk-learn", "scikit-learn sk-SE locale", "sk-proj-", "sk-ant-", "sk-ant-api03-",
        "sk-ant-api-abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", "hvs.example.com", "hvs.", "hvb.xxxx",
        "hvsc", "hvs.CAESIAbcdefghijklmno"})
    void ignoresLookAlikes(String text) {
      assertThat(found(text)).isEmpty();
    }

    @Test
    void requiresTheFloorLengths() {
      assertThat(found("sk-proj-" + samples.b64url(39))).isEmpty();
      assertThat(found("sk-ant-api03-" + samples.b64url(39))).isEmpty();
      assertThat(found("hvs." + samples.b64url(23))).isEmpty();
      assertThat(found("pypi-AgENdGVzdC5weXBpLm9yZw" + samples.b64url(49))).isEmpty();
    }

    @Test
    void legacyOpenAiKeysNeedTheMarkerAtTwenty() {
      assertThat(found("sk-" + samples.chars(TokenSamples.BASE62, 48))).isEmpty();
      assertThat(found("sk-" + samples.chars(TokenSamples.BASE62, 21) + "T3BlbkFJ" + samples.chars(TokenSamples.BASE62, 19)))
          .isEmpty();
      assertThat(found("sk-" + samples.chars(TokenSamples.BASE62, 20) + "T3BlbkFJ" + samples.chars(TokenSamples.BASE62, 21)))
          .isEmpty();
    }
  }

  @Nested
  class Prefilter {
    @Test
    void canStartOnlyAtTheFirstCharacterOfAPrefix() {
      for (char c = 0; c < 512; c++) {
        assertThat(VendorTokens.canStart(c)).as("char %d", (int) c)
            .isEqualTo("gxsrwAnpdhSTlfaEPNMOHL".indexOf(c) >= 0);
      }
    }

    @Test
    void matchRefusesAPositionThatIsNotAWordStart() {
      String token = new TokenSamples(8).withCrc("ghp_");
      assertThat(VendorTokens.match("a" + token, 1)).isEqualTo(-1);
      assertThat(VendorTokens.match("-" + token, 1)).isEqualTo(1 + token.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"whsec_a/", "xoxb-1-", "ghp_", "sk_live_a_", "glpat-a", "hvs.a-", "sk-proj-a_",
        "hooks.slack.com/services/T/", "AIza-", "github_pat_a", "npm_a"})
    void staysLinearOnRepeatedPrefixes(String unit) {
      String s = unit.repeat(2_000_000 / unit.length());
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> found(s));
    }

    @Test
    void matchIsSafeNearTheEndOfTheString() {
      for (String s : new String[] {"g", "gh", "ghp_", "xox", "xoxe.xo", "sk-ant-a", "hv", "SG.", "T", "shpat_",
          "whsec_", "a/T", "hooks.slack.com/services/T", "sk-ant-api03", "xoxe.xoxp", "hvs.abc"}) {
        for (int i = 0; i < s.length(); i++) {
          assertThat(VendorTokens.match(s, i)).as(s + "@" + i).isEqualTo(-1);
        }
      }
    }
  }

  @Nested
  class Type {
    @Test
    void apiTokenIsACredentialRightAfterTheAccessKeyIdAndNeverPartial() {
      assertThat(DetectorType.API_TOKEN.credential()).isTrue();
      assertThat(DetectorType.API_TOKEN.allowsPartial()).isFalse();
      assertThat(DetectorType.API_TOKEN.ordinal()).isEqualTo(DetectorType.AWS_ACCESS_KEY_ID.ordinal() + 1);
    }

    @Test
    void aTokenQuotedAsTheValueOfASensitiveKeyIsReportedAsAnApiToken() {
      Findings f = new Findings();
      f.add(DetectorType.SECRET, 6, 50);
      f.add(DetectorType.API_TOKEN, 6, 46);
      f.resolveOverlaps();
      assertThat(f.size()).isEqualTo(1);
      assertThat(f.type(0)).isEqualTo(DetectorType.API_TOKEN);
    }
  }
}
