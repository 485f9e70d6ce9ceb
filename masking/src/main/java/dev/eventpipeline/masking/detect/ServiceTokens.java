package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.masking.detect.TokenChars.B64;
import static dev.eventpipeline.masking.detect.TokenChars.B64URL;
import static dev.eventpipeline.masking.detect.TokenChars.B64URL_PAD;
import static dev.eventpipeline.masking.detect.TokenChars.BASE36;
import static dev.eventpipeline.masking.detect.TokenChars.BASE62;
import static dev.eventpipeline.masking.detect.TokenChars.BECH32_UPPER;
import static dev.eventpipeline.masking.detect.TokenChars.BECH32_VALUE;
import static dev.eventpipeline.masking.detect.TokenChars.DIGIT;
import static dev.eventpipeline.masking.detect.TokenChars.HEX;
import static dev.eventpipeline.masking.detect.TokenChars.SLUG;
import static dev.eventpipeline.masking.detect.TokenChars.WORD;
import static dev.eventpipeline.masking.detect.TokenChars.bounded;
import static dev.eventpipeline.masking.detect.TokenChars.fixed;
import static dev.eventpipeline.masking.detect.TokenChars.is;
import static dev.eventpipeline.masking.detect.TokenChars.paddedBase64;
import static dev.eventpipeline.masking.detect.TokenChars.span;

/**
 * Tokens of cloud, AI, payment and SaaS APIs, for {@link VendorTokens}: Stripe, OpenAI, Anthropic,
 * Shopify, Square, Supabase, Sentry, Notion, Mapbox, Dropbox, Google, age, Tencent, Doppler,
 * Databricks, Terraform Cloud, PyPI, DigitalOcean, Hugging Face and the rest of the table.
 */
final class ServiceTokens {
  private ServiceTokens() {}

  private static final int[] BECH32_GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  /** The bech32 checksum state after age's human-readable part, "age-secret-key-", expanded. */
  private static final int AGE_HRP_STATE;

  static {
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
  }

  static int startsWithS(String s, int i) {
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
  static int stripe(String s, int i) {
    if (!(s.startsWith("live_", i + 3) || s.startsWith("test_", i + 3))) {
      return -1;
    }
    int body = i + 8;
    int e = span(s, body, s.length(), BASE62);
    return e - body >= 10 && bounded(s, e, WORD) ? e : -1;
  }

  static int webhookSecret(String s, int body) {
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

  static int startsWithUpperA(String s, int i) {
    switch (s.charAt(i + 1)) {
      case 'I':
        return s.startsWith("AIza", i) ? fixed(s, i + 4, 35, B64URL) : -1;
      case 'G':
        return s.startsWith("AGE-SECRET-KEY-1", i) ? ageSecretKey(s, i + 16) : -1;
      case 'T':
        if (s.startsWith("ATATT3", i) || s.startsWith("ATCTT3", i)) {
          return GitTokens.atlassian(s, i);
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

  static int startsWithN(String s, int i) {
    if (s.startsWith("npm_", i)) {
      return GitTokens.crcToken(s, i + 4, false);
    }
    if (s.startsWith("ntn_", i)) {
      int digits = i + 4 + 11; // Notion: 11 digits, then 35 base62
      return span(s, i + 4, digits, DIGIT) == digits ? fixed(s, digits, 35, BASE62) : -1;
    }
    return -1;
  }

  static int startsWithP(String s, int i) {
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

  static int startsWithD(String s, int i) {
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

  static int startsWithF(String s, int i) {
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
  static int terraformCloud(String s, int i) {
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

  static int startsWithH(String s, int i) {
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
}
