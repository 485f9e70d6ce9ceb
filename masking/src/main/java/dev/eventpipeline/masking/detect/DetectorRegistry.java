package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one registry of detectors: which detector finds each type, what it finds, and examples of
 * what it catches and what it deliberately does not. {@code MaskEngine} builds its detectors from
 * here, docs/masking.md's detector table is {@link #markdownTable()} (a test keeps them equal), and
 * a test runs every example through the engine.
 *
 * <p>In a "catches" example the value found is written between « and »; the rest of the line must
 * survive. A "not" example has no finding of the entry's type.
 */
public final class DetectorRegistry {
  /** One type: the detector that finds it, a one-line rule, and examples. */
  public record Entry(DetectorType type, String detector, String finds, List<String> catches, List<String> not) {}

  private static final List<Entry> ENTRIES = List.of(
      new Entry(DetectorType.PRIVATE_KEY, "PrivateKeyDetector",
          "`-----BEGIN … PRIVATE KEY-----` (PEM, OpenSSH, encrypted, PGP) to its END line, whatever separates the lines;"
              + " to the end of the string when the END line is cut off",
          List.of("key «-----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY-----» loaded",
              "«-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNz»"),
          List.of("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----", "-----BEGIN PUBLIC KEY-----",
              "the words BEGIN PRIVATE KEY in prose")),
      new Entry(DetectorType.JWT, "JwtDetector",
          "three base64url parts from `eyJ`; the header decodes to JSON with `alg`, the payload to a JSON object",
          List.of("session «eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl» ok",
              "Authorization: Bearer «eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1LTkxIn0.c2ln-bmF0dXJl» status=200"),
          List.of("eyJub3RhbGciOjF9.eyJzdWIiOiIxIn0.c2ln (no alg)", "eyJhbGciOiJIUzI1NiJ9 alone")),
      new Entry(DetectorType.AWS_SECRET_KEY, "AwsSecretKeyDetector",
          "40 base64 characters mixing cases and digits, starting within 30 characters after `secret`"
              + " (`aws_secret_access_key`, `SecretAccessKey`), as CloudWatch Logs data protection does",
          List.of("aws_secret_access_key = «wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY»",
              "{\"SecretAccessKey\": \"«je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY»\"}"),
          List.of("sha1 0a4d55a8d778e5022fab701977c5d840bbc486d0 (no keyword)",
              "client secret sent as Basic dXNlcm5hbWU6c3VwZXJzZWNyZXRwYXNzd29yZDEy")),
      new Entry(DetectorType.AWS_ACCESS_KEY_ID, "TokenScanner",
          "`AKIA ASIA AGPA AIDA AROA ANPA ANVA AIPA ABIA ACCA APKA ASCA A3T?` + 16 of `[A-Z0-9]`, bounded",
          List.of("key «AKIAIOSFODNN7EXAMPLE» used", "AWSAccessKeyId=«ASIAXYZ0123456789ABC»&Expires=1"),
          List.of("AKIANOTREAL", "AKIAIOSFODNN7EXAMPLEX (21 characters)", "akiaiosfodnn7example")),
      new Entry(DetectorType.API_TOKEN, "TokenScanner + VendorTokens",
          "vendor tokens by published prefix, exact length and charset: GitHub (`ghp_` … with its CRC32 trailer,"
              + " `github_pat_`), GitLab, Slack, Stripe, Google `AIza`, npm, PyPI, SendGrid, Shopify, DigitalOcean,"
              + " Hugging Face, OpenAI, Anthropic, Vault, … (see VendorTokens)",
          List.of("push with «ghp_16C7e42F292c6912E7710c838347Ae178B4a» done",
              "key=«AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY»", "«xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx»"),
          List.of("ghp_tooShort", "sk_test_environment_name", "npm_config_cache=/tmp")),
      new Entry(DetectorType.AUTHORIZATION, "AuthorizationDetector, KeyValueDetector",
          "the credential of an `Authorization` value (after any scheme, or the auth-params' values, or the one"
              + " token), and after `Bearer`/`Basic` anywhere: a random-looking 16+ character token, or base64 of"
              + " `user:password`; never the scheme or the rest of the line",
          List.of("Authorization: Basic «Ym9iOnRvcC1zZWNyZXQ=» status=403 ref=x9",
              "authorization: bearer «qwertyuiopasdfgh1234» path=/v1", "Authorization: «opaqueValue42» user=7",
              "using Bearer «8f3a9c21e4b74d0fa1c2» for calls"),
          List.of("Bearer token required", "use basic auth for this", "WWW-Authenticate: Bearer realm=\"api\"")),
      new Entry(DetectorType.PASSWORD, "UrlPasswordDetector, KeyValueDetector",
          "the password of `scheme://user:password@host`; values of password keys (`password`, `passwd`, `pwd`,"
              + " `pass`, `passphrase`, `password_confirmation`, `passwordConfirm`, `DBPASS`, …), in text, JSON and"
              + " XML elements",
          List.of("postgres://admin:«s3cr3t»@db:5432/app", "password=«%TB2ALbuctVF» user=1",
              "{\\\"db_password\\\":\\\"«Zx9-q»\\\"}", "passwordConfirm: «Tr0ub4dor»",
              "<wsse:Password Type=\"PasswordText\">«s3cr3t»</wsse:Password>"),
          List.of("password=${DB_PASSWORD}", "password_policy=strict", "passwd_changed_at=2026-01-02", "bypass=true",
              "https://user@example.com/")),
      new Entry(DetectorType.SECRET, "KeyValueDetector",
          "values of other sensitive keys (`secret`, `token`, `api_key`, `client_secret`, `access_token`,"
              + " `private_key`, `pin`, `cvv`, `otp`, `session_id`, `signature`, …, plus the policy's"
              + " `sensitiveKeys`); each cookie value of `Cookie`/`Set-Cookie`",
          List.of("X-API-Key: «k_92jf83» ok", "GET /cb?access_token=«ya29.a0Af»&state=x",
              "Cookie: sess=«9f8e7d»; lang=«de» ua=curl", "cvv=«918» pin=«4402»"),
          List.of("token_count=12 max_tokens=512", "secretName=prod/db", "api_key=[REDACTED]",
              "aws_token := os.Getenv(\"AWS_TOKEN\")", "failed to refresh access token: HTTP 401")),
      new Entry(DetectorType.EMAIL, "EmailDetector",
          "`local@domain.tld` in any script (RFC 6531, IDN domains, xn-- labels); full-width, percent-encoded and"
              + " `\\u0040`-escaped forms through the normalized view",
          List.of("from «zoë.müller@beispiel.de» ok", "from «пётр@почта.рф» ok", "GET /s?u=«marie%40example.org»&p=2",
              "mail «ｍａｒｉｅ＠ｅｘａｍｐｌｅ．ｏｒｇ» ok"),
          List.of("user@localhost", "@Override", "logo@2x.png", "https://token@github.com/x.git", "a@b.c")),
      new Entry(DetectorType.CREDIT_CARD, "TokenScanner",
          "13-16 digits in one run (17-19 where a card is named just before, or its JSON key is a card's), or"
              + " grouped as printed (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3) with one separator (space, tab, `-`, `.`,"
              + " `_`, `/`; Unicode spaces and full-width digits normalized); issuer prefix for the length, Luhn",
          List.of("paid with «4111 1111 1111 1111» today", "card «５５００ ００００ ００００ ０００４» ok",
              "card «5500_0000_0000_0004» ok", "charging card «6226416973676359» now"),
          List.of("4111111111111112 (Luhn)", "order 41111111111111110000 (20 digits)", "3849 3617 462 661 (fields)",
              "dd.span_id=14292093692483532556")),
      new Entry(DetectorType.IBAN, "TokenScanner",
          "country code, exact national length, compact or in groups of 4, ISO 7064 mod-97",
          List.of("iban «GB29 NWBK 6016 1331 9268 19» ok", "«DE89370400440532013000»"),
          List.of("NO60 0830 7549 528 (bad checksum)", "gb29nwbk60161331926819")),
      new Entry(DetectorType.US_SSN, "TokenScanner",
          "`AAA-GG-SSSS` (or spaces, dots; one kind) in the issued ranges",
          List.of("ssn «123-45-6789» on file", "ssn «２７４-１４-１７２６»"),
          List.of("123456789 (bare)", "666-12-3456", "078-05-1120 (voided)")),
      new Entry(DetectorType.IPV6, "Ipv6Detector",
          "full or compressed, embedded IPv4 tail, `%zone`; 1-4 hex digits per group, one `::`, a decimal digit",
          List.of("peer «2001:db8::7» up", "link «fe80::1%eth0» up", "[«2001:db8::7»]:443"),
          List.of("std::cout", "12:34:56", "00:1a:2b:3c:4d:5e", "2001::db8::1")),
      new Entry(DetectorType.IPV4, "TokenScanner",
          "four octets 0-255, not part of a longer dotted run, not glued to letters, not a product version"
              + " (`Chrome/…`, or named a version just before: `version`, `ver`, `release`, `build`, `firmware`, `fw`)",
          List.of("from «10.1.2.3» ok", "conn «192.0.2.44»:5432 ok", "ip «1.2.3.4» up"),
          List.of("release 1.2.3.4.5", "Chrome/124.0.0.0", "256.1.1.1", "agent version 1.2.3.4 started")),
      new Entry(DetectorType.PHONE, "TokenScanner",
          "`+CC …` (7-15 digits, separators, `(0)` groups), NANP forms, national numbers with a trunk 0 in groups"
              + " or in parentheses (9-12 digits); not inside a longer run of digit groups",
          List.of("sms to «+447700900123» sent", "call «(415) 555-0132» now", "tel «0176 88683122» ok",
              "call «(020) 7946 0958» now", "GET /s?tel=«%2B33142685300»&p=2"),
          List.of("4155550132 (bare)", "+05:30", "ref 4058-8332-0122-0429-654", "+1500ms")));

  private DetectorRegistry() {}

  public static List<Entry> entries() {
    return ENTRIES;
  }

  /**
   * The detectors for the enabled types, in the order they run. Credentials are always on. The
   * last is TokenScanner, the one pass over every word, which also finds the keywords of
   * AuthorizationDetector ("Bearer", "Basic") and AwsSecretKeyDetector ("secret").
   */
  public static Detector[] build(Set<DetectorType> enabled, SensitiveKeys keys) {
    List<Detector> list = new ArrayList<>();
    list.add(new PrivateKeyDetector());
    list.add(new JwtDetector());
    // AwsSecretKeyDetector and AuthorizationDetector's keywords are found in TokenScanner's one pass
    list.add(new UrlPasswordDetector());
    list.add(new KeyValueDetector(keys));
    if (enabled.contains(DetectorType.EMAIL)) {
      list.add(new EmailDetector());
    }
    if (enabled.contains(DetectorType.IPV6)) {
      list.add(new Ipv6Detector());
    }
    list.add(new TokenScanner(enabled));
    return list.toArray(Detector[]::new);
  }

  /** The registry as docs/masking.md shows it. */
  public static String markdownTable() {
    StringBuilder b = new StringBuilder("| type | detector | finds | catches | deliberately not |\n|---|---|---|---|---|\n");
    for (Entry e : ENTRIES) {
      b.append("| `").append(e.type()).append("` | ").append(e.detector()).append(" | ").append(e.finds()).append(" | ");
      b.append(examples(e.catches())).append(" | ").append(examples(e.not())).append(" |\n");
    }
    return b.toString();
  }

  private static String examples(List<String> list) {
    StringBuilder b = new StringBuilder();
    for (String example : list) {
      if (b.length() > 0) {
        b.append("<br>");
      }
      b.append('`').append(example.replace("\n", "\\n").replace("|", "\\|")).append('`');
    }
    return b.toString();
  }

  /** Prints the table (paste it into docs/masking.md when the registry changes). */
  public static void main(String[] args) {
    System.out.print(markdownTable());
  }
}
