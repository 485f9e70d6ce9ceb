package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.settings.DetectorType.AUTHORIZATION;
import static dev.eventpipeline.settings.DetectorType.AWS_ACCESS_KEY_ID;
import static dev.eventpipeline.settings.DetectorType.AWS_SECRET_KEY;
import static dev.eventpipeline.settings.DetectorType.JWT;
import static dev.eventpipeline.settings.DetectorType.PASSWORD;
import static dev.eventpipeline.settings.DetectorType.PRIVATE_KEY;
import static dev.eventpipeline.settings.DetectorType.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** AWS keys, JWTs, private keys, URL passwords, Authorization values, sensitive keys. */
class CredentialDetectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // AWS's documentation example key pair: published, never valid
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @Nested
  class AwsAccessKeyIds {
    @ParameterizedTest
    @ValueSource(strings = {"AKIAIOSFODNN7EXAMPLE", "ASIAY34FZKBOKMUTVV7A", "AKIALALEMEL33243OLIA",
        "AKIATESTTESTTESTTEST", "AROA1234567890ABCDEF", "AIDAJQABLZS4A3QDU576", "A3TXABCDEFGHIJKLMNOP"})
    void findsKeyIdsWithAKnownPrefix(String id) {
      assertThat(Detected.of(AWS_ACCESS_KEY_ID, "key=" + id + ";")).containsExactly(id);
    }

    @Test
    void findsTheKeyInGitleaksFixture() {
      assertThat(Detected.of(AWS_ACCESS_KEY_ID, Detected.resource("pii/gitleaks_expected_git_small.txt")))
          .containsExactly("AKIALALEMEL33243OLIA", "AKIALALEMEL33243OLIA");
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "AKIANOTREAL", // detect-secrets' deliberate short key
      "AKIAIOSFODNN7EXAMPL", // 15 after the prefix
      "AKIAIOSFODNN7EXAMPLEX", // 17
      "akiaiosfodnn7example", // lower case
      "XAKIAIOSFODNN7EXAMPLE", // glued
      "AKIAiosfodnn7EXAMPLE",
      "ABCDIOSFODNN7EXAMPLE", // unknown prefix
      "0123456789ABCDEFGHIJ", // CloudTrail-shaped fake id
    })
    void ignoresNearMisses(String text) {
      assertThat(Detected.of(AWS_ACCESS_KEY_ID, text)).isEmpty();
    }
  }

  @Nested
  class AwsSecretKeys {
    @ParameterizedTest
    @ValueSource(strings = {
      "aws_secret_access_key = %s",
      "export AWS_SECRET_ACCESS_KEY=%s",
      "{\"SecretAccessKey\": \"%s\"}",
      "aws secret key is %s",
    })
    void findsFortyCharactersAfterAKeyword(String template) {
      assertThat(Detected.of(AWS_SECRET_KEY, template.formatted(SECRET_KEY))).containsExactly(SECRET_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", // no keyword: see docs/masking.md
      "secret = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE", // 39
      "secret = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYS", // 41
      "secret: the quick brown fox jumps over the lazy dog again and again wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "secret_name = arn:aws:secretsmanager:us-east-1:123456789012:secret:abcdefghij",
      "secret = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", // one class, not random
    })
    void ignoresNearMisses(String text) {
      assertThat(Detected.of(AWS_SECRET_KEY, text)).isEmpty();
    }
  }

  @Nested
  class Jwts {
    @Test
    void findsTheCognitoTokenInAnApiGatewayEvent() throws Exception {
      JsonNode event = JSON.readTree(Detected.resource("pii/powertools-ts_apigw-rest_jwt-authorizer-auth.json"));
      String header = event.path("headers").path("Authorization").asText();
      String token = header.substring("Bearer ".length());
      assertThat(Detected.in(header)).containsExactly("JWT=" + token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pii/jose-cookbook_4_3.ecdsa_signature.json", "pii/jose-cookbook_4_4.hmac-sha2_integrity_protection.json"})
    void findsCompactJwsWithJsonClaims(String vector) throws Exception {
      String compact = JSON.readTree(Detected.resource(vector)).path("output").path("compact").asText();
      // RFC 7520's payload is prose; a JWT carries JSON claims: re-encode the vector's header with claims
      String[] parts = compact.split("\\.");
      String claims = Base64.getUrlEncoder().withoutPadding()
          .encodeToString("{\"sub\":\"bilbo\",\"exp\":1700000000}".getBytes(StandardCharsets.UTF_8));
      String jwt = parts[0] + "." + claims + "." + parts[2];
      assertThat(Detected.of(JWT, "token " + jwt + " used")).containsExactly(jwt);
    }

    @Test
    void ignoresJwsWhosePayloadIsNotJson() throws Exception {
      String compact = JSON.readTree(Detected.resource("pii/jose-cookbook_4_1.rsa_v15_signature.json"))
          .path("output").path("compact").asText();
      assertThat(Detected.of(JWT, compact)).isEmpty();
    }

    @Test
    void ignoresFivePartJwe() throws Exception {
      String compact = JSON.readTree(Detected.resource("pii/jose-cookbook_5_6.direct_encryption_using_aes-gcm.json"))
          .path("output").path("compact").asText();
      assertThat(compact.split("\\.")).hasSize(5);
      assertThat(Detected.of(JWT, compact)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "eyJhbGciOiJIUzI1NiJ9", // header only
      "eyJub3RhbGciOiJ4In0.eyJzdWIiOiIxIn0.c2ln", // header without alg
      "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", // payload not JSON
      "xeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", // glued
      "eyJhbGciOiJIUzI1NiJ9!.eyJzdWIiOiIxIn0.c2ln",
    })
    void ignoresNearMisses(String text) {
      assertThat(Detected.of(JWT, text)).isEmpty();
    }
  }

  @Nested
  class PrivateKeys {
    @Test
    void findsOpenSshKeyFromGitleaks() {
      String key = Detected.resource("pii/gitleaks_id_ed25519").strip();
      assertThat(Detected.of(PRIVATE_KEY, "config:\n" + key + "\nend")).containsExactly(key);
    }

    @Test
    void findsDetectSecretsFakeKey() {
      String key = Detected.resource("pii/detect-secrets_files_private_key").strip();
      assertThat(Detected.in(key)).containsExactly("PRIVATE_KEY=" + key);
    }

    @Test
    void findsAKeyWrittenWithBackslashNEscapesInsideJsonText() {
      String message = "{\"key\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA0Z\\n-----END RSA PRIVATE KEY-----\\n\"}";
      assertThat(Detected.of(PRIVATE_KEY, message))
          .containsExactly("-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA0Z\\n-----END RSA PRIVATE KEY-----");
    }

    @Test
    void masksATruncatedKeyToTheEnd() {
      String text = "loaded -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49";
      assertThat(Detected.of(PRIVATE_KEY, text)).containsExactly(text.substring(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
      "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----",
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDxhYpjO266/FQgyiZzfO/Q5 root@devhost",
      "the words BEGIN PRIVATE KEY in prose",
    })
    void ignoresNearMisses(String text) {
      assertThat(Detected.of(PRIVATE_KEY, text)).isEmpty();
    }
  }

  @Nested
  class UrlPasswords {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
      "postgres://admin:s3cr3t@db.internal:5432/app|s3cr3t",
      "redis://:hunter2@cache:6379|hunter2",
      "fetching https://bob:p@ss@example.com/x|p@ss",
      "\"url\":\"amqp://guest:guest@rabbit/\"|guest",
    })
    void findsThePasswordOnly(String text, String password) {
      assertThat(Detected.of(PASSWORD, text)).containsExactly(password);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://host:8080/path", "https://user@example.com/", "mailto:a@b.com",
        "ftp://host/a:b@c", "see https://example.com/?q=a:b@c"})
    void ignoresNearMisses(String text) {
      assertThat(Detected.of(PASSWORD, text)).isEmpty();
    }
  }

  @Nested
  class AuthorizationValues {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
      "curl -H 'authorization: basic dXNlcjpwYXNzd29yZA==' x|AUTHORIZATION=dXNlcjpwYXNzd29yZA==",
      "using Bearer 8f3a9c21e4b74d0fa1c2 for calls|AUTHORIZATION=8f3a9c21e4b74d0fa1c2",
      "header Basic YWxhZGRpbjpvcGVuc2VzYW1l sent|AUTHORIZATION=YWxhZGRpbjpvcGVuc2VzYW1l",
    })
    void findsBearerAndBasicCredentials(String text, String expected) {
      assertThat(Detected.in(text)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer token required", "use basic auth for this", "bearer authentication_failed",
        "Basic Zm9vYmFy", "the bearer of bad news"})
    void ignoresNearMisses(String text) {
      assertThat(Detected.of(AUTHORIZATION, text)).isEmpty();
    }
  }

  @Nested
  class SensitiveKeyValues {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
      "password=hunter2|PASSWORD=hunter2",
      "DB_PASSWORD: 8ae31cacf141669ddfb5da|PASSWORD=8ae31cacf141669ddfb5da",
      "login ok pwd='s p a c e' user=bob|PASSWORD=s p a c e",
      "{\"client_secret\":\"abc123\",\"n\":1}|SECRET=abc123",
      "{\\\"api_key\\\":\\\"k-42\\\"}|SECRET=k-42",
      "GET /cb?code=1&access_token=ya29.a0Af&state=x|SECRET=ya29.a0Af",
      "X-Api-Key: 0c8f2c1e|SECRET=0c8f2c1e",
      "token := \"t0k3n\"|SECRET=t0k3n",
      "passphrase => 'open sesame'|PASSWORD=open sesame",
      "passwd=s3cr3tPw|PASSWORD=s3cr3tPw",
      "{\"mysql_passwd\":\"Zx9-q\"}|PASSWORD=Zx9-q",
      "Set-Cookie: sid=38afes7a8; Path=/; HttpOnly|SECRET=38afes7a8",
      "{\"set-cookie\":\"sid=38afes7a8\"}|SECRET=38afes7a8",
      "apikey=AIzaFake0123|SECRET=AIzaFake0123",
      "{\"apiKey\":\"k-77\"}|SECRET=k-77",
    })
    void findsValuesOfSensitiveKeys(String text, String expected) {
      assertThat(Detected.in(text)).containsExactly(expected);
    }

    @Test
    void masksEachCookieValueAndKeepsNamesAndTheRestOfTheLine() {
      assertThat(Detected.in("Cookie: session=abc; theme=dark status=200 trace=7f3a"))
          .containsExactly("SECRET=abc", "SECRET=dark");
    }

    @Test
    void masksTheValuesOfAuthParamsButNotTheSchemeOrPublicParams() {
      assertThat(Detected.in("Authorization: AWS4-HMAC-SHA256 Credential=x/y, SignedHeaders=host;x-amz-date, Signature=abc ok"))
          .containsExactly("AUTHORIZATION=x/y", "AUTHORIZATION=abc");
    }

    @Test
    void masksOnlyTheCredentialOfAnAuthorizationHeaderNotTheRestOfTheLine() {
      assertThat(Detected.in("Authorization: Basic dXNlcjpzM2NyZXQ= status=200 ref=ab12"))
          .containsExactly("AUTHORIZATION=dXNlcjpzM2NyZXQ=");
      assertThat(Detected.in("authorization: bearer 0pAqUe.tok-en_value status=200"))
          .containsExactly("AUTHORIZATION=0pAqUe.tok-en_value");
      assertThat(Detected.in("Authorization: s3cr3t-opaque status=401"))
          .containsExactly("AUTHORIZATION=s3cr3t-opaque");
    }

    @Test
    void findsTheDatabasePasswordInGitleaksEnvFile() {
      assertThat(Detected.in(Detected.resource("pii/gitleaks_env.prod")))
          .containsExactly("PASSWORD=8ae31cacf141669ddfb5da");
    }

    @Test
    void findsDetectSecretsIniSecrets() {
      assertThat(Detected.in(Detected.resource("pii/detect-secrets_config.ini")))
          // the pragma-allowlisted password is masked too: a log has no allowlist comments.
          // "real_secret_which_isnt_an_i_d" ends with "id", not with a keyword: not sensitive here.
          .containsExactly("PASSWORD=123456789a1234", "SECRET=23456789a1", "PASSWORD=12345678901234");
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "aws_token := os.Getenv(\"AWS_TOKEN\")", // a lookup, not a value
      "password=${DB_PASSWORD}", "password=$DB_PASSWORD", "password: null", "password=",
      "token_count=5", "secretName=prod/db", "tokens: 1200", "password reset requested for user 42",
      "max_tokens=512", "foreign_key_id = vh987tyw9ehy8ghis7vwyhiwbwitefy7w3",
      "passwd_changed_at=2024-05-01", "set_cookie_count=3", "apikey_id=42",
    })
    void ignoresNearMisses(String text) {
      assertThat(Detected.in(text).stream().filter(f -> f.startsWith("SECRET=") || f.startsWith("PASSWORD=")))
          .isEmpty();
    }
  }
}
