package dev.eventpipeline.notify.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.eventpipeline.notify.adapter.SocketWebhookSender;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.Notifier;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.domain.WebhookSecret;
import dev.eventpipeline.notify.domain.WebhookSignature;
import dev.eventpipeline.notify.handler.NotifyWiring;
import dev.eventpipeline.notify.port.HostResolver;
import dev.eventpipeline.notify.testing.InMemoryDeliveryLog;
import dev.eventpipeline.notify.testing.InMemorySubscriptionStore;
import dev.eventpipeline.notify.testing.TestEvents;
import dev.eventpipeline.notify.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real deliveries from notify, over HTTP, verified by the Standard Webhooks reference library for
 * Java ({@code com.standardwebhooks:standardwebhooks}), independently of our own signer and of the
 * docs' verifier: a current secret, both secrets during a rotation, and refusals of a tampered body
 * and of a secret that never signed.
 */
class StandardWebhooksLibraryTest {
  private final WebhookReceiver receiver = WebhookReceiver.start();
  private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
  private final ExecutorService threads = NotifyWiring.deliveryThreads(2);

  @AfterEach
  void stop() {
    receiver.close();
    threads.shutdownNow();
  }

  private WebhookReceiver.Received deliver(Subscription subscription) {
    store.create(subscription);
    Notifier notifier = new Notifier(store, TestEvents.CIPHER, new InMemoryDeliveryLog(),
        new SocketWebhookSender(Duration.ofSeconds(1), Duration.ofSeconds(3)),
        new TargetPolicy(Set.of(receiver.port()), new AddressPolicy(true), HostResolver.system()),
        threads, 2, Duration.ofSeconds(3), Clock.systemUTC());
    notifier.deliver(List.of(TestEvents.inbound("m1", TestEvents.thumbnailCreated("library.png"))),
        Instant.now().plusSeconds(60));
    return receiver.received("/hook").get(0);
  }

  /** The headers as the library takes them: names as received, each with its one value. */
  private static Map<String, List<String>> headers(WebhookReceiver.Received delivery) {
    return Map.of(
        "webhook-id", List.of(delivery.header("webhook-id")),
        "webhook-timestamp", List.of(delivery.header("webhook-timestamp")),
        "webhook-signature", List.of(delivery.header("webhook-signature")));
  }

  private static String body(WebhookReceiver.Received delivery) {
    return new String(delivery.body(), StandardCharsets.UTF_8);
  }

  @Test
  void theReferenceLibraryVerifiesARealDelivery() {
    Subscription subscription = TestEvents.subscription(receiver.url("/hook"), "*");
    WebhookReceiver.Received delivery = deliver(subscription);

    assertThatCode(() -> new Webhook(TestEvents.secret(subscription)).verify(body(delivery), headers(delivery)))
        .doesNotThrowAnyException();
  }

  @Test
  void duringARotationTheLibraryVerifiesWithTheNewAndWithTheOldSecret() {
    Instant now = Instant.now();
    Subscription before = TestEvents.subscription(receiver.url("/hook"), "*");
    String oldSecret = TestEvents.secret(before);
    Subscription subscription = before.withRotatedSecret(TestEvents.sealed(before.id()), now.plus(Duration.ofHours(24)), now);
    WebhookReceiver.Received delivery = deliver(subscription);

    assertThat(delivery.header("webhook-signature").split(" ")).hasSize(2);
    assertThatCode(() -> new Webhook(TestEvents.secret(subscription)).verify(body(delivery), headers(delivery)))
        .doesNotThrowAnyException();
    assertThatCode(() -> new Webhook(oldSecret).verify(body(delivery), headers(delivery)))
        .doesNotThrowAnyException();
  }

  @Test
  void theLibraryRefusesATamperedBodyAndASecretThatDidNotSign() {
    Subscription subscription = TestEvents.subscription(receiver.url("/hook"), "*");
    WebhookReceiver.Received delivery = deliver(subscription);

    assertThatThrownBy(() -> new Webhook(TestEvents.secret(subscription)).verify(body(delivery).replace("library", "librarx"),
        headers(delivery))).isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> new Webhook(WebhookSecret.generate()).verify(body(delivery), headers(delivery)))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void theLibrarySignsExactlyAsWeDo() throws Exception {
    String secret = WebhookSecret.generate();
    byte[] body = "{\"specversion\":\"1.0\",\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(new Webhook(secret).sign("msg_1", 1767225600L, new String(body, StandardCharsets.UTF_8)))
        .isEqualTo(WebhookSignature.sign(secret, "msg_1", 1767225600L, body));
  }
}
