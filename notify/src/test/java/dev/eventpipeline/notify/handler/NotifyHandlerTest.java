package dev.eventpipeline.notify.handler;

import dev.eventpipeline.notify.adapter.KmsSecretCipher;
import dev.eventpipeline.notify.domain.WebhookSignature;
import software.amazon.awssdk.services.kms.KmsClient;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.CloudEventCodec;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.common.testing.OutputCapture;
import dev.eventpipeline.notify.adapter.SocketWebhookSender;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.Notifier;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.domain.WebhookSecret;
import dev.eventpipeline.notify.port.HostResolver;
import dev.eventpipeline.notify.testing.InMemoryDeliveryLog;
import dev.eventpipeline.notify.testing.InMemorySubscriptionStore;
import dev.eventpipeline.notify.testing.NotifyTables;
import dev.eventpipeline.notify.testing.TestEvents;
import dev.eventpipeline.notify.testing.WebhookReceiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The notify handler on AWS's own SQS event fixtures whose bodies are CloudEvents from the topic. */
class NotifyHandlerTest {
  private final WebhookReceiver receiver = WebhookReceiver.start();
  private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
  private final ExecutorService threads = NotifyWiring.deliveryThreads(4);

  @AfterEach
  void stop() {
    receiver.close();
    threads.shutdownNow();
  }

  private NotifyHandler handler() {
    TargetPolicy targets = new TargetPolicy(Set.of(receiver.port()), new AddressPolicy(true), HostResolver.system());
    return new NotifyHandler(new Notifier(store, TestEvents.CIPHER, new InMemoryDeliveryLog(),
        new SocketWebhookSender(Duration.ofMillis(500), Duration.ofSeconds(2)), targets, threads, 4,
        Duration.ofSeconds(2), Clock.systemUTC()), Clock.systemUTC());
  }

  /** The three-message fixture with these bodies. */
  private static SQSEvent messages(String... bodies) {
    SQSEvent event = EventLoader.loadSQSEvent("events/sqs_event_three_messages.json");
    assertThat(event.getRecords()).hasSizeGreaterThanOrEqualTo(bodies.length);
    event.setRecords(event.getRecords().subList(0, bodies.length));
    for (int i = 0; i < bodies.length; i++) {
      event.getRecords().get(i).setBody(bodies[i]);
    }
    return event;
  }

  private static String json(PipelineEvent event) {
    EventContract.assertValid(event);
    return CloudEventCodec.toJsonString(event);
  }

  private static List<String> failures(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
  }

  @Test
  void reportsOnlyTheMessagesWhoseDeliveriesMustBeRetried() {
    receiver.respond("/created", 503);
    store.create(TestEvents.subscription(receiver.url("/failed"), "ThumbnailFailed"));
    store.create(TestEvents.subscription(receiver.url("/created"), "ThumbnailCreated"));
    SQSEvent event = messages(json(TestEvents.thumbnailFailed("a.png")), json(TestEvents.thumbnailCreated("b.png")),
        json(TestEvents.thumbnailFailed("c.png")));

    SQSBatchResponse response = handler().handleRequest(event, null);

    assertThat(failures(response)).containsExactly(event.getRecords().get(1).getMessageId());
    assertThat(receiver.received("/failed")).hasSize(2);
    assertThat(receiver.received("/created")).hasSize(1);
  }

  @Test
  void deliveryLogLinesCarryTheSubscriptionAndEventIdsButNeitherSecretsNorTheBody() {
    receiver.respond("/down", 503);
    receiver.respond("/refused", 404);
    Subscription ok = TestEvents.subscription(receiver.url("/ok"), "*");
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    // mid-rotation: signed with both its current and its previous secret, neither of which may be logged
    Subscription rotated = new Subscription("sub-rotated", receiver.url("/down"), List.of("*"),
        TestEvents.sealed("sub-rotated"), TestEvents.sealed("sub-rotated"), now.plus(Duration.ofDays(3650)), true, null, now, now, null, TestEvents.OWNER);
    Subscription refused = TestEvents.subscription(receiver.url("/refused"), "*");
    List.of(ok, rotated, refused).forEach(store::create);
    PipelineEvent event = PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", "uploads/l.png",
        Json.MAPPER.valueToTree(Map.of("source", Map.of("bucket", "uploads", "key", "l.png"), "reason", "CORRUPT",
            "detail", "body-only-marker-5f1c")), "uploads", "l.png", "e1");
    SQSEvent sqs = messages(json(event));
    String messageId = sqs.getRecords().get(0).getMessageId();

    SQSBatchResponse response;
    OutputCapture out = OutputCapture.start();
    try (out) {
      response = handler().handleRequest(sqs, null);
    }

    assertThat(failures(response)).containsExactly(messageId);
    Map<String, String> outcomes = new HashMap<>();
    for (JsonNode line : out.logLines()) {
      if (line.has("subscriptionId")) {
        assertThat(line.path("eventId").asText()).as("eventId beside subscriptionId in %s", line).isEqualTo(event.id());
        assertThat(line.path("messageId").asText()).isEqualTo(messageId);
        outcomes.put(line.path("subscriptionId").asText(), line.path("message").asText());
      }
    }
    assertThat(outcomes).hasSize(3);
    assertThat(outcomes.get(ok.id())).startsWith("Webhook delivered: HTTP 2");
    assertThat(outcomes.get(rotated.id())).startsWith("Webhook failed, will be retried");
    assertThat(outcomes.get(refused.id())).startsWith("Webhook not delivered (");
    String logged = out.text();
    for (Subscription s : List.of(ok, rotated, refused)) {
      assertThat(logged).doesNotContain(TestEvents.secret(s).substring(WebhookSecret.PREFIX.length()));
    }
    assertThat(logged).doesNotContain(TestEvents.previousSecret(rotated).substring(WebhookSecret.PREFIX.length()))
        .doesNotContain(WebhookSecret.PREFIX)
        .doesNotContain("body-only-marker-5f1c");
    for (WebhookReceiver.Received delivery : receiver.received()) {
      for (String signature : delivery.header("webhook-signature").split(" ")) {
        assertThat(logged).doesNotContain(signature.substring("v1,".length()));
      }
    }
    assertThat(receiver.received()).hasSize(3);
  }

  @Test
  void acknowledgesMessagesThatCanNeverBeDeliverableEvents() {
    store.create(TestEvents.subscription(receiver.url("/all"), "*"));
    String valid = json(TestEvents.thumbnailFailed("ok.png"));
    String unknownType = valid.replace("\"type\":\"ThumbnailFailed\"", "\"type\":\"OrderShipped\"");
    String badId = valid.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"a\\\\r\\\\nInjected: yes\"");
    SQSEvent event = messages("{not json", "{\"hello\":\"world\"}", unknownType);
    SQSEvent more = messages(badId, "[1,2,3]", "");

    assertThat(failures(handler().handleRequest(event, null))).isEmpty();
    assertThat(failures(handler().handleRequest(more, null))).isEmpty();
    assertThat(failures(handler().handleRequest(EventLoader.loadSQSEvent("events/sqs_event_no_body.json"), null)))
        .isEmpty();
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void theReasonLoggedForABadMessageQuotesNothingFromItsBody() {
    SQSEvent.SQSMessage message = messages("{\"password\": hunter2-secret}").getRecords().get(0);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventMessages.parse(message))
        .isInstanceOf(dev.eventpipeline.common.events.InvalidEventException.class)
        .hasMessageContaining("not a CloudEvents 1.0 JSON document")
        .message().doesNotContain("hunter2");
  }

  @Test
  void unwrapsABodyThatStillHasItsSnsEnvelope() throws Exception {
    store.create(TestEvents.subscription(receiver.url("/all"), "*"));
    String cloudEvent = json(TestEvents.thumbnailFailed("wrapped.png"));
    Map<String, Object> envelope = new HashMap<>();
    envelope.put("Type", "Notification");
    envelope.put("MessageId", "95df01b4-ee98-5cb9-9903-4c221d41eb5e");
    envelope.put("TopicArn", "arn:aws:sns:us-east-1:123456789012:pipeline-events");
    envelope.put("Message", cloudEvent);

    SQSBatchResponse response = handler().handleRequest(messages(Json.MAPPER.writeValueAsString(envelope)), null);

    assertThat(failures(response)).isEmpty();
    assertThat(new String(receiver.received("/all").get(0).body(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(cloudEvent);
  }

  @Test
  void startsNoDeliveryThatCouldOutliveTheInvocation() {
    store.create(TestEvents.subscription(receiver.url("/all"), "*"));
    SQSEvent event = messages(json(TestEvents.thumbnailFailed("late.png")));
    com.amazonaws.services.lambda.runtime.Context almostOutOfTime = (com.amazonaws.services.lambda.runtime.Context)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {com.amazonaws.services.lambda.runtime.Context.class},
            (proxy, method, args) -> switch (method.getName()) {
              case "getRemainingTimeInMillis" -> 2500; // 2 s of webhook timeout + 1.5 s margin do not fit
              case "getAwsRequestId" -> "req-1";
              default -> null;
            });

    SQSBatchResponse response = handler().handleRequest(event, almostOutOfTime);

    assertThat(failures(response)).containsExactly(event.getRecords().get(0).getMessageId());
    assertThat(receiver.received()).isEmpty();
  }

  @Test
  void everyValidMessageComesBackWhenTheSubscriptionsCannotBeRead() {
    store.failWith(new IllegalStateException("ProvisionedThroughputExceeded"));
    SQSEvent event = messages(json(TestEvents.thumbnailFailed("a.png")), "{not json",
        json(TestEvents.thumbnailCreated("b.png")));

    SQSBatchResponse response = handler().handleRequest(event, null);

    assertThat(failures(response)).containsExactly(event.getRecords().get(0).getMessageId(),
        event.getRecords().get(2).getMessageId());
  }

  @Test
  void endToEndOnDynamoDbARetriedMessageReachesOnlyTheSubscriptionThatMissedIt() {
    try (MotoServer moto = MotoServer.start().configureSdkSystemProperties()) {
      Map<String, String> vars = new HashMap<>(moto.clientEnvironment());
      vars.put("SUBSCRIPTIONS_TABLE", "subscriptions");
      vars.put("DELIVERIES_TABLE", "deliveries");
      vars.put("NOTIFY_ALLOW_PRIVATE_TARGETS", "true");
      vars.put("WEBHOOK_ALLOWED_PORTS", Integer.toString(receiver.port()));
      vars.put("WEBHOOK_TIMEOUT_MS", "2000");
      KmsClient kms = WebhookSettings.kms(AwsClients.from(Env.of(vars)));
      String keyArn = kms.createKey(b -> b.description("webhook secrets")).keyMetadata().arn();
      vars.put("SUBSCRIPTIONS_KEY_ID", keyArn);
      Env env = Env.of(vars);
      DynamoDbClient dynamo = AwsClients.from(env).dynamoDb();
      NotifyTables.createSubscriptions(dynamo, "subscriptions");
      NotifyTables.createDeliveries(dynamo, "deliveries");
      NotifyHandler handler = new NotifyHandler(NotifyWiring.notifier(env, dynamo, kms), Clock.systemUTC());
      var subscriptions = new dev.eventpipeline.notify.adapter.DynamoDbSubscriptionStore(dynamo, "subscriptions");
      KmsSecretCipher cipher = new KmsSecretCipher(kms, keyArn);
      String steadySecret = WebhookSecret.generate();
      Instant created = Instant.parse("2026-01-01T00:00:00Z");
      Subscription steady = new Subscription("steady", receiver.url("/steady"), List.of("*"),
          cipher.seal("steady", steadySecret), null, null, true, null, created, created, null, TestEvents.OWNER);
      Subscription flaky = new Subscription("flaky", receiver.url("/flaky"), List.of("ThumbnailFailed"),
          cipher.seal("flaky", WebhookSecret.generate()), null, null, true, null, created, created, null,
          TestEvents.OWNER);
      subscriptions.create(steady);
      subscriptions.create(flaky);
      receiver.respond("/flaky", 500);
      SQSEvent event = messages(json(TestEvents.thumbnailFailed("x.png")), json(TestEvents.thumbnailCreated("y.png")));

      SQSBatchResponse first = handler.handleRequest(event, null);
      receiver.respond("/flaky", 200);
      SQSEvent redelivery = messages(event.getRecords().get(0).getBody()); // SQS brings back only the failed one
      SQSBatchResponse second = handler.handleRequest(redelivery, null);

      assertThat(failures(first)).containsExactly(event.getRecords().get(0).getMessageId());
      assertThat(failures(second)).isEmpty();
      assertThat(receiver.received("/steady")).as("steady got each event exactly once").hasSize(2);
      assertThat(receiver.received("/flaky")).hasSize(2);
      // signed with the secret KMS decrypted; the table holds only ciphertext
      WebhookReceiver.Received delivery = receiver.received("/steady").get(0);
      assertThat(delivery.header("webhook-signature")).isEqualTo(WebhookSignature.sign(steadySecret,
          delivery.header("webhook-id"), Long.parseLong(delivery.header("webhook-timestamp")), delivery.body()));
      assertThat(dynamo.scan(b -> b.tableName("subscriptions")).items().toString())
          .doesNotContain("whsec_").doesNotContain(steadySecret.substring(WebhookSecret.PREFIX.length()));
    }
  }
}
