package dev.eventpipeline.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.notify.adapter.SocketWebhookSender;
import dev.eventpipeline.notify.handler.NotifyWiring;
import dev.eventpipeline.notify.port.DeliveryLog;
import dev.eventpipeline.notify.port.HostResolver;
import dev.eventpipeline.notify.testing.InMemoryDeliveryLog;
import dev.eventpipeline.notify.testing.InMemorySubscriptionStore;
import dev.eventpipeline.notify.testing.TestEvents;
import dev.eventpipeline.notify.testing.WebhookReceiver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every delivery outcome against a real endpoint on 127.0.0.1 (private targets allowed, as in local
 * development), with in-memory stores.
 */
class NotifierTest {
  private static final Instant FAR = Instant.now().plus(Duration.ofMinutes(10));

  private final WebhookReceiver receiver = WebhookReceiver.start();
  private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
  private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
  private final ExecutorService threads = NotifyWiring.deliveryThreads(4);

  @AfterEach
  void stop() {
    receiver.close();
    threads.shutdownNow();
  }

  private Notifier notifier(DeliveryLog deliveryLog, boolean allowPrivate, Duration totalTimeout) {
    TargetPolicy targets = new TargetPolicy(Set.of(receiver.port()), new AddressPolicy(allowPrivate), HostResolver.system());
    return new Notifier(store, TestEvents.CIPHER, deliveryLog, new SocketWebhookSender(Duration.ofMillis(500),
        totalTimeout), targets, threads, 4, totalTimeout, Clock.systemUTC());
  }

  private Notifier notifier() {
    return notifier(log, true, Duration.ofSeconds(2));
  }

  private Subscription subscribe(String path, String... events) {
    Subscription subscription = TestEvents.subscription(receiver.url(path), events);
    store.create(subscription);
    return subscription;
  }

  @Test
  void aSecretThatCannotBeDecryptedFailsItsDeliveryRetryablyWithoutSendingAnything() {
    Subscription locked = subscribe("/locked", "*");
    Subscription open = subscribe("/open", "*");
    dev.eventpipeline.notify.port.SecretCipher kmsDown = new dev.eventpipeline.notify.port.SecretCipher() {
      @Override
      public SealedSecret seal(String subscriptionId, String secret) {
        throw new UnsupportedOperationException();
      }

      @Override
      public String open(String subscriptionId, SealedSecret sealed) {
        if (subscriptionId.equals(locked.id())) {
          throw new IllegalStateException("KMS: ThrottlingException");
        }
        return TestEvents.CIPHER.open(subscriptionId, sealed);
      }
    };
    Notifier notifier = new Notifier(store, kmsDown, log, new SocketWebhookSender(Duration.ofMillis(500),
        Duration.ofSeconds(2)), new TargetPolicy(Set.of(receiver.port()), new AddressPolicy(true),
        HostResolver.system()), threads, 4, Duration.ofSeconds(2), Clock.systemUTC());

    Notifier.Report report = notifier.deliver(List.of(TestEvents.inbound("m1", TestEvents.thumbnailCreated("k.png"))),
        FAR);

    assertThat(report.deliveries()).filteredOn(d -> d.subscriptionId().equals(locked.id()))
        .singleElement().satisfies(d -> {
          assertThat(d.outcome()).isEqualTo(DeliveryOutcome.FAILED);
          assertThat(d.detail()).isEqualTo("signing secret unavailable");
        });
    assertThat(report.retryMessageIds()).containsExactly("m1");
    assertThat(receiver.received("/locked")).isEmpty();
    assertThat(receiver.received("/open")).hasSize(1);
    assertThat(TestEvents.secret(open)).isNotBlank();
  }

  @Test
  void deliversEachEventOnceToEveryEnabledSubscriptionThatWantsIt() throws Exception {
    Subscription all = subscribe("/all", "*");
    Subscription failedOnly = subscribe("/failed", "ThumbnailFailed");
    subscribe("/created", "ThumbnailCreated");
    Subscription disabled = subscribe("/disabled", "*");
    store.replace(disabled.withEnabled(false, null, Instant.now()), disabled.updatedAt());
    PipelineEvent event = TestEvents.thumbnailFailed("cat.jpg");
    EventContract.assertValid(event);
    Notifier.Inbound inbound = TestEvents.inbound("m1", event);

    Notifier.Report report = notifier().deliver(List.of(inbound), FAR);

    assertThat(report.retryMessageIds()).isEmpty();
    assertThat(report.deliveries()).extracting(Notifier.Delivery::outcome)
        .containsExactlyInAnyOrder(DeliveryOutcome.DELIVERED, DeliveryOutcome.DELIVERED);
    assertThat(receiver.received("/created")).isEmpty();
    assertThat(receiver.received("/disabled")).isEmpty();
    for (Subscription subscription : List.of(all, failedOnly)) {
      WebhookReceiver.Received request = receiver.received(subscription.url().substring(subscription.url().lastIndexOf('/')))
          .get(0);
      assertThat(request.body()).isEqualTo(inbound.body());
      assertThat(request.header("webhook-id")).isEqualTo(event.id());
      assertThat(request.header("user-agent")).isEqualTo(WebhookRequests.USER_AGENT);
      assertThat(request.header("content-type")).isEqualTo("application/json");
      long timestamp = Long.parseLong(request.header("webhook-timestamp"));
      assertThat(timestamp).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
      assertThat(request.header("webhook-signature"))
          .isEqualTo(WebhookSignature.sign(TestEvents.secret(subscription), event.id(), timestamp, inbound.body()));
      assertThat(log.wasDelivered(subscription.id(), event.id())).isTrue();
    }
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}, retried: {2}")
  @CsvSource({
      "200, DELIVERED, false",
      "204, DELIVERED, false",
      "301, REDIRECTED, false",
      "302, REDIRECTED, false",
      "307, REDIRECTED, false",
      "400, REJECTED, false",
      "401, REJECTED, false",
      "404, REJECTED, false",
      "413, REJECTED, false",
      "410, GONE, false",
      "429, FAILED, true",
      "500, FAILED, true",
      "502, FAILED, true",
      "503, FAILED, true",
  })
  void classifiesTheEndpointsAnswer(int status, DeliveryOutcome outcome, boolean retried) {
    receiver.redirect("/hook", status, receiver.url("/elsewhere"));
    Subscription subscription = subscribe("/hook", "*");

    Notifier.Report report = notifier().deliver(List.of(TestEvents.inbound("m1", TestEvents.thumbnailFailed("a.png"))), FAR);

    assertThat(report.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.outcome()).isEqualTo(outcome);
      assertThat(d.status()).isEqualTo(status);
    });
    assertThat(report.retryMessageIds().contains("m1")).isEqualTo(retried);
    assertThat(receiver.received("/elsewhere")).as("redirects are never followed").isEmpty();
    assertThat(log.entries().isEmpty()).isEqualTo(outcome != DeliveryOutcome.DELIVERED);
    assertThat(store.get(subscription.id()).orElseThrow().enabled()).isEqualTo(status != 410);
  }

  @Test
  void goneDisablesTheSubscriptionAndSkipsItsOtherDeliveriesInTheBatch() {
    receiver.respond("/gone", 410);
    Subscription gone = subscribe("/gone", "*");
    subscribe("/ok", "*");
    List<Notifier.Inbound> batch = List.of(TestEvents.inbound("m1", TestEvents.thumbnailFailed("1.png")),
        TestEvents.inbound("m2", TestEvents.thumbnailFailed("2.png")),
        TestEvents.inbound("m3", TestEvents.thumbnailFailed("3.png")));

    Notifier.Report report = notifier(log, true, Duration.ofSeconds(2)).deliver(batch, FAR);

    assertThat(report.retryMessageIds()).isEmpty();
    Subscription after = store.get(gone.id()).orElseThrow();
    assertThat(after.enabled()).isFalse();
    assertThat(after.disabledReason()).contains("410");
    assertThat(report.deliveries()).filteredOn(d -> d.subscriptionId().equals(gone.id()))
        .extracting(Notifier.Delivery::outcome).contains(DeliveryOutcome.GONE)
        .allMatch(o -> o == DeliveryOutcome.GONE || o == DeliveryOutcome.SKIPPED_DISABLED);
    assertThat(receiver.received("/ok")).hasSize(3);
  }

  @Test
  void aHangingEndpointNeverHoldsUpDeliveriesToTheOthers() throws Exception {
    receiver.hang("/slow");
    subscribe("/slow", "*");
    subscribe("/fast", "*");
    List<Notifier.Inbound> batch = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      batch.add(TestEvents.inbound("m" + i, TestEvents.thumbnailFailed(i + ".png")));
    }
    Notifier notifier = notifier(log, true, Duration.ofSeconds(30));

    CompletableFuture<Notifier.Report> running = CompletableFuture.supplyAsync(() -> notifier.deliver(batch, FAR));

    // The slow endpoint answers nothing until released, yet every fast delivery gets through.
    awaitTrue(() -> receiver.received("/fast").size() == 6);
    assertThat(running).isNotDone();
    assertThat(receiver.received("/slow").size()).isLessThanOrEqualTo(2); // its own lanes only
    receiver.release();
    Notifier.Report report = running.get(30, TimeUnit.SECONDS);
    assertThat(report.deliveries()).filteredOn(d -> d.outcome() == DeliveryOutcome.DELIVERED).hasSize(12);
  }

  @Test
  void aTimedOutEndpointIsRetriedAndItsOtherDeliveriesInTheBatchAreDeferred() {
    receiver.hang("/slow");
    Subscription slow = subscribe("/slow", "*");
    subscribe("/fast", "*");
    List<Notifier.Inbound> batch = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      batch.add(TestEvents.inbound("m" + i, TestEvents.thumbnailFailed(i + ".png")));
    }

    Notifier.Report report = notifier(log, true, Duration.ofMillis(700)).deliver(batch, FAR);

    List<DeliveryOutcome> slowOutcomes = report.deliveries().stream()
        .filter(d -> d.subscriptionId().equals(slow.id())).map(Notifier.Delivery::outcome).toList();
    assertThat(slowOutcomes).contains(DeliveryOutcome.FAILED, DeliveryOutcome.DEFERRED)
        .allMatch(o -> o == DeliveryOutcome.FAILED || o == DeliveryOutcome.DEFERRED);
    assertThat(receiver.received("/slow").size()).isLessThanOrEqualTo(2);
    assertThat(receiver.received("/fast")).hasSize(6);
    assertThat(report.retryMessageIds()).hasSize(6);
  }

  @Test
  void aRetriedMessageIsNotDeliveredAgainToTheSubscriptionsThatAlreadyHaveIt() {
    receiver.respond("/flaky", 503);
    Subscription ok = subscribe("/ok", "*");
    Subscription flaky = subscribe("/flaky", "*");
    Notifier.Inbound message = TestEvents.inbound("m1", TestEvents.thumbnailFailed("x.png"));
    Notifier notifier = notifier();

    Notifier.Report first = notifier.deliver(List.of(message), FAR);
    receiver.respond("/flaky", 200);
    Notifier.Report second = notifier.deliver(List.of(message), FAR);

    assertThat(first.retryMessageIds()).containsExactly("m1");
    assertThat(second.retryMessageIds()).isEmpty();
    assertThat(receiver.received("/ok")).hasSize(1);
    assertThat(receiver.received("/flaky")).hasSize(2);
    assertThat(second.deliveries()).extracting(Notifier.Delivery::subscriptionId, Notifier.Delivery::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ok.id(), DeliveryOutcome.DUPLICATE),
            org.assertj.core.groups.Tuple.tuple(flaky.id(), DeliveryOutcome.DELIVERED));
  }

  @Test
  void theSameEventTwiceInABatchIsDeliveredOnceAndBothMessagesShareItsFate() {
    receiver.respond("/flaky", 500);
    subscribe("/flaky", "*");
    PipelineEvent event = TestEvents.thumbnailFailed("twice.png");

    Notifier.Report report = notifier().deliver(
        List.of(TestEvents.inbound("m1", event), TestEvents.inbound("m2", event)), FAR);

    assertThat(receiver.received("/flaky")).hasSize(1);
    assertThat(report.retryMessageIds()).containsExactlyInAnyOrder("m1", "m2");
  }

  @Test
  void aHostThatNowResolvesToABlockedAddressIsNotContactedNorRetried() {
    subscribe("/hook", "*"); // registered as 127.0.0.1: allowed in local development only

    Notifier.Report report = notifier(log, false, Duration.ofSeconds(2))
        .deliver(List.of(TestEvents.inbound("m1", TestEvents.thumbnailFailed("b.png"))), FAR);

    assertThat(report.deliveries()).singleElement().satisfies(d -> {
      assertThat(d.outcome()).isEqualTo(DeliveryOutcome.BLOCKED);
      assertThat(d.detail()).contains("loopback");
    });
    assertThat(report.retryMessageIds()).isEmpty();
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void deliveriesThatCannotFinishBeforeTheDeadlineAreDeferred() {
    subscribe("/hook", "*");

    Notifier.Report report = notifier().deliver(List.of(TestEvents.inbound("m1", TestEvents.thumbnailFailed("c.png"))),
        Instant.now().plusMillis(500));

    assertThat(report.deliveries()).extracting(Notifier.Delivery::outcome).containsExactly(DeliveryOutcome.DEFERRED);
    assertThat(report.retryMessageIds()).containsExactly("m1");
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void anUnavailableDeliveryLogMeansRetryNotARiskOfDoubleDelivery() {
    subscribe("/hook", "*");
    DeliveryLog broken = new DeliveryLog() {
      @Override
      public boolean wasDelivered(String subscriptionId, String eventId) {
        throw new IllegalStateException("table unavailable");
      }

      @Override
      public boolean recordDelivered(String subscriptionId, String eventId, int status) {
        throw new IllegalStateException("table unavailable");
      }
    };

    Notifier.Report report = notifier(broken, true, Duration.ofSeconds(2))
        .deliver(List.of(TestEvents.inbound("m1", TestEvents.thumbnailFailed("d.png"))), FAR);

    assertThat(report.retryMessageIds()).containsExactly("m1");
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void anEventNobodyWantsIsSimplyDone() {
    subscribe("/created", "ThumbnailCreated");
    PipelineEvent archived = PipelineEvent.of(EventType.LogBatchArchived, "mask", "logs/x.gz",
        Json.MAPPER.createObjectNode().put("bucket", "b"), "x");

    Notifier.Report report = notifier().deliver(List.of(new Notifier.Inbound("m1", archived,
        "{}".getBytes(StandardCharsets.UTF_8))), FAR);

    assertThat(report.deliveries()).isEmpty();
    assertThat(report.retryMessageIds()).isEmpty();
  }

  @Test
  void unreadableSubscriptionsFailTheWholeBatch() {
    store.failWith(new IllegalStateException("throttled"));

    assertThatThrownBy(() -> notifier().deliver(List.of(TestEvents.inbound("m1", TestEvents.thumbnailFailed("e.png"))),
        FAR)).hasMessage("throttled");
  }

  @Test
  void reportCountsOutcomes() {
    receiver.respond("/bad", 400);
    subscribe("/bad", "*");
    subscribe("/ok", "*");

    Notifier.Report report = notifier().deliver(List.of(TestEvents.inbound("m1", TestEvents.thumbnailFailed("f.png"))), FAR);

    assertThat(report.counts()).isEqualTo(Map.of(DeliveryOutcome.DELIVERED, 1, DeliveryOutcome.REJECTED, 1));
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }
}
