package dev.eventpipeline.masking.detect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

  private final Random random;

  TokenSamples(long seed) {
    this.random = new Random(seed);
  }

  /** A named sample: what the format is, and one token of it. */
  record Sample(String format, String token) {
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
    return out;
  }
}
