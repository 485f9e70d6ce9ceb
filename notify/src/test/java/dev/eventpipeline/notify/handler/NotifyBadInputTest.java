package dev.eventpipeline.notify.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.eventpipeline.common.events.CloudEventCodec;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.notify.adapter.SocketWebhookSender;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.Notifier;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.port.HostResolver;
import dev.eventpipeline.notify.testing.InMemoryDeliveryLog;
import dev.eventpipeline.notify.testing.InMemorySubscriptionStore;
import dev.eventpipeline.common.testing.OutputCapture;
import dev.eventpipeline.notify.testing.TestEvents;
import dev.eventpipeline.notify.testing.WebhookReceiver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8's event and webhook edge cases through the real notify handler (AWS's SQS fixture, a
 * real HTTP endpoint on 127.0.0.1, in-memory tables): what can never be an event is acknowledged
 * and counted, a body bigger than SNS allows is refused unread, and each hostile endpoint gets its
 * documented outcome, visible as a metric and in the batch response.
 */
class NotifyBadInputTest {
  private static final String METADATA_HOST = "hooks.rebinding.example";

  private final WebhookReceiver receiver = WebhookReceiver.start();
  private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
  private final ExecutorService threads = NotifyWiring.deliveryThreads(4);

  @AfterEach
  void stop() {
    receiver.release();
    receiver.close();
    threads.shutdownNow();
  }

  /** A DNS where one name points at the cloud metadata service; everything else as usual. */
  private static List<InetAddress> resolve(String host) throws UnknownHostException {
    if (host.equals(METADATA_HOST)) {
      return List.of(InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
    }
    return HostResolver.system().resolve(host);
  }

  /** Local development settings (private targets allowed, as the local cloud runs it). */
  private NotifyHandler handler(Duration timeout) {
    TargetPolicy targets = new TargetPolicy(Set.of(receiver.port()), new AddressPolicy(true), NotifyBadInputTest::resolve);
    return new NotifyHandler(new Notifier(store, TestEvents.CIPHER, new InMemoryDeliveryLog(),
        new SocketWebhookSender(Duration.ofMillis(500), timeout), targets, threads, 4, timeout, Clock.systemUTC()),
        Clock.systemUTC());
  }

  private static SQSEvent messages(String... bodies) {
    SQSEvent event = EventLoader.loadSQSEvent("events/sqs_event_three_messages.json");
    event.setRecords(event.getRecords().subList(0, bodies.length));
    for (int i = 0; i < bodies.length; i++) {
      event.getRecords().get(i).setBody(bodies[i]);
    }
    return event;
  }

  private static List<String> failures(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
  }

  private static String json(PipelineEvent event) {
    return CloudEventCodec.toJsonString(event);
  }

  private static String valid() {
    return json(TestEvents.thumbnailFailed("ok.png"));
  }

  // ---- messages that can never be events ----

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {
    "{not json, token=hunter2-secret",
    "[1,2,3]",
    "\"just a string\"",
    "{\"hello\":\"world\",\"token\":\"hunter2-secret\"}",
    "UNKNOWN_TYPE",
    "NO_DATA",
    "DEPTH_BOMB",
  })
  void acknowledgesCountsAndLogsAMessageThatIsNotAPipelineEventWithoutQuotingIt(String kind) {
    store.create(TestEvents.subscription(receiver.url("/all"), "*"));
    String body = switch (kind) {
      case "UNKNOWN_TYPE" -> valid().replace("\"type\":\"ThumbnailFailed\"", "\"type\":\"OrderShipped\"");
      case "NO_DATA" -> valid().replaceFirst(",\"data\":\\{.*}}$", "}");
      case "DEPTH_BOMB" -> "{\"specversion\":\"1.0\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
      default -> kind;
    };

    SQSBatchResponse response;
    OutputCapture out = OutputCapture.start();
    try (out) {
      response = handler(Duration.ofSeconds(2)).handleRequest(messages(body, valid()), null);
    }

    assertThat(failures(response)).as("retrying cannot make it an event: acknowledged").isEmpty();
    assertThat(receiver.received("/all")).as("only the valid message was delivered").hasSize(1);
    assertThat(out.metric("InvalidEvents")).isEqualTo(1);
    assertThat(out.metric("WebhookDelivered")).isEqualTo(1);
    assertThat(out.logMessages("WARN")).singleElement().asString()
        .startsWith("Message is not a deliverable pipeline event, acknowledged without delivery: ");
    assertThat(out.text()).doesNotContain("hunter2-secret");
  }

  @Test
  void aBodyOverSnsLimitIsAcknowledgedAsInvalidUnreadAndNeverDelivered() {
    store.create(TestEvents.subscription(receiver.url("/all"), "*"));
    // a schema-shaped event with a 600 KB detail: SQS takes it (up to 1 MiB), SNS never would
    PipelineEvent huge = PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", "uploads/h.png",
        Json.MAPPER.valueToTree(Map.of("source", Map.of("bucket", "uploads", "key", "h.png"), "reason", "CORRUPT",
            "detail", "d".repeat(600_000))), "uploads", "h.png", "e");
    String garbage = "x".repeat(1024 * 1024 - 1);

    SQSBatchResponse response;
    OutputCapture out = OutputCapture.start();
    try (out) {
      response = handler(Duration.ofSeconds(2)).handleRequest(messages(json(huge), garbage), null);
    }

    assertThat(failures(response)).isEmpty();
    assertThat(receiver.received()).isEmpty();
    assertThat(out.metric("InvalidEvents")).isEqualTo(2);
    assertThat(out.logMessages("WARN")).allSatisfy(m -> assertThat(m).contains("over SNS's 262144-byte limit"));
  }

  @Test
  void anEventJustUnderSnsLimitIsStillDelivered() {
    store.create(TestEvents.subscription(receiver.url("/all"), "*"));
    PipelineEvent big = PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", "uploads/b.png",
        Json.MAPPER.valueToTree(Map.of("source", Map.of("bucket", "uploads", "key", "b.png"), "reason", "CORRUPT",
            "detail", "d".repeat(250_000))), "uploads", "b.png", "e");
    String body = json(big);
    assertThat(body.length()).isLessThan(EventPublisher.MAX_MESSAGE_BYTES);

    SQSBatchResponse response = handler(Duration.ofSeconds(5)).handleRequest(messages(body), null);

    assertThat(failures(response)).isEmpty();
    assertThat(new String(receiver.received("/all").get(0).body(), StandardCharsets.UTF_8)).isEqualTo(body);
  }

  // ---- hostile endpoints ----

  @Test
  void anEndpointThatHangsIsGivenUpAtTheTimeoutAndTheMessageComesBackForRetryThenTheDlq() {
    receiver.hang("/slow");
    store.create(TestEvents.subscription(receiver.url("/slow"), "*"));
    store.create(TestEvents.subscription(receiver.url("/fast"), "*"));
    SQSEvent event = messages(valid());

    SQSBatchResponse response;
    OutputCapture out = OutputCapture.start();
    long start = System.nanoTime();
    try (out) {
      response = handler(Duration.ofMillis(800)).handleRequest(event, null);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(failures(response)).containsExactly(event.getRecords().get(0).getMessageId());
    assertThat(receiver.received("/fast")).hasSize(1);
    assertThat(out.metric("WebhookFailed")).isEqualTo(1);
    assertThat(out.metric("WebhookDelivered")).isEqualTo(1);
    System.out.println("hanging endpoint: handler returned after " + millis + " ms (webhook timeout 800 ms)");
  }

  @Test
  void aRedirectIsNeverFollowedNorRetried() {
    receiver.redirect("/moved", 302, receiver.url("/elsewhere"));
    store.create(TestEvents.subscription(receiver.url("/moved"), "*"));

    SQSBatchResponse response;
    OutputCapture out = OutputCapture.start();
    try (out) {
      response = handler(Duration.ofSeconds(2)).handleRequest(messages(valid()), null);
    }

    assertThat(failures(response)).isEmpty();
    assertThat(receiver.received("/moved")).hasSize(1);
    assertThat(receiver.received("/elsewhere")).isEmpty();
    assertThat(out.metric("WebhookRedirected")).isEqualTo(1);
  }

  @Test
  void a410DisablesTheSubscriptionAndNothingMoreIsSentToIt() {
    receiver.respond("/gone", 410);
    Subscription gone = TestEvents.subscription(receiver.url("/gone"), "*");
    store.create(gone);
    NotifyHandler handler = handler(Duration.ofSeconds(2));

    SQSBatchResponse first;
    OutputCapture out = OutputCapture.start();
    try (out) {
      first = handler.handleRequest(messages(valid(), json(TestEvents.thumbnailFailed("second.png"))), null);
    }
    // deliveries already in flight when the first 410 arrived may get theirs too (at most its lanes)
    int sentInTheBatch = receiver.received("/gone").size();
    SQSBatchResponse later = handler.handleRequest(messages(json(TestEvents.thumbnailFailed("later.png"))), null);

    assertThat(failures(first)).as("410 is permanent: not retried").isEmpty();
    assertThat(failures(later)).isEmpty();
    assertThat(sentInTheBatch).isBetween(1, 2);
    assertThat(receiver.received("/gone")).as("nothing after the batch that got the 410").hasSize(sentInTheBatch);
    Subscription after = store.get(gone.id()).orElseThrow();
    assertThat(after.enabled()).isFalse();
    assertThat(after.disabledReason()).contains("410");
    assertThat(out.metric("WebhookGone")).isEqualTo(sentInTheBatch);
    assertThat(out.metric("WebhookGone") + out.metric("WebhookSkippedDisabled")).isEqualTo(2);
  }

  @Test
  void aHostThatResolvesToTheMetadataServiceIsNeverContactedEvenInLocalDevelopment() {
    // registered when it pointed elsewhere; its DNS now answers 169.254.169.254 (rebinding)
    Subscription rebinding = TestEvents.subscription("http://" + METADATA_HOST + ":" + receiver.port() + "/hook", "*");
    store.create(rebinding);

    SQSBatchResponse response;
    OutputCapture out = OutputCapture.start();
    try (out) {
      response = handler(Duration.ofSeconds(2)).handleRequest(messages(valid()), null);
    }

    assertThat(failures(response)).as("blocked is permanent: not retried").isEmpty();
    assertThat(receiver.received()).isEmpty();
    assertThat(out.metric("WebhookBlocked")).isEqualTo(1);
    assertThat(store.get(rebinding.id()).orElseThrow().enabled()).isTrue();
  }
}
