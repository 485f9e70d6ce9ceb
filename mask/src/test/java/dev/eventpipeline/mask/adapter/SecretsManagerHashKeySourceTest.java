package dev.eventpipeline.mask.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.masking.HashKeyUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The hash key adapter against a real moto server: lazy fetch, TTL cache, rotation, failures. */
class SecretsManagerHashKeySourceTest {
  private static MotoServer moto;
  private static SecretsManagerClient client;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start().configureSdkSystemProperties();
    client = AwsClients.from(Env.of(moto.clientEnvironment())).configure(SecretsManagerClient.builder(), "SECRETS_MANAGER");
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-23T16:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static String secret(String name, String value) {
    return client.createSecret(b -> b.name(name).secretString(value)).arn();
  }

  @Test
  void readsTheKeyOnFirstUseAndCachesItUntilTheTtlExpires() {
    String arn = secret("mask-hash-key-ttl", "first-key-0123456789abcdef");
    ManualClock clock = new ManualClock();
    SecretsManagerHashKeySource source = new SecretsManagerHashKeySource(client, arn, Duration.ofMinutes(5), clock);

    assertThat(new String(source.currentKey(), StandardCharsets.UTF_8)).isEqualTo("first-key-0123456789abcdef");
    client.putSecretValue(b -> b.secretId(arn).secretString("rotated-key-0123456789abcdef"));
    clock.now = clock.now.plus(Duration.ofMinutes(4));
    assertThat(new String(source.currentKey(), StandardCharsets.UTF_8)).isEqualTo("first-key-0123456789abcdef");
    clock.now = clock.now.plus(Duration.ofMinutes(2));
    assertThat(new String(source.currentKey(), StandardCharsets.UTF_8)).isEqualTo("rotated-key-0123456789abcdef");
  }

  @Test
  void keepsTheLastGoodKeyWhenARefreshFails() {
    String arn = secret("mask-hash-key-deleted", "a-key-that-will-vanish-0123");
    ManualClock clock = new ManualClock();
    SecretsManagerHashKeySource source = new SecretsManagerHashKeySource(client, arn, Duration.ofMinutes(5), clock);
    byte[] key = source.currentKey();
    client.deleteSecret(b -> b.secretId(arn).forceDeleteWithoutRecovery(true));
    clock.now = clock.now.plus(Duration.ofHours(1));

    assertThat(source.currentKey()).isEqualTo(key);
  }

  @Test
  void failsClearlyWhenTheSecretDoesNotExist() {
    SecretsManagerHashKeySource source = new SecretsManagerHashKeySource(client,
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:missing-AbCdEf", Duration.ofMinutes(5), new ManualClock());
    assertThatThrownBy(source::currentKey).isInstanceOf(HashKeyUnavailableException.class)
        .hasMessageContaining("reading the hash key secret").hasMessageContaining("missing");
  }

  @Test
  void refusesAKeyTooShortForHmac() {
    String arn = secret("mask-hash-key-short", "short");
    SecretsManagerHashKeySource source = new SecretsManagerHashKeySource(client, arn, Duration.ofMinutes(5), new ManualClock());
    assertThatThrownBy(source::currentKey).isInstanceOf(HashKeyUnavailableException.class)
        .hasMessageContaining("holds 5 bytes; an HMAC key needs at least 16")
        .hasMessageNotContaining("short\"");
  }
}
