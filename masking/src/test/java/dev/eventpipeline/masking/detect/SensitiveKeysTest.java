package dev.eventpipeline.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.settings.DetectorType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three-character pre-filter of SensitiveKeys: never says no to a sensitive key, says no to most others. */
class SensitiveKeysTest {
  private final SensitiveKeys keys = SensitiveKeys.withExtra(List.of("ab", "x", "Kundennummer", "clé"));

  @ParameterizedTest
  @ValueSource(strings = {"password", "DB_PASSWORD", "passwordConfirm", "password_confirmation", "pin_no", "pin-no",
      "db_pass", "DBPASS", "MYSQLPWD", "x-api-key", "X-API-Key", "SecretAccessKey", "client_secret", "access_token",
      "cvv2", "cvv", "CVC2", "otp", "auth", "sid", "jwt", "password2", "Passwort", "CONTRASEÑA", "пароль",
      "secret_value", "pwd_hash", "token_hex", "Set-Cookie", "cookie", "authorization", "card_verification_value",
      "ab", "my_ab", "x_ab", "kundennummer", "KUNDEN_NUMMER", "clé", "CLÉ", "api_key_old", "pin_code", "password_no"})
  void letsEverySensitiveKeyThrough(String key) {
    assertThat(keys.match(key)).as(key).isNotNull();
    assertThat(keys.mayMatch(key, 0, key.length())).as(key).isTrue();
    assertThat(keys.refusesEnding(key, key.length() - 1)).as(key).isFalse();
    assertThat(keys.refusesEnding("x " + key, key.length() + 1)).as(key).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"timestamp", "durationMs", "route", "level", "message", "fields", "stream", "format",
      "EventName", "ReadOnly", "Username", "userIdentity", "principalId", "requestId", "statusMessage", "bytes"})
  void refusesMostOtherKeysFromTheirLastThreeCharacters(String key) {
    assertThat(keys.mayMatch(key, 0, key.length())).as(key).isFalse();
    assertThat(keys.match(key)).as(key).isNull();
    assertThat(keys.refusesEnding(key, key.length() - 1)).as(key).isTrue();
  }

  @Test
  void everyKeywordAndSuffixEndingPassesWhateverComesBefore() {
    // a key is sensitive when its letters and digits end with a keyword, or a keyword then suffix words:
    // whatever the prefix, the filter must agree with the full rules whenever they say yes
    String[] prefixes = {"", "my", "x_", "DB-", "aa", "Q9"};
    String[] endings = {"password", "passwd", "passphrase", "passcode", "secret", "secretkey", "token", "apikey",
        "accesskey", "privatekey", "cookie", "credential", "credentials", "sessionid", "signature", "connectionstring",
        "pwd", "pass", "pin", "cvv", "cvc", "csc", "cvn", "otp", "totp", "auth", "sid", "jwt", "authorization",
        "password_confirmation", "password_again", "secret_hex", "token_no", "pin_tmp", "pass_new", "pwd_val"};
    int checked = 0;
    for (String prefix : prefixes) {
      for (String ending : endings) {
        for (String key : List.of(prefix + ending, prefix + ending.toUpperCase(), prefix + ending.replace('_', '-'))) {
          DetectorType full = keys.match(key);
          if (full != null) {
            assertThat(keys.mayMatch(key, 0, key.length())).as(key).isTrue();
            assertThat(keys.refusesEnding(key, key.length() - 1)).as(key).isFalse();
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(500);
  }
}
