package dev.eventpipeline.masking.eval;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Credential values: AWS access key ids and secret keys, JWTs that decode, PEM private keys,
 * passwords, opaque and Basic credentials, and vendor tokens with their published prefix, length,
 * charset and (GitHub, npm) CRC32 checksum.
 */
final class Creds {
  private Creds() {}

  static final String B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  /** AKIA (long-term) or ASIA (temporary) followed by 16 base32 characters. */
  static String awsAccessKeyId(Gen g) {
    return g.pick("AKIA", "AKIA", "ASIA") + g.from(B32, 16);
  }

  /** 40 base64 characters mixing upper case, lower case and digits, as IAM issues them. */
  static String awsSecretKey(Gen g) {
    while (true) {
      String s = g.from(Gen.B64, 40);
      if (s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase)
          && s.chars().anyMatch(Character::isDigit)) {
        return s;
      }
    }
  }

  // ---- JWT ----

  static String jwt(Gen g) {
    String alg = g.pick("HS256", "RS256", "RS256", "ES256", "PS256", "EdDSA", "HS512");
    StringBuilder header = new StringBuilder("{\"alg\":\"").append(alg).append('"');
    if (g.p(0.6)) {
      header.append(",\"typ\":\"JWT\"");
    }
    if (g.p(0.5)) {
      header.append(",\"kid\":\"").append(g.hex(16)).append('"');
    }
    header.append('}');
    long iat = g.epochSeconds();
    StringBuilder payload = new StringBuilder("{");
    payload.append("\"sub\":\"").append(g.p(0.5) ? g.uuid() : String.valueOf(g.between(1000, 9_999_999))).append('"');
    if (g.p(0.7)) {
      payload.append(",\"iss\":\"https://").append(g.pick("auth", "login", "id", "sso")).append('.')
          .append(g.domainLabel()).append(".com/\"");
    }
    if (g.p(0.5)) {
      payload.append(",\"aud\":\"").append(g.word()).append("-api\"");
    }
    payload.append(",\"iat\":").append(iat).append(",\"exp\":").append(iat + g.pick(300, 900, 3600, 86400));
    if (g.p(0.4)) {
      payload.append(",\"scope\":\"").append(g.word()).append(":read ").append(g.word()).append(":write\"");
    }
    if (g.p(0.3)) {
      payload.append(",\"jti\":\"").append(g.hex(24)).append('"');
    }
    payload.append('}');
    int sigBytes = switch (alg) {
      case "HS256" -> 32;
      case "HS512" -> 64;
      case "ES256", "EdDSA" -> 64;
      default -> 256;
    };
    return Gen.b64url(header.toString()) + "." + Gen.b64url(payload.toString()) + "." + g.b64url(sigBytes);
  }

  // ---- PEM private keys ----

  /** A PEM (or OpenSSH) private key block whose lines are joined by {@code newline}. */
  static String pem(Gen g, String newline) {
    String label;
    int bytes;
    int width = 64;
    String headers = null;
    switch (g.between(0, 5)) {
      case 0 -> {
        label = "PRIVATE KEY";
        bytes = g.pick(48, 138, 1218);
      }
      case 1 -> {
        label = "RSA PRIVATE KEY";
        bytes = g.pick(608, 1192, 1766);
        if (g.p(0.2)) {
          headers = "Proc-Type: 4,ENCRYPTED" + newline + "DEK-Info: AES-128-CBC," + g.hex(32).toUpperCase(Locale.ROOT);
        }
      }
      case 2 -> {
        label = "EC PRIVATE KEY";
        bytes = g.pick(121, 167, 223);
      }
      case 3 -> {
        label = "OPENSSH PRIVATE KEY";
        bytes = g.pick(399, 1823);
        width = 70;
      }
      case 4 -> {
        label = "ENCRYPTED PRIVATE KEY";
        bytes = g.pick(222, 1298);
      }
      default -> {
        label = "DSA PRIVATE KEY";
        bytes = 444;
      }
    }
    String body = Base64.getEncoder().encodeToString(g.bytes(bytes));
    StringBuilder b = new StringBuilder("-----BEGIN ").append(label).append("-----").append(newline);
    if (headers != null) {
      b.append(headers).append(newline).append(newline);
    }
    for (int i = 0; i < body.length(); i += width) {
      b.append(body, i, Math.min(body.length(), i + width)).append(newline);
    }
    b.append("-----END ").append(label).append("-----");
    return b.toString();
  }

  // ---- passwords and opaque secrets ----

  private static final String SYMBOLS = "!#%^*-_=+~";

  /**
   * A password as people and generators make them, starting with a letter or digit and free of
   * quotes, backslashes, whitespace, {@code , ; & @ :} (so where it ends in a text line is never in doubt).
   */
  static String password(Gen g) {
    while (true) {
      String pw = switch (g.between(0, 4)) {
        case 0 -> Gen.capitalize(g.latinName()) + g.between(1, 9999) + g.pick("!", "#", "%", "*", "");
        case 1 -> g.from(Gen.ALNUM, 1) + g.from(Gen.ALNUM + SYMBOLS, g.between(9, 23));
        case 2 -> g.latinName() + "-" + g.latinName() + "-" + g.latinName() + g.between(1, 99);
        case 3 -> g.from(Gen.ALNUM, g.between(12, 32));
        default -> Gen.capitalize(g.word()) + g.pick("_", "-", ".", "") + g.latinName() + g.between(10, 99) + g.from(SYMBOLS, 1);
      };
      if (pw.length() >= 6 && !pw.equalsIgnoreCase("null") && !pw.equalsIgnoreCase("true")
          && !pw.equalsIgnoreCase("false")) {
        return pw;
      }
    }
  }

  /** A password that is safe in a URL's user info: unreserved characters and percent escapes. */
  static String urlPassword(Gen g) {
    StringBuilder b = new StringBuilder(g.from(Gen.ALNUM, 1));
    int n = g.between(7, 23);
    for (int i = 0; i < n; i++) {
      if (g.p(0.08)) {
        b.append(g.pick("%21", "%40", "%23", "%24", "%2F", "%3A", "%26"));
      } else {
        b.append(g.from(Gen.ALNUM + "-._~", 1));
      }
    }
    return b.toString();
  }

  /** An opaque token: random base64url, hex, or base64 with padding. */
  static String opaqueToken(Gen g) {
    return switch (g.between(0, 4)) {
      case 0, 1 -> g.b64url(g.between(18, 48));
      case 2 -> g.hex(g.pick(32, 40, 64));
      case 3 -> g.b64(g.between(16, 40));
      default -> g.from(Gen.ALNUM, g.between(24, 64));
    };
  }

  static String basicCredentials(Gen g) {
    String user = switch (g.between(0, 3)) {
      case 0 -> g.latinName();
      case 1 -> g.latinName() + "." + g.latinName();
      case 2 -> "svc-" + g.word();
      default -> g.word() + "_" + g.between(1, 99);
    };
    String pw = g.p(0.7) ? password(g) : g.from(Gen.ALNUM, g.between(16, 40));
    return Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  // ---- vendor tokens ----

  /** Base62 of a CRC32 over the token's random part, left-padded to 6: GitHub's and npm's checksum. */
  static String crc32Base62(String random) {
    CRC32 crc = new CRC32();
    crc.update(random.getBytes(StandardCharsets.US_ASCII));
    long v = crc.getValue();
    StringBuilder b = new StringBuilder();
    while (v > 0) {
      b.append(Gen.BASE62.charAt((int) (v % 62)));
      v /= 62;
    }
    while (b.length() < 6) {
      b.append('0');
    }
    return b.reverse().toString();
  }

  /** ghp_/gho_/ghu_/ghs_/ghr_ + 30 random base62 + 6-character checksum. */
  static String githubClassic(Gen g) {
    String random = g.from(Gen.BASE62, 30);
    return g.pick("ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_") + random + crc32Base62(random);
  }

  /** Fine-grained personal access token: github_pat_ + 22 + _ + 59. */
  static String githubFineGrained(Gen g) {
    return "github_pat_11" + g.from(Gen.UPPER + Gen.DIGITS, 20) + "_" + g.from(Gen.ALNUM, 59);
  }

  static String npm(Gen g) {
    String random = g.from(Gen.BASE62, 30);
    return "npm_" + random + crc32Base62(random);
  }

  static String slack(Gen g) {
    return switch (g.between(0, 4)) {
      case 0, 1 -> "xoxb-" + g.number(g.between(10, 13)) + "-" + g.number(g.between(10, 13)) + "-" + g.from(Gen.ALNUM, 24);
      case 2 -> "xoxp-" + g.number(g.between(10, 13)) + "-" + g.number(g.between(10, 13)) + "-" + g.number(g.between(10, 13)) + "-" + g.hex(32);
      case 3 -> g.pick("xoxa-2-", "xoxr-", "xoxs-") + g.number(g.between(10, 13)) + "-" + g.number(g.between(10, 13)) + "-" + g.from(Gen.ALNUM, g.between(24, 40));
      default -> "xapp-1-A" + g.from(Gen.UPPER + Gen.DIGITS, 10) + "-" + g.number(13) + "-" + g.hex(64);
    };
  }

  /** Secret and restricted keys, live and test (publishable keys are public and not generated). */
  static String stripe(Gen g) {
    String prefix = g.pick("sk", "sk", "rk") + "_" + g.pick("live", "live", "test") + "_";
    return prefix + (g.p(0.5) ? g.from(Gen.ALNUM, 24) : "51" + g.from(Gen.ALNUM, 97));
  }

  static String googleApiKey(Gen g) {
    return "AIza" + g.from(Gen.ALNUM + "-_", 35);
  }

  /** Other vendors with a published prefix and shape; returns {vendor, token}. */
  static String[] otherVendor(Gen g) {
    return switch (g.between(0, 15)) {
      case 0 -> new String[] {"gitlab", "glpat-" + g.from(Gen.ALNUM + "-_", 20)};
      case 1 -> new String[] {"shopify", g.pick("shpat_", "shpca_", "shppa_", "shpss_") + g.hex(32)};
      case 2 -> new String[] {"sendgrid", "SG." + g.from(Gen.B64URL, 22) + "." + g.from(Gen.B64URL, 43)};
      case 3 -> new String[] {"huggingface", "hf_" + g.from(Gen.UPPER + Gen.LOWER, 34)};
      case 4 -> new String[] {"anthropic", "sk-ant-api03-" + g.from(Gen.B64URL, 93) + "AA"};
      case 5 -> new String[] {"digitalocean", g.pick("dop_v1_", "doo_v1_") + g.hex(64)};
      case 6 -> new String[] {"pypi", "pypi-AgEIcHlwaS5vcmc" + g.from(Gen.B64URL, g.between(60, 140))};
      case 7 -> new String[] {"vault", "hvs." + (g.p(0.5) ? g.from(Gen.ALNUM, 24) : "CAESI" + g.from(Gen.B64URL, 86))};
      case 8 -> new String[] {"doppler", "dp." + g.pick("pt", "st", "ct", "sa") + "." + g.from(Gen.ALNUM, 43)};
      case 9 -> new String[] {"databricks", "dapi" + g.hex(32) + (g.p(0.3) ? "-" + g.between(2, 9) : "")};
      case 10 -> new String[] {"postman", "PMAK-" + g.hex(24) + "-" + g.hex(34)};
      case 11 -> new String[] {"linear", "lin_api_" + g.from(Gen.ALNUM, 40)};
      case 12 -> new String[] {"grafana", "glsa_" + g.from(Gen.ALNUM, 32) + "_" + g.hex(8)};
      case 13 -> new String[] {"square", g.p(0.5) ? "sq0atp-" + g.from(Gen.B64URL, 22) : "sq0csp-" + g.from(Gen.B64URL, 43)};
      case 14 -> new String[] {"age", "AGE-SECRET-KEY-1" + g.from("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)};
      default -> new String[] {"gitlab", g.pick("glptt-", "gldt-", "glrt-") + g.from(Gen.ALNUM + "-_", 20)};
    };
  }
}
