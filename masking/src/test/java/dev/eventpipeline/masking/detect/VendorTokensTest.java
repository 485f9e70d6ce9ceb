package dev.eventpipeline.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.eventpipeline.settings.DetectorType;
import dev.eventpipeline.masking.detect.TokenSamples.Part;
import dev.eventpipeline.masking.detect.TokenSamples.Sample;
import dev.eventpipeline.masking.detect.TokenSamples.Shape;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
    String prefix = sample.prefix() != null ? sample.prefix() : prefixOf(sample.token());
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
      assertThat(GitTokens.githubChecksum(badCrc, 4)).isFalse();
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
      assertThat(TokenChars.crc32("123456789", 0, 9)).isEqualTo(0xCBF43926); // the CRC-32 check value
      assertThat(TokenChars.crc32("", 0, 0)).isZero();
      Random random = new Random(32);
      TokenSamples samples = new TokenSamples(32);
      for (int i = 0; i < 1000; i++) {
        String s = samples.chars(TokenSamples.B64URL + ".:/ ", random.nextInt(120));
        CRC32 reference = new CRC32();
        reference.update(s.getBytes(StandardCharsets.US_ASCII));
        assertThat(TokenChars.crc32("<<" + s + ">>", 2, 2 + s.length())).as(s).isEqualTo((int) reference.getValue());
      }
    }

    @Test
    void githubChecksumMatchesPublishedVectors() {
      // the entropy and checksum of the example in therootcompany's base62-token spec (a gist of
      // GitHub's format), and of secretlint's dummy npm token: pins the alphabet 0-9A-Za-z
      assertThat(GitTokens.githubChecksum("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ" + "0mLq17", 0)).isTrue();
      assertThat(GitTokens.githubChecksum("qkJaB6MffYVzZXWqmcoF49yrUxP3wf" + "0LsakP", 0)).isTrue();
      // the same digits in the other common base62 alphabet (0-9a-zA-Z, Go's big.Int) do not match
      assertThat(GitTokens.githubChecksum("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ" + "0MlQ17", 0)).isFalse();
    }

    @Test
    void githubChecksumAcceptsGeneratedTokensAndRejectsEveryChangedTrailerCharacter() {
      TokenSamples samples = new TokenSamples(62);
      for (int i = 0; i < 500; i++) {
        String token = samples.withCrc("ghp_");
        assertThat(GitTokens.githubChecksum(token, 4)).as(token).isTrue();
        int k = 34 + i % 6;
        char c = token.charAt(k);
        char other = TokenSamples.BASE62.charAt((TokenSamples.BASE62.indexOf(c) + 1 + i % 61) % 62);
        String changed = token.substring(0, k) + other + token.substring(k + 1);
        assertThat(GitTokens.githubChecksum(changed, 4)).as(changed).isFalse();
        int e = 4 + i % 30;
        String entropyChanged = token.substring(0, e) + (token.charAt(e) == 'a' ? 'b' : 'a') + token.substring(e + 1);
        assertThat(GitTokens.githubChecksum(entropyChanged, 4)).as(entropyChanged).isFalse();
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
          assertThat(GitTokens.githubChecksum(token, 4)).as(token).isTrue();
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

  static Stream<Shape> shapes() {
    return TokenSamples.SHAPES.stream();
  }

  /** The formats described by {@link TokenSamples#SHAPES}: near misses generated from the same description. */
  @Nested
  class NearMisses {
    final TokenSamples samples = new TokenSamples(4242);

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.eventpipeline.masking.detect.VendorTokensTest#shapes")
    void everyPartOneShorterOrOneLongerIsNoToken(Shape shape) {
      Part[] parts = shape.parts();
      for (int k = 0; k < parts.length; k++) {
        Part part = parts[k];
        if (!part.variable()) {
          continue;
        }
        for (boolean longest : new boolean[] {false, true}) {
          if (part.min() > 1) {
            String shorter = samples.token(shape, longest, k, part.min() - 1);
            assertThat(found(shorter)).as(shorter).isEmpty();
            assertThat(found("key=" + shorter + " next")).as(shorter).isEmpty();
          }
          if (part.max() != TokenSamples.OPEN) {
            String longer = samples.token(shape, longest, k, part.max() + 1);
            assertThat(found(longer)).as(longer).isEmpty();
            assertThat(found("(" + longer + ")")).as(longer).isEmpty();
          }
        }
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.eventpipeline.masking.detect.VendorTokensTest#shapes")
    void aCharacterOutsideAnyPartsCharsetIsNoToken(Shape shape) {
      Part[] parts = shape.parts();
      for (int k = 0; k < parts.length; k++) {
        if (!parts[k].variable()) {
          continue;
        }
        String token = samples.shortest(shape);
        int at = 0;
        for (int j = 0; j < k; j++) {
          at += parts[j].variable() ? parts[j].min() : parts[j].literal().length();
        }
        at += parts[k].min() / 2;
        String wrong = token.substring(0, at) + TokenSamples.outside(parts[k].alphabet()) + token.substring(at + 1);
        assertThat(found(wrong)).as(wrong).isEmpty();
      }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.eventpipeline.masking.detect.VendorTokensTest#shapes")
    void thePrefixInAnotherCaseOrGluedInsideAWordIsNoToken(Shape shape) {
      String token = samples.shortest(shape);
      char first = token.charAt(0);
      char other = Character.isUpperCase(first) ? Character.toLowerCase(first) : Character.toUpperCase(first);
      assertThat(found(other + token.substring(1))).isEmpty();
      assertThat(found("x" + token)).isEmpty();
      assertThat(found("word" + token + " word")).isEmpty();
      assertThat(found("the " + shape.prefix() + " prefix; " + shape.prefix() + "*** (masked)")).isEmpty();
    }
  }

  @Nested
  class PublishedExamples {
    /**
     * Examples from the sources of the formats (vendors' documentation, the scanners' rules and test
     * data): each is found whole.
     */
    @ParameterizedTest
    @ValueSource(strings = {
      "AGE-SECRET-KEY-184JMZMVQH3E6U0PSL869004Y3U2NYV7R30EU99CSEDNPH02YUVFSZW44VU", // FiloSottile/age testdata
      "dp.ct.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUDCpcutm8vGE9myi", // docs.doppler.com
      "dp.st.dev.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUDCpcutm8vGE9myi",
      "dp.said.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUDCpcutm8vGE9myi",
      "dp.audit.bAqhcVzrhy5cRHkOlNTc0Ve6w5NUDCpcutm8vGE9myi",
      "dapif13ac4b49d1cb31f69f678e39602e381-2", // gitleaks
      "glsa_pITqMOBIfNH2KL4PkXJqmTyQl0D9QGxF_486f63e1",
      "EAAAlsBxkkVgvmr7FasTFbM6VUGZ31EJ4jZKTJZySgElBDJ_wyafHuBFquFexY7E",
      "sq0csp-0p9h7g6f4s3s3s3-4a3ardgwa6ADRDJDDKUFYDYDYDY",
      "ATATT3xFfGF0K3irG5tKKi-6u-wwaXQFeGwZ-IHR-hQ3CulkKtMSuteRQFfLZ6jihHThzZCg_UjnDt-4Wl_gIRf4zrZJs5JqaeuBhsfJ4W5GD6yGg3W"
          + "7903gbvaxZPBjxIQQ7BgFDSkPS8oPispw4KLz56mdK-G6CIvLO6hHRrZHY0Q3tvJ6JxE=C63992E6",
      "ATBB3g7gLXseCxPjJs1CQNMyEjwf1D12516D", // Nosey Parker
      "figd_OLDXZWOP4fxW4c9ER0xzxRda96M-f0eFwZpFQjHJ", // SonarSource
      "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", // gitleaks
      "fo1_8rz-j7r2eqJ2U7affEOO3HJN0j63DInyog3eV-glQSc",
      "sntrys_eyJpYXQiOjE3MjkyNzg1ODEuMDgxMTUzLCJ1cmwiOiJodHRwczovL3NlbnRyeS5pbyIsInJlZ2lvbl91cmwiOiJodHRwczovL3VzLnNlbnRyeS5p"
          + "byIsIm9yZyI6ImdsYW1hIn0=_NDtyKO3XyRQqwfCL5yaugRWix7G2rKwrmSpIGFvsem4",
      "HRKU-AAlQ1aVoHDujJ9QsDHdHlHO0hbzhoERRSO45ZQusSYHg_____w4_hLrAym_u",
      "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs", // discord.com developer docs
      "LTAI5tMYCr1pxcx4vz2o7riE", // Xygeni detector docs
    })
    void areFoundWhole(String example) {
      assertThat(found(example)).containsExactly(example);
      assertThat(found("token: \"" + example + "\",")).containsExactly(example);
    }

    @Test
    void theGrafanaCloudExampleWithItsPaddingAndTheFlyChainPartByPart() {
      String glc = "glc_eyJvIjoiNzQ0NTg3IiwibiI7InN0YWlrLTQ3NTgzMC1obC13cml0ZS1oYW5kc29uJG9raSIsImsiOiI4M2w3cmdYUlBo"
          + "MTUyMW1lMU023nl5UDUiLCJtIjp7IOIiOiJ1cyJ9fQ==";
      assertThat(found("https://322137:" + glc + "@logs-prod4.grafana.net/loki/api/v1/push")).containsExactly(glc);
      TokenSamples samples = new TokenSamples(77);
      String first = "fm2_" + samples.chars(TokenSamples.B64, 180) + "==";
      String second = "fm2_" + samples.chars(TokenSamples.B64, 120);
      assertThat(found("FLY_API_TOKEN=\"FlyV1 " + first + "," + second + "\"")).containsExactly(first, second);
    }
  }

  @Nested
  class AgeAndAtlassianChecksums {
    final TokenSamples samples = new TokenSamples(1173);

    @Test
    void ageChecksumHoldsOnAgesTestKeyAndGeneratedKeysAndFailsOnEveryChangedCharacter() {
      String published = "AGE-SECRET-KEY-184JMZMVQH3E6U0PSL869004Y3U2NYV7R30EU99CSEDNPH02YUVFSZW44VU";
      assertThat(ServiceTokens.ageChecksum(published, 16)).isTrue();
      for (int i = 0; i < 200; i++) {
        String key = samples.ageKey();
        assertThat(key).hasSize(74).startsWith("AGE-SECRET-KEY-1");
        assertThat(ServiceTokens.ageChecksum(key, 16)).as(key).isTrue();
        int k = 16 + i % 58;
        String alphabet = TokenSamples.BECH32_UPPER;
        char other = alphabet.charAt((alphabet.indexOf(key.charAt(k)) + 1 + i % 31) % 32);
        String changed = key.substring(0, k) + other + key.substring(k + 1);
        assertThat(ServiceTokens.ageChecksum(changed, 16)).as(changed).isFalse();
      }
    }

    @Test
    void anAgeKeyIsFoundGluedOnlyWhenItsChecksumHolds() {
      String key = samples.ageKey();
      assertThat(found(key + "ABC")).containsExactly(key);
      assertThat(found("# created\n" + key + "\n")).containsExactly(key);
      String badChecksum = key.substring(0, 73) + (key.charAt(73) == 'Q' ? 'P' : 'Q');
      assertThat(found(badChecksum)).containsExactly(badChecksum); // a failing checksum never rejects
      assertThat(found(badChecksum + "ABC")).isEmpty();
      assertThat(found(key.toLowerCase())).isEmpty(); // age writes identities in upper case
    }

    @Test
    void atlassianTrailerIsTheCrc32OfEverythingBeforeIt() {
      String published = "ATATT3xFfGF0K3irG5tKKi-6u-wwaXQFeGwZ-IHR-hQ3CulkKtMSuteRQFfLZ6jihHThzZCg_UjnDt-4Wl_gIRf4zrZJs5Jqae"
          + "uBhsfJ4W5GD6yGg3W7903gbvaxZPBjxIQQ7BgFDSkPS8oPispw4KLz56mdK-G6CIvLO6hHRrZHY0Q3tvJ6JxE=C63992E6";
      assertThat(GitTokens.atlassianChecksum(published, 0, published.indexOf('='))).isTrue();
      for (int i = 0; i < 100; i++) {
        String token = samples.atlassian("ATATT3xFfGF0", 20 + i);
        assertThat(GitTokens.atlassianChecksum(token, 0, token.lastIndexOf('='))).as(token).isTrue();
        String changed = token.replace("xFfGF0", "xFfGF1");
        assertThat(GitTokens.atlassianChecksum(changed, 0, changed.lastIndexOf('='))).as(changed).isFalse();
      }
    }

    @Test
    void anAtlassianTokenIsFoundGluedOnlyWhenItsCrcHolds() {
      String token = samples.atlassian("ATCTT3xFfGN0", 171);
      assertThat(found(token + "abc")).containsExactly(token);
      assertThat(found("git clone https://x-token-auth:" + token + "@bitbucket.org/org/repo.git")).containsExactly(token);
      String badCrc = token.substring(0, token.length() - 1) + (token.endsWith("0") ? '1' : '0');
      assertThat(found(badCrc)).containsExactly(badCrc);
      assertThat(found(badCrc + "abc")).isEmpty();
      assertThat(found(badCrc + "-x")).isEmpty();
    }
  }

  @Nested
  class Discord {
    final TokenSamples samples = new TokenSamples(1937);

    @Test
    void theFirstPartMustDecodeToADecimalId() {
      String token = samples.discord(18, 38);
      String rest = token.substring(token.indexOf('.'));
      // base64 of 18 letters, of an id starting with 0, of 18 digits with one letter
      for (String id : new String[] {"abcdefghijklmnopqr", "012345678901234567", "12345678901234567x"}) {
        String part = Base64.getEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.US_ASCII));
        assertThat(found(part + rest)).as(part + rest).isEmpty();
      }
      assertThat(found(token)).containsExactly(token);
    }

    @Test
    void partsOfTheWrongLengthAreNoToken() {
      String token = samples.discord(18, 27);
      String[] parts = token.split("\\.");
      assertThat(found(parts[0] + "A." + parts[1] + "." + parts[2])).isEmpty(); // 25: not a base64 length
      assertThat(found(parts[0].substring(1) + "." + parts[1] + "." + parts[2])).isEmpty();
      assertThat(found(parts[0] + "." + parts[1] + "x." + parts[2])).isEmpty();
      assertThat(found(parts[0] + "." + parts[1].substring(1) + "." + parts[2])).isEmpty();
      assertThat(found(parts[0] + "." + parts[1] + "." + parts[2].substring(1))).isEmpty();
      assertThat(found(parts[0] + "." + parts[1] + "." + samples.b64url(65))).isEmpty();
      assertThat(found(parts[0] + "." + parts[1])).isEmpty();
      assertThat(found(parts[0] + "." + parts[1] + "." + samples.b64url(64))).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MTIzNDU2Nzg5MDEyMzQ1Njc4", "cursor=MTIzNDU2Nzg5MDEyMzQ1Njc4&n=2", "MTIzNDU2Nzg5MDEyMzQ1Njc4.abc.def",
        "Mozilla/5.0 (X11; Linux x86_64)", "NetworkClient.java:123", "OAuth2AuthorizationRequestRedirectFilter.doFilter"})
    void ignoresBase64IdsAndWordsAlone(String text) {
      assertThat(found(text)).isEmpty();
    }
  }

  @Nested
  class TerraformCloud {
    final TokenSamples samples = new TokenSamples(1401);

    @Test
    void isMaskedFromAtlasv1OnInEveryContext() {
      for (int secret : new int[] {60, 65, 70}) {
        String token = samples.terraformCloud(secret);
        String masked = token.substring(15);
        for (String context : CONTEXTS) {
          assertThat(found(context.formatted(token))).as(context).containsExactly(masked);
        }
      }
      String published = "hE1hlYILrSqpqh.atlasv1.ARjZuyzl33F71WR55s6ln5GQ1HWIwTDDH3MiRjz7OnpCfaCb1RCF5zGaSncCWmJdcYA";
      assertThat(found("#token = \"" + published + "\"")).containsExactly(published.substring(15));
      String digitFirst = "01234567890123.atlasv1." + samples.b64url(66);
      assertThat(found("TFE_TOKEN=" + digitFirst)).containsExactly(digitFirst.substring(15));
    }

    @Test
    void nearMissesAreNoToken() {
      String secret = samples.b64url(65);
      assertThat(found(samples.chars(TokenSamples.BASE62, 13) + ".atlasv1." + secret)).isEmpty();
      assertThat(found(samples.chars(TokenSamples.BASE62, 15) + ".atlasv1." + secret)).isEmpty();
      assertThat(found("my" + samples.terraformCloud(65))).isEmpty();
      assertThat(found(samples.chars(TokenSamples.BASE62, 14) + ".atlasv1." + samples.b64url(59))).isEmpty();
      assertThat(found(samples.chars(TokenSamples.BASE62, 14) + ".atlasv1." + samples.b64url(71))).isEmpty();
      assertThat(found(samples.chars(TokenSamples.BASE62, 14) + ".atlasv2." + secret)).isEmpty();
      assertThat(found(samples.chars(TokenSamples.BASE62, 14) + "-atlasv1." + secret)).isEmpty();
      assertThat(found("atlasv1." + secret)).isEmpty();
      assertThat(found("token = \"xxxxxxxxxxxxxx.atlasv1.xxxx\" and the atlasv1 API")).isEmpty();
    }
  }

  @Nested
  class ShortPrefixesAndLeftOutFormats {
    @ParameterizedTest
    @ValueSource(strings = {
      "key-value store", "path=/var/log/app.log", "patternMatcher.matches()", "patch-2026.12.03.json",
      "patient_id=42 patchVersion=3", "secret_key_base is set", "secret_name=prod/db secret_ref=arn:aws:secretsmanager",
      "dapi_version=2 dapiClient", "sl.no 4, sl.cdn.example.com", "https://sk.wikipedia.org/wiki/Mapbox",
      "cdn.dp.pt.example.com dp.st.example dp.sa.gov", "LTAI", "AKID-1234", "EAAA in a sentence", "EAAAAUaZA8jlABA",
      "sbp_mmhg=120 sbp_", "ntn_12345678901", "NRAK-XXXXXXXX", "NRJS-1234567890abcdef012", "HRKU-", "PMAK-",
      "glc_enabled=true glc_", "GLC_CreateLightmapTextureArray", "fo1_status", "figd_", "pul-request", "lin_api_version",
      "age-keygen prints AGE-SECRET-KEY-1... to stdout", "ATATT3 tokens", "ATBB app passwords", "dckr_pat_***",
      "sntryu_ sntrys_ prefixes", "xkeysib-*** (masked)", "sk.eyJ", "sq0atp- sq0csp-", "fm2_abc,fm2_def",
    })
    void ignoresProseIdentifiersAndPrefixesAlone(String text) {
      assertThat(found(text)).isEmpty();
    }

    @Test
    void leftOutFormatsAreNotFound() {
      TokenSamples samples = new TokenSamples(55);
      String hex = samples.chars(TokenSamples.HEX, 32);
      // Twilio SIDs are identifiers (dozens of two-letter prefixes); the secrets carry no prefix
      assertThat(found("POST /2010-04-01/Accounts/AC" + hex + "/Messages.json")).isEmpty();
      assertThat(found("api_key_sid=SK" + hex)).isEmpty();
      // Mailgun's legacy key- + 32 hex has the shape of a cache key
      assertThat(found("redis GET key-" + hex)).isEmpty();
      // Mailchimp and Telegram start with a digit: no vendor token is looked for there
      assertThat(found("mailchimp " + hex + "-us6")).isEmpty();
      assertThat(found("bot123456789:AA" + samples.b64url(33))).isEmpty();
    }

    @Test
    void databricksTakesAOneDigitSuffixOnly() {
      String hex = new TokenSamples(61).chars(TokenSamples.HEX, 32);
      assertThat(found("dapi" + hex + "-2")).containsExactly("dapi" + hex + "-2");
      assertThat(found("dapi" + hex + "-12")).containsExactly("dapi" + hex);
      assertThat(found("dapi" + hex + "-x")).containsExactly("dapi" + hex);
      assertThat(found("dapi" + hex + "-2x")).containsExactly("dapi" + hex);
    }
  }

  @Nested
  class ThroughTokenScanner {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.eventpipeline.masking.detect.VendorTokensTest#samples")
    void everyFormatIsAnApiTokenInTheOnePass(Sample sample) {
      String text = "user=alice token " + sample.token() + " used";
      Findings f = new Findings();
      TokenScanner.all().scan(text, f);
      assertThat(f.size()).as(text).isEqualTo(1);
      assertThat(f.type(0)).isEqualTo(DetectorType.API_TOKEN);
      assertThat(text.substring(f.start(0), f.end(0))).isEqualTo(sample.token());
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
    void mayStartAtLetsEverySampleTokenThroughAndNarrowsCommonWords() {
      for (long seed : new long[] {1, 14, 2026}) {
        for (Sample sample : new TokenSamples(seed).all()) {
          String token = sample.token();
          assertThat(VendorTokens.mayStartAt(token, 0)).as(sample.format() + ": " + token).isTrue();
          // and wherever match() finds a token, the pre-filter said it might start there
          for (String text : List.of(token, "x " + token + " y", "-" + token)) {
            for (int i = 0; i < text.length(); i++) {
              if (VendorTokens.match(text, i) > 0) {
                assertThat(VendorTokens.mayStartAt(text, i)).as(text + " at " + i).isTrue();
              }
            }
          }
        }
      }
      for (String word : List.of("status", "stream", "region", "route", "duration", "level", "request", "during",
          "after", "node", "http", "failed", "message", "origin", "gateway", "xml")) {
        assertThat(VendorTokens.mayStartAt(word, 0)).as(word).isFalse();
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
        "hooks.slack.com/services/T/", "AIza-", "github_pat_a", "npm_a", "ATATT3a-", "ATATT3a=", "glc_a/", "glc_a+",
        "sntrys_eyJa/", "fm2_a/", "sl.a-", "sl.u.a=", "sk.eyJa-", "sk.eyJa.", "dp.st.ab.", "dp.pt.a-", "MTIz.",
        "MTIzNDU2Nzg5MDEyMzQ1Njc4.abcdef.", "aaaaaaaaaaaaaa.atlasv1.", "atlasv1.-", "AGE-SECRET-KEY-1Q", "pat",
        "dapi", "EAAA-", "HRKU-AA-", "PMAK-0-", "xkeysib-0-", "glsa_a_", "ntn_1", "NRII--"})
    void staysLinearOnRepeatedPrefixes(String unit) {
      String s = unit.repeat(2_000_000 / unit.length());
      assertTimeoutPreemptively(Duration.ofSeconds(30), () -> found(s));
    }

    @Test
    void matchIsSafeNearTheEndOfTheString() {
      for (String s : new String[] {"g", "gh", "ghp_", "xox", "xoxe.xo", "sk-ant-a", "hv", "SG.", "T", "shpat_",
          "whsec_", "a/T", "hooks.slack.com/services/T", "sk-ant-api03", "xoxe.xoxp", "hvs.abc", "AGE-SECRET-KEY-1",
          "AGE-SECRET-KEY-1QQ", "ATATT3xFfGF0", "ATATT3abcdefghijklmnopqrstuvwxyz=", "ATATT3abcdefghijklmnopqrstu=0123",
          "dp.st.ab", "dp.st.ab.", "dp.audit", "dapi", "dapi0123456789abcdef0123456789abcde", "PMAK-", "glc_",
          "glsa_", "sq0atp-", "EAAA", "ATBB", "AKID", "LTAI", "dckr_pat", "pul-", "figd_", "ntn_", "ntn_0123456789",
          "secret_", "pat0123456789abcd", "pat0123456789abcd.", "sbp_", "fo1_", "fm2_", "fm1a_", "a.atlasv1.",
          "0123456789abcd.atlasv1", "NRAK-", "NRII-", "sntrys_eyJ", "sntryu_", "HRKU-AA", "MTk4NjIyNDgzNDcxOTI1MjQ4",
          "MTk4NjIyNDgzNDcxOTI1MjQ4.", "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.", "xkeysib-", "xsmtpsib-", "sk.eyJ",
          "sk.eyJabc.", "sl.", "sl.u.", "lin_api_", "M", "N", "O", "E", "P", "H", "L", "f", "l", "a"}) {
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
