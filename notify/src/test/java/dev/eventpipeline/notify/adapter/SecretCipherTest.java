package dev.eventpipeline.notify.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.notify.domain.SealedSecret;
import dev.eventpipeline.notify.domain.WebhookSecret;
import dev.eventpipeline.notify.port.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kms.KmsClient;

/** The secret ciphers: KMS on a real moto server, the per-process one, and the delivery function's cache. */
class SecretCipherTest {

  @Test
  void kmsSealsOpaquelyAndOpensOnlyForTheSameSubscriptionAndKey() {
    try (MotoServer moto = MotoServer.start().configureSdkSystemProperties()) {
      AwsClients clients = AwsClients.from(Env.of(moto.clientEnvironment()));
      KmsClient kms = clients.configure(KmsClient.builder().credentialsProvider(clients.credentials()), "KMS");
      String key = kms.createKey(b -> b.description("webhook secrets")).keyMetadata().arn();
      String otherKey = kms.createKey(b -> b.description("another key")).keyMetadata().arn();
      KmsSecretCipher cipher = new KmsSecretCipher(kms, key);
      String secret = WebhookSecret.generate();

      SealedSecret sealed = cipher.seal("sub-1", secret);

      assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("whsec_")
          .doesNotContain(secret.substring(WebhookSecret.PREFIX.length()));
      assertThat(cipher.open("sub-1", sealed)).isEqualTo(secret);
      assertThatThrownBy(() -> cipher.open("sub-2", sealed)).as("bound to its subscription by the context")
          .isInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> new KmsSecretCipher(kms, otherKey).open("sub-1", sealed))
          .as("Decrypt names the key").isInstanceOf(RuntimeException.class);
      assertThat(cipher.seal("sub-1", secret).ciphertext()).as("a data key and a nonce of its own each time")
          .isNotEqualTo(sealed.ciphertext());
      byte[] tampered = sealed.ciphertext().clone();
      tampered[tampered.length - 1] ^= 1;
      assertThatThrownBy(() -> cipher.open("sub-1", new SealedSecret(tampered))).as("AES-GCM's tag")
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> cipher.open("sub-1", new SealedSecret(new byte[] {'E', 1, 0})))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theEphemeralCipherBindsToTheSubscriptionAndToItsOwnKey() {
    EphemeralSecretCipher cipher = new EphemeralSecretCipher();
    String secret = WebhookSecret.generate();
    SealedSecret sealed = cipher.seal("sub-1", secret);

    assertThat(cipher.open("sub-1", sealed)).isEqualTo(secret);
    assertThat(cipher.seal("sub-1", secret)).as("a fresh nonce every time").isNotEqualTo(sealed);
    assertThatThrownBy(() -> cipher.open("sub-2", sealed)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EphemeralSecretCipher().open("sub-1", sealed))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(sealed.toString()).doesNotContain(secret);
  }

  @Test
  void theCacheOpensEachSecretOncePerTtlAndARotatedOneAfresh() {
    EphemeralSecretCipher real = new EphemeralSecretCipher();
    AtomicInteger opens = new AtomicInteger();
    SecretCipher counting = new SecretCipher() {
      @Override
      public SealedSecret seal(String subscriptionId, String secret) {
        return real.seal(subscriptionId, secret);
      }

      @Override
      public String open(String subscriptionId, SealedSecret sealed) {
        opens.incrementAndGet();
        return real.open(subscriptionId, sealed);
      }
    };
    Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    CachingSecretCipher cache = new CachingSecretCipher(counting, Duration.ofMinutes(10), 2, clock);
    SealedSecret first = cache.seal("s", "whsec_a");
    SealedSecret rotated = cache.seal("s", "whsec_b");

    assertThat(cache.open("s", first)).isEqualTo("whsec_a");
    assertThat(cache.open("s", first)).isEqualTo("whsec_a");
    assertThat(opens).hasValue(1);
    assertThat(cache.open("s", rotated)).isEqualTo("whsec_b");
    assertThat(opens).hasValue(2);
    now[0] = now[0].plus(Duration.ofMinutes(11));
    assertThat(cache.open("s", first)).isEqualTo("whsec_a");
    assertThat(opens).as("expired: opened again").hasValue(3);
    assertThatThrownBy(() -> cache.open("other", first)).as("the id is part of the cache key")
        .isInstanceOf(IllegalArgumentException.class);
  }
}
