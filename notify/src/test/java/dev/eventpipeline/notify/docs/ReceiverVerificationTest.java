package dev.eventpipeline.notify.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.notify.adapter.SocketWebhookSender;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.Notifier;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.domain.WebhookSecret;
import dev.eventpipeline.notify.handler.NotifyWiring;
import dev.eventpipeline.notify.port.HostResolver;
import dev.eventpipeline.notify.testing.InMemoryDeliveryLog;
import dev.eventpipeline.notify.testing.InMemorySubscriptionStore;
import dev.eventpipeline.notify.testing.TestEvents;
import dev.eventpipeline.notify.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/webhooks.md: its Java snippet (this package's WebhookVerifier, kept identical to the page) and
 * its openssl one-liner verify real deliveries, and the snippet rejects a tampered body and a stale
 * timestamp.
 */
class ReceiverVerificationTest {
  private static final Path WEBHOOKS_MD = EventContract.eventsDocs().getParent().resolve("webhooks.md");

  private final WebhookReceiver receiver = WebhookReceiver.start();
  private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
  private final ExecutorService threads = NotifyWiring.deliveryThreads(2);
  private Subscription subscription;
  private WebhookReceiver.Received delivery;

  @BeforeEach
  void deliverARealEvent() {
    subscription = TestEvents.subscription(receiver.url("/hook"), "*");
    store.create(subscription);
    Notifier notifier = new Notifier(store, TestEvents.CIPHER, new InMemoryDeliveryLog(),
        new SocketWebhookSender(Duration.ofSeconds(1), Duration.ofSeconds(3)),
        new TargetPolicy(java.util.Set.of(receiver.port()), new AddressPolicy(true), HostResolver.system()),
        threads, 2, Duration.ofSeconds(3), Clock.systemUTC());
    notifier.deliver(List.of(TestEvents.inbound("m1", TestEvents.thumbnailCreated("verify-me.png"))),
        Instant.now().plusSeconds(60));
    delivery = receiver.received("/hook").get(0);
  }

  @AfterEach
  void stop() {
    receiver.close();
    threads.shutdownNow();
  }

  private boolean verify(String secret, byte[] body, Instant now) throws Exception {
    return new WebhookVerifier(secret).verify(delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
        delivery.header("webhook-signature"), body, now);
  }

  private Instant sentAt() {
    return Instant.ofEpochSecond(Long.parseLong(delivery.header("webhook-timestamp")));
  }

  @Test
  void theSnippetVerifiesARealDelivery() throws Exception {
    assertThat(verify(TestEvents.secret(subscription), delivery.body(), Instant.now())).isTrue();
  }

  @Test
  void theSnippetRejectsATamperedBody() throws Exception {
    byte[] tampered = new String(delivery.body(), StandardCharsets.UTF_8)
        .replace("verify-me.png", "verify-me.pnG").getBytes(StandardCharsets.UTF_8);

    assertThat(verify(TestEvents.secret(subscription), tampered, Instant.now())).isFalse();
  }

  @Test
  void theSnippetRejectsAStaleOrFutureTimestamp() throws Exception {
    assertThat(verify(TestEvents.secret(subscription), delivery.body(), sentAt().plus(Duration.ofMinutes(6)))).isFalse();
    assertThat(verify(TestEvents.secret(subscription), delivery.body(), sentAt().minus(Duration.ofMinutes(6)))).isFalse();
    assertThat(verify(TestEvents.secret(subscription), delivery.body(), sentAt().plus(Duration.ofMinutes(4)))).isTrue();
  }

  @Test
  void theSnippetRejectsAnotherSubscriptionsSecretAndMissingHeaders() throws Exception {
    assertThat(verify(WebhookSecret.generate(), delivery.body(), Instant.now())).isFalse();
    assertThat(new WebhookVerifier(TestEvents.secret(subscription)).verify(delivery.header("webhook-id"), null,
        delivery.header("webhook-signature"), delivery.body(), Instant.now())).isFalse();
    assertThat(new WebhookVerifier(TestEvents.secret(subscription)).verify("other-id", delivery.header("webhook-timestamp"),
        delivery.header("webhook-signature"), delivery.body(), Instant.now())).isFalse();
  }

  @Test
  void theSnippetOnThePageIsTheOneTested() throws Exception {
    String page = Files.readString(WEBHOOKS_MD);
    Matcher java = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(page);
    assertThat(java.find()).as("a java block in webhooks.md").isTrue();
    String source = Files.readString(Path.of("src/test/java/dev/eventpipeline/notify/docs/WebhookVerifier.java"));
    String withoutPackage = source.substring(source.indexOf('\n', source.indexOf("package ")) + 1).strip();

    assertThat(java.group(1).strip()).isEqualTo(withoutPackage);
  }

  @Test
  void theOpensslOneLinerOnThePageReproducesTheSignature(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")) || onPath("openssl"),
        "openssl is not installed");
    String page = Files.readString(WEBHOOKS_MD);
    String oneLiner = page.lines().filter(l -> l.startsWith("{ printf '%s.%s.'")).findFirst()
        .orElseThrow(() -> new AssertionError("no openssl one-liner in webhooks.md"));
    Files.write(dir.resolve("body.json"), delivery.body());

    ProcessBuilder bash = new ProcessBuilder("bash", "-c", oneLiner).directory(dir.toFile()).redirectErrorStream(true);
    bash.environment().put("SECRET", TestEvents.secret(subscription));
    bash.environment().put("WEBHOOK_ID", delivery.header("webhook-id"));
    bash.environment().put("WEBHOOK_TIMESTAMP", delivery.header("webhook-timestamp"));
    Process process = bash.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(delivery.header("webhook-signature")).isEqualTo("v1," + output);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    return path != null && java.util.Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
  }
}
