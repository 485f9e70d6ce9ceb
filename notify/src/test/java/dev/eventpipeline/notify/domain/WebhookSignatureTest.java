package dev.eventpipeline.notify.domain;

import dev.eventpipeline.notify.testing.TestEvents;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  @Test
  void reproducesTheStandardWebhooksSpecificationTestVector() {
    // Published with the Standard Webhooks specification: matching it means any of its libraries verifies us.
    String signature = WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void reproducesThePipelineTestVectorDocumentedInWebhooksMd() {
    // docs/webhooks.md quotes this vector: key bytes 0x00..0x1f, the event id of docs/events' id vector.
    String secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    String body = "{\"specversion\":\"1.0\",\"id\":\"4a838df9-6419-5d51-8f0f-4b1900f7b6cb\",\"type\":\"ThumbnailCreated\"}";

    String signature = WebhookSignature.sign(secret, "4a838df9-6419-5d51-8f0f-4b1900f7b6cb", 1767225600L,
        body.getBytes(StandardCharsets.UTF_8));

    assertThat(signature).isEqualTo("v1,Jt37gG8XuWJVkehfhKO1x6PoXH7pJZ2XLFMcjH3TJ4A=");
  }

  @Test
  void signsWithTheDecodedKeyNotTheSecretText() {
    String secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    byte[] expected = WebhookSignature.hmac(Base64.getDecoder().decode(secret.substring(6)), "id", 1L, body);
    byte[] wrong = WebhookSignature.hmac(secret.getBytes(StandardCharsets.UTF_8), "id", 1L, body);

    assertThat(WebhookSignature.sign(secret, "id", 1L, body))
        .isEqualTo("v1," + Base64.getEncoder().encodeToString(expected))
        .isNotEqualTo("v1," + Base64.getEncoder().encodeToString(wrong));
  }

  @Test
  void headerCarriesOneSpaceSeparatedEntryPerSecretNewestFirst() {
    String current = WebhookSecret.generate();
    String previous = WebhookSecret.generate();
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    String header = WebhookSignature.header(List.of(current, previous), "id", 5L, body);

    assertThat(header).isEqualTo(WebhookSignature.sign(current, "id", 5L, body) + " "
        + WebhookSignature.sign(previous, "id", 5L, body));
  }

  @Test
  void aRotatedSecretIsSignedWithOnlyUntilItExpires() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Subscription rotated = TestSubscriptions.any().withRotatedSecret(TestEvents.sealed("any"), now.plusSeconds(60), now);

    assertThat(rotated.signingSecrets(now)).hasSize(2).first().isEqualTo(rotated.secret());
    assertThat(rotated.signingSecrets(now.plusSeconds(60))).containsExactly(rotated.secret());
  }

  @Test
  void newSecretsAreWhsecPrefixedBase64OfThirtyTwoRandomBytes() {
    String a = WebhookSecret.generate();
    String b = WebhookSecret.generate();

    assertThat(a).startsWith("whsec_").isNotEqualTo(b);
    assertThat(WebhookSecret.key(a)).hasSize(32);
  }

  @Test
  void refusesSecretsThatAreNotWhsecBase64OfAtLeast24Bytes() {
    assertThatThrownBy(() -> WebhookSecret.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whsec_");
    assertThatThrownBy(() -> WebhookSecret.key("whsec_not base64!"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
    assertThatThrownBy(() -> WebhookSecret.key("whsec_" + Base64.getEncoder().encodeToString(new byte[16])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24 bytes");
  }

  @Test
  void subscriptionToStringNeverShowsTheSecret() {
    Subscription subscription = TestSubscriptions.any();

    assertThat(subscription.toString()).doesNotContain(TestEvents.secret(subscription)).doesNotContain("whsec_");
  }
}
