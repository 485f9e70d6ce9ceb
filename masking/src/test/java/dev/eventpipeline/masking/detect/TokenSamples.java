package dev.eventpipeline.masking.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Test helper: vendor tokens generated from their published formats with a fixed seed. Checksums
 * are computed with {@link java.util.zip.CRC32}, independently of {@link VendorTokens#crc32}.
 */
final class TokenSamples {
  static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static final String B64URL = BASE62 + "-_";
  static final String B64 = BASE62 + "+/";
  static final String HEX = "0123456789abcdef";
  static final String DIGITS = "0123456789";
  static final String UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  static final String UPPER_HEX = "0123456789ABCDEF";
  static final String B64URL_PAD = B64URL + "=";
  /** BIP-173's 32 characters, upper case as age writes them. */
  static final String BECH32_UPPER = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";
  /** Doppler config names. */
  static final String SLUG = "abcdefghijklmnopqrstuvwxyz0123456789-_";
  static final int OPEN = Integer.MAX_VALUE;

  /** One part of a published format: a literal, or {@code min} to {@code max} characters of an alphabet. */
  record Part(String literal, String alphabet, int min, int max) {
    static Part lit(String text) {
      return new Part(text, null, text.length(), text.length());
    }

    static Part of(String alphabet, int length) {
      return new Part(null, alphabet, length, length);
    }

    static Part of(String alphabet, int min, int max) {
      return new Part(null, alphabet, min, max);
    }

    boolean variable() {
      return literal == null;
    }
  }

  /** A format as its parts, as the source describes it; the first part is its literal prefix. */
  record Shape(String format, Part... parts) {
    String prefix() {
      return parts[0].literal();
    }

    @Override
    public String toString() {
      return format;
    }
  }

  /** Every format added after the first set, described only by the parts its source publishes. */
  static final List<Shape> SHAPES = shapes();

  private static List<Shape> shapes() {
    List<Shape> out = new ArrayList<>();
    out.add(new Shape("age", Part.lit("AGE-SECRET-KEY-1"), Part.of(BECH32_UPPER, 58)));
    out.add(new Shape("Linear lin_api_", Part.lit("lin_api_"), Part.of(BASE62, 40)));
    for (String kind : new String[] {"pt", "st", "ct", "sa", "said", "scim", "audit"}) {
      out.add(new Shape("Doppler dp." + kind + ".", Part.lit("dp." + kind + "."), Part.of(BASE62, 40, 44)));
    }
    out.add(new Shape("Doppler dp.st. with a config name", Part.lit("dp.st."), Part.of(SLUG, 2, 35), Part.lit("."),
        Part.of(BASE62, 40, 44)));
    out.add(new Shape("Databricks dapi", Part.lit("dapi"), Part.of(HEX, 32)));
    out.add(new Shape("Postman PMAK-", Part.lit("PMAK-"), Part.of(HEX, 24), Part.lit("-"), Part.of(HEX, 34)));
    out.add(new Shape("Grafana glc_", Part.lit("glc_"), Part.of(B64, 32, 400)));
    out.add(new Shape("Grafana glsa_", Part.lit("glsa_"), Part.of(BASE62, 32), Part.lit("_"), Part.of(HEX, 8)));
    out.add(new Shape("Square sq0atp-", Part.lit("sq0atp-"), Part.of(B64URL, 22)));
    out.add(new Shape("Square sq0csp-", Part.lit("sq0csp-"), Part.of(B64URL, 43)));
    out.add(new Shape("Square EAAA", Part.lit("EAAA"), Part.of(B64URL, 60)));
    // 20-400 after ATATT3, the first 6 of them the constant "xFfGF0" of every issued token
    out.add(new Shape("Atlassian ATATT3", Part.lit("ATATT3xFfGF0"), Part.of(B64URL, 14, 394), Part.lit("="),
        Part.of(UPPER_HEX, 8)));
    out.add(new Shape("Bitbucket ATCTT3", Part.lit("ATCTT3xFfGN0"), Part.of(B64URL, 14, 394), Part.lit("="),
        Part.of(UPPER_HEX, 8)));
    out.add(new Shape("Bitbucket ATBB", Part.lit("ATBB"), Part.of(BASE62, 32)));
    out.add(new Shape("Docker Hub dckr_pat_", Part.lit("dckr_pat_"), Part.of(B64URL, 27)));
    out.add(new Shape("Pulumi pul-", Part.lit("pul-"), Part.of(HEX, 40)));
    out.add(new Shape("Figma figd_", Part.lit("figd_"), Part.of(B64URL, 40)));
    out.add(new Shape("Notion ntn_", Part.lit("ntn_"), Part.of(DIGITS, 11), Part.of(BASE62, 35)));
    out.add(new Shape("Notion secret_", Part.lit("secret_"), Part.of(BASE62, 43)));
    out.add(new Shape("Airtable pat", Part.lit("pat"), Part.of(BASE62, 14), Part.lit("."), Part.of(HEX, 64)));
    out.add(new Shape("Supabase sbp_", Part.lit("sbp_"), Part.of(HEX, 40)));
    out.add(new Shape("Fly.io fo1_", Part.lit("fo1_"), Part.of(B64URL, 43)));
    for (String p : new String[] {"fm2_", "fm1a_", "fm1r_"}) {
      out.add(new Shape("Fly.io " + p, Part.lit(p), Part.of(B64, 100, 4096)));
    }
    out.add(new Shape("New Relic NRAK-", Part.lit("NRAK-"), Part.of(BASE62, 27)));
    out.add(new Shape("New Relic NRII-", Part.lit("NRII-"), Part.of(BASE62 + "-", 32)));
    out.add(new Shape("Sentry sntryu_", Part.lit("sntryu_"), Part.of(HEX, 64)));
    out.add(new Shape("Sentry sntrys_", Part.lit("sntrys_eyJ"), Part.of(B64, 40, 2000), Part.lit("_"), Part.of(B64, 43)));
    out.add(new Shape("Heroku HRKU-AA", Part.lit("HRKU-AA"), Part.of(B64URL, 58)));
    out.add(new Shape("Brevo xkeysib-", Part.lit("xkeysib-"), Part.of(HEX, 64), Part.lit("-"), Part.of(BASE62, 16)));
    out.add(new Shape("Brevo xsmtpsib-", Part.lit("xsmtpsib-"), Part.of(HEX, 64), Part.lit("-"), Part.of(BASE62, 16)));
    out.add(new Shape("Mapbox sk.", Part.lit("sk.eyJ"), Part.of(B64URL, 20, 1000), Part.lit("."), Part.of(B64URL, 20, 128)));
    out.add(new Shape("Dropbox sl.", Part.lit("sl."), Part.of(B64URL_PAD, 130, OPEN)));
    out.add(new Shape("Dropbox sl.u.", Part.lit("sl.u."), Part.of(B64URL_PAD, 130, OPEN)));
    out.add(new Shape("Alibaba LTAI", Part.lit("LTAI"), Part.of(BASE62, 20)));
    out.add(new Shape("Tencent AKID", Part.lit("AKID"), Part.of(BASE62, 32)));
    return List.copyOf(out);
  }

  private final Random random;

  TokenSamples(long seed) {
    this.random = new Random(seed);
  }

  /** A named sample: what the format is, its literal prefix (null: the tests derive it), and one token of it. */
  record Sample(String format, String prefix, String token) {
    Sample(String format, String token) {
      this(format, null, token);
    }

    @Override
    public String toString() {
      return format;
    }
  }

  String chars(String alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** Base64url without a leading or trailing '-'/'_' (so that a sample never ends in punctuation). */
  String b64url(int n) {
    return chars(BASE62, 1) + chars(B64URL, n - 2) + chars(BASE62, 1);
  }

  /**
   * A token of {@code shape}: every variable part {@code longest} (an open range: 300 more than its
   * minimum) or shortest, except part {@code index}, which is {@code length} long.
   */
  String token(Shape shape, boolean longest, int index, int length) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < shape.parts().length; k++) {
      Part part = shape.parts()[k];
      if (!part.variable()) {
        b.append(part.literal());
      } else if (k == index) {
        b.append(chars(part.alphabet(), length));
      } else {
        b.append(chars(part.alphabet(), !longest ? part.min() : part.max() == OPEN ? part.min() + 300 : part.max()));
      }
    }
    return b.toString();
  }

  String shortest(Shape shape) {
    return token(shape, false, -1, 0);
  }

  String longest(Shape shape) {
    return token(shape, true, -1, 0);
  }

  /** A character outside {@code alphabet}: a letter where one is outside it, else punctuation. */
  static char outside(String alphabet) {
    for (char c : "g-.".toCharArray()) {
      if (alphabet.indexOf(c) < 0) {
        return c;
      }
    }
    throw new IllegalArgumentException(alphabet);
  }

  /** BIP-173 bech32 of {@code data} under {@code hrp}, lower case; written from the spec, independently of VendorTokens. */
  static String bech32(String hrp, byte[] data) {
    List<Integer> values = new ArrayList<>();
    int acc = 0;
    int bits = 0;
    for (byte b : data) {
      acc = acc << 8 | (b & 0xFF);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        values.add(acc >> bits & 31);
      }
    }
    if (bits > 0) {
      values.add(acc << (5 - bits) & 31);
    }
    List<Integer> checked = new ArrayList<>();
    for (char c : hrp.toCharArray()) {
      checked.add(c >> 5);
    }
    checked.add(0);
    for (char c : hrp.toCharArray()) {
      checked.add(c & 31);
    }
    checked.addAll(values);
    for (int k = 0; k < 6; k++) {
      checked.add(0);
    }
    int mod = polymod(checked) ^ 1;
    StringBuilder out = new StringBuilder(hrp).append('1');
    String alphabet = BECH32_UPPER.toLowerCase();
    for (int v : values) {
      out.append(alphabet.charAt(v));
    }
    for (int k = 0; k < 6; k++) {
      out.append(alphabet.charAt(mod >> 5 * (5 - k) & 31));
    }
    return out.toString();
  }

  private static int polymod(List<Integer> values) {
    int[] generator = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    int chk = 1;
    for (int v : values) {
      int top = chk >>> 25;
      chk = (chk & 0x1ffffff) << 5 ^ v;
      for (int g = 0; g < 5; g++) {
        chk ^= (top >> g & 1) != 0 ? generator[g] : 0;
      }
    }
    return chk;
  }

  /** An age identity: bech32 of 32 random bytes under "age-secret-key-", upper case (74 characters). */
  String ageKey() {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return bech32("age-secret-key-", key).toUpperCase();
  }

  /** An Atlassian-style token: prefix, base64url, '=', and the CRC32 of all that in 8 upper-case hex digits. */
  String atlassian(String prefix, int length) {
    String head = prefix + b64url(length) + "=";
    return head + String.format("%08X", crc32(head));
  }

  /**
   * A Discord bot token: base64 (no padding) of a {@code digits}-digit user id, '.', 6 base64url,
   * '.', {@code hmac} base64url.
   */
  String discord(int digits, int hmac) {
    String id = chars("123456789", 1) + chars(DIGITS, digits - 1);
    return Base64.getEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.US_ASCII)) + "."
        + b64url(6) + "." + b64url(hmac);
  }

  /** A Sentry organization token: "sntrys_", base64 of its JSON claims (padded), '_', 43 base64. */
  String sentryOrgToken() {
    String claims = "{\"iat\":" + (1_700_000_000 + random.nextInt(50_000_000)) + "." + random.nextInt(1_000_000)
        + ",\"url\":\"https://sentry.io\",\"region_url\":\"https://us.sentry.io\",\"org\":\""
        + chars("abcdefghijklmnopqrstuvwxyz", 3 + random.nextInt(12)) + "\"}";
    return "sntrys_" + Base64.getEncoder().encodeToString(claims.getBytes(StandardCharsets.US_ASCII)) + "_"
        + chars(B64, 43);
  }

  /** A Grafana Cloud token: "glc_" and the padded base64 of its JSON (org, name, key, region). */
  String grafanaCloud() {
    String json = "{\"o\":\"" + random.nextInt(1_000_000) + "\",\"n\":\"stack-" + random.nextInt(1_000_000)
        + "-hl-write-" + chars("abcdefghijklmnopqrstuvwxyz", 6) + "\",\"k\":\"" + chars(BASE62, 24)
        + "\",\"m\":{\"r\":\"us\"}}";
    String b64;
    do {
      json += " ";
      b64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.US_ASCII));
    } while (!b64.endsWith("=")); // one with padding
    return "glc_" + b64;
  }

  /** A Terraform Cloud token: 14 base62, ".atlasv1.", 60 to 70 of [A-Za-z0-9_=-]. */
  String terraformCloud(int secret) {
    return chars(BASE62, 14) + ".atlasv1." + chars(BASE62, 1) + chars(B64URL_PAD, secret - 2) + chars(BASE62, 1);
  }

  static long crc32(String s) {
    CRC32 crc = new CRC32();
    crc.update(s.getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }

  static String base62(long value, int width) {
    StringBuilder b = new StringBuilder();
    long v = value;
    while (v > 0) {
      b.append(BASE62.charAt((int) (v % 62)));
      v /= 62;
    }
    while (b.length() < width) {
      b.append('0');
    }
    return b.reverse().toString();
  }

  static String base36(long value, int width) {
    String s = Long.toString(value, 36);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }

  /** GitHub's and npm's format: 30 base62 and their CRC32 in 6 base62 digits. */
  String withCrc(String prefix) {
    String entropy = chars(BASE62, 30);
    return prefix + entropy + base62(crc32(entropy), 6);
  }

  /** 36 base62 whose last 6 are not the checksum of the 30 before them. */
  String withBadCrc(String prefix) {
    String entropy = chars(BASE62, 30);
    String good = base62(crc32(entropy), 6);
    String bad;
    do {
      bad = chars(BASE62, 6);
    } while (bad.equals(good));
    return prefix + entropy + bad;
  }

  /**
   * A GitLab routable token: base64url(routing payload + 16 random bytes + their count), '.',
   * optionally the version "01.", the base64 length in 2 base36 digits, CRC32 of all that in 7.
   */
  String gitlabRoutable(String prefix, boolean versioned) {
    byte[] payload = ("c:1\no:" + Long.toString(random.nextInt(100_000), 36) + "\nu:"
        + Long.toString(random.nextInt(10_000_000), 36)).getBytes(StandardCharsets.US_ASCII);
    byte[] raw = new byte[payload.length + 17];
    System.arraycopy(payload, 0, raw, 0, payload.length);
    byte[] randomBytes = new byte[16];
    random.nextBytes(randomBytes);
    System.arraycopy(randomBytes, 0, raw, payload.length, 16);
    raw[raw.length - 1] = 16;
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String encoded = prefix + b64 + "." + (versioned ? "01." : "") + base36(b64.length(), 2);
    return encoded + base36(crc32(encoded), 7);
  }

  /** One token of every implemented format. */
  List<Sample> all() {
    List<Sample> out = new ArrayList<>();
    for (String p : new String[] {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
      out.add(new Sample("GitHub " + p, withCrc(p)));
    }
    out.add(new Sample("GitHub ghr_ 76", "ghr_" + chars(BASE62, 76)));
    out.add(new Sample("GitHub github_pat_", "github_pat_" + chars(BASE62, 22) + "_" + chars(BASE62, 59)));
    out.add(new Sample("npm npm_", withCrc("npm_")));
    for (String p : new String[] {"glpat-", "gldt-", "glrt-", "glft-", "glsoat-", "glffct-"}) {
      out.add(new Sample("GitLab " + p, p + b64url(20)));
    }
    out.add(new Sample("GitLab glimt-", "glimt-" + b64url(25)));
    out.add(new Sample("GitLab glagent-", "glagent-" + b64url(50)));
    out.add(new Sample("GitLab gloas-", "gloas-" + b64url(64)));
    out.add(new Sample("GitLab glptt-", "glptt-" + chars(HEX, 40)));
    out.add(new Sample("GitLab glpat- routable", gitlabRoutable("glpat-", false)));
    out.add(new Sample("GitLab glpat- routable, versioned", gitlabRoutable("glpat-", true)));
    out.add(new Sample("GitLab glrt- routable", gitlabRoutable("glrt-t1_", true)));
    out.add(new Sample("Slack xoxb- bot", "xoxb-" + chars(DIGITS, 13) + "-" + chars(DIGITS, 13) + "-" + chars(BASE62, 24)));
    out.add(new Sample("Slack xoxb- legacy bot", "xoxb-" + chars(DIGITS, 12) + "-" + chars(BASE62, 24)));
    out.add(new Sample("Slack xoxp- user", "xoxp-" + chars(DIGITS, 12) + "-" + chars(DIGITS, 12) + "-"
        + chars(DIGITS, 12) + "-" + chars(HEX, 32)));
    out.add(new Sample("Slack xoxa- workspace", "xoxa-2-" + chars(DIGITS, 9) + "-" + chars(DIGITS, 11) + "-"
        + chars(DIGITS, 13) + "-" + chars(HEX, 18)));
    out.add(new Sample("Slack xoxr- refresh", "xoxr-1-" + chars(BASE62, 40)));
    out.add(new Sample("Slack xoxs- legacy", "xoxs-" + chars(DIGITS, 10) + "-" + chars(DIGITS, 10) + "-"
        + chars(DIGITS, 10) + "-" + chars(HEX, 10)));
    out.add(new Sample("Slack xoxc- client", "xoxc-" + chars(DIGITS, 12) + "-" + chars(DIGITS, 12) + "-"
        + chars(DIGITS, 13) + "-" + chars(HEX, 64)));
    out.add(new Sample("Slack xoxe- refresh", "xoxe-1-" + chars(BASE62, 146)));
    out.add(new Sample("Slack xoxe.xoxp- configuration", "xoxe.xoxp-1-" + chars(BASE62, 163)));
    out.add(new Sample("Slack xoxe.xoxb- configuration", "xoxe.xoxb-1-" + chars(BASE62, 165)));
    out.add(new Sample("Slack xapp- app-level", "xapp-1-A" + chars(UPPER_DIGITS, 10) + "-" + chars(DIGITS, 13)
        + "-" + chars(HEX, 64)));
    out.add(new Sample("Stripe sk_live_", "sk_live_" + chars(BASE62, 24)));
    out.add(new Sample("Stripe sk_test_", "sk_test_" + chars(BASE62, 99)));
    out.add(new Sample("Stripe rk_live_", "rk_live_" + chars(BASE62, 99)));
    out.add(new Sample("Stripe rk_test_", "rk_test_" + chars(BASE62, 24)));
    out.add(new Sample("Stripe whsec_", "whsec_" + chars(BASE62, 32)));
    out.add(new Sample("Stripe CLI whsec_", "whsec_" + chars(HEX, 64)));
    out.add(new Sample("Svix whsec_", "whsec_" + chars(BASE62, 1) + chars(B64, 41) + chars(BASE62, 1) + "="));
    out.add(new Sample("Google AIza", "AIza" + b64url(35)));
    out.add(new Sample("PyPI", "pypi-AgEIcHlwaS5vcmc" + b64url(160)));
    out.add(new Sample("TestPyPI", "pypi-AgENdGVzdC5weXBpLm9yZw" + b64url(160)));
    out.add(new Sample("SendGrid SG.", "SG." + b64url(22) + "." + b64url(43)));
    for (String p : new String[] {"shpat_", "shpss_", "shpca_", "shppa_"}) {
      out.add(new Sample("Shopify " + p, p + chars(HEX, 32)));
    }
    for (String p : new String[] {"dop_v1_", "doo_v1_", "dor_v1_"}) {
      out.add(new Sample("DigitalOcean " + p, p + chars(HEX, 64)));
    }
    out.add(new Sample("Hugging Face hf_", "hf_" + chars(LETTERS, 34)));
    out.add(new Sample("OpenAI sk-proj-", "sk-proj-" + b64url(74) + "T3BlbkFJ" + b64url(74)));
    out.add(new Sample("OpenAI sk-svcacct-", "sk-svcacct-" + b64url(74) + "T3BlbkFJ" + b64url(74)));
    out.add(new Sample("OpenAI sk-admin-", "sk-admin-" + b64url(58) + "T3BlbkFJ" + b64url(58)));
    out.add(new Sample("OpenAI legacy sk-", "sk-" + chars(BASE62, 20) + "T3BlbkFJ" + chars(BASE62, 20)));
    out.add(new Sample("Anthropic sk-ant-api03-", "sk-ant-api03-" + b64url(93) + "AA"));
    out.add(new Sample("Anthropic sk-ant-admin01-", "sk-ant-admin01-" + b64url(93) + "AA"));
    out.add(new Sample("Anthropic sk-ant-oat01-", "sk-ant-oat01-" + b64url(100)));
    out.add(new Sample("Vault hvs. service", "hvs." + b64url(91)));
    out.add(new Sample("Vault hvs. root", "hvs." + chars(BASE62, 24)));
    out.add(new Sample("Vault hvs. namespaced", "hvs." + chars(BASE62, 24) + "." + chars(BASE62, 5)));
    out.add(new Sample("Vault hvb. batch", "hvb." + b64url(138)));
    out.add(new Sample("Vault hvr. recovery", "hvr." + chars(BASE62, 24)));
    for (Shape shape : SHAPES) {
      out.add(new Sample(shape.format(), shape.prefix(), shortest(shape)));
      if (Arrays.stream(shape.parts()).anyMatch(p -> p.min() != p.max())) {
        out.add(new Sample(shape.format() + ", longest", shape.prefix(), longest(shape)));
      }
    }
    out.add(new Sample("age, valid checksum", "AGE-SECRET-KEY-1", ageKey()));
    out.add(new Sample("Atlassian ATATT3, valid CRC", "ATATT3", atlassian("ATATT3xFfGF0", 171)));
    out.add(new Sample("Bitbucket ATCTT3, valid CRC", "ATCTT3", atlassian("ATCTT3xFfGN0", 171)));
    out.add(new Sample("Databricks dapi, with -N", "dapi", "dapi" + chars(HEX, 32) + "-" + chars(DIGITS, 1)));
    out.add(new Sample("Grafana glc_, JSON", "glc_", grafanaCloud()));
    out.add(new Sample("Sentry sntrys_, JSON claims", "sntrys_", sentryOrgToken()));
    out.add(new Sample("Fly.io fm2_, padded", "fm2_", "fm2_" + Base64.getEncoder().encodeToString(bytes(301))));
    for (int digits = 17; digits <= 20; digits++) {
      String token = discord(digits, digits % 2 == 0 ? 38 : 27);
      out.add(new Sample("Discord, " + digits + "-digit id", token.substring(0, token.indexOf('.') + 1), token));
    }
    return out;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
