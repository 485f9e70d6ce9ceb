package dev.eventpipeline.notify.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.eventpipeline.common.lifecycle.SnapStartPriming;
import dev.eventpipeline.common.lifecycle.SyntheticEvents;
import dev.eventpipeline.notify.adapter.EphemeralSecretCipher;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.Notifier;
import dev.eventpipeline.notify.domain.SendResult;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.domain.SubscriptionService;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.port.DeliveryLog;
import dev.eventpipeline.notify.port.SubscriptionStore;
import dev.eventpipeline.notify.port.WebhookSender;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * Notify's SnapStart priming ({@link SnapStartPriming}), for both of its functions, with in-memory
 * ports and no network: the delivery function parses a synthetic batch of events and signs and
 * "sends" them to one in-memory subscription (the sender answers 200 without a connection); the
 * subscription API lists, creates and reads subscriptions in an in-memory store. The snapshot then
 * holds the CloudEvent parsing, the matching, the Standard Webhooks signing and the API's JSON.
 */
final class NotifyPriming {
  /** A documentation-free public address: the target policy accepts it; nothing ever connects to it. */
  private static final byte[] PUBLIC_ADDRESS = {93, (byte) 184, (byte) 215, 14};
  static final String SECRET = "whsec_cHJpbWluZy1vbmx5LXByaW1pbmctb25seS0xMjM0";
  /** The caller of the priming requests; an account id that no real account has. */
  static final String PRINCIPAL = "arn:aws:iam::000000000000:user/snapstart-priming";

  private NotifyPriming() {}

  static void registerDelivery(WebhookSettings settings) {
    SnapStartPriming.register("notify", () -> primeDelivery(settings, new MemoryStore(), okSender()));
  }

  static void registerApi(WebhookSettings settings) {
    SnapStartPriming.register("subscriptions", () -> primeApi(settings, new MemoryStore()));
  }

  static SQSBatchResponse primeDelivery(WebhookSettings settings, MemoryStore store, WebhookSender sender) {
    Instant now = Instant.now();
    EphemeralSecretCipher cipher = new EphemeralSecretCipher();
    store.create(new Subscription("priming", "https://priming.example/hook", List.of(Subscription.ALL_EVENTS),
        cipher.seal("priming", SECRET), null, null, true, "SnapStart priming", now, now, null, PRINCIPAL));
    ExecutorService threads = NotifyWiring.deliveryThreads(1);
    try {
      Notifier notifier = new Notifier(store, cipher, new MemoryLog(), sender, targets(settings), threads, 1,
          settings.totalTimeout(), Clock.systemUTC());
      return new NotifyHandler(notifier, Clock.systemUTC()).handleRequest(SyntheticEvents.sqs("priming",
          List.of(event("ThumbnailCreated"), event("LogBatchArchived"), "not an event")), null);
    } finally {
      threads.shutdownNow();
    }
  }

  static List<Integer> primeApi(WebhookSettings settings, MemoryStore store) {
    SubscriptionApiHandler handler = new SubscriptionApiHandler(new SubscriptionService(store,
        new EphemeralSecretCipher(), targets(settings),
        okSender(), Clock.systemUTC()));
    List<Integer> statuses = new ArrayList<>();
    statuses.add(handler.handleRequest(request("POST", "/subscriptions",
        "{\"url\":\"https://priming.example/hook\",\"events\":[\"ThumbnailCreated\"],\"description\":\"priming\"}"),
        null).getStatusCode());
    statuses.add(handler.handleRequest(request("GET", "/subscriptions", null), null).getStatusCode());
    statuses.add(handler.handleRequest(request("POST", "/subscriptions", "{not json"), null).getStatusCode());
    return statuses;
  }

  private static TargetPolicy targets(WebhookSettings settings) {
    return new TargetPolicy(settings.allowedPorts(), new AddressPolicy(false),
        host -> List.of(InetAddress.getByAddress(host, PUBLIC_ADDRESS)));
  }

  private static WebhookSender okSender() {
    return (target, headers, body) -> SendResult.status(200, 1);
  }

  static String event(String type) {
    return "{\"specversion\":\"1.0\",\"id\":\"priming-" + type + "\",\"source\":\"eventpipeline/priming\",\"type\":\""
        + type + "\",\"time\":\"2026-01-01T00:00:00Z\",\"subject\":\"priming\",\"datacontenttype\":\"application/json\","
        + "\"data\":{\"priming\":true}}";
  }

  private static APIGatewayV2HTTPEvent request(String method, String path, String body) {
    APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
    http.setMethod(method);
    http.setPath(path);
    APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
    context.setHttp(http);
    context.setRequestId("priming");
    APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
    iam.setUserArn(PRINCIPAL);
    iam.setAccountId("000000000000");
    APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
    authorizer.setIam(iam);
    context.setAuthorizer(authorizer);
    APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
    event.setRequestContext(context);
    event.setRawPath(path);
    event.setHeaders(Map.of("content-type", "application/json"));
    event.setBody(body);
    return event;
  }

  /** Subscriptions in memory. */
  static final class MemoryStore implements SubscriptionStore {
    final Map<String, Subscription> items = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void create(Subscription subscription) {
      items.put(subscription.id(), subscription);
    }

    @Override
    public Optional<Subscription> get(String id) {
      return Optional.ofNullable(items.get(id));
    }

    @Override
    public List<Subscription> listByOwner(String owner) {
      return items.values().stream().filter(s -> owner.equals(s.owner())).toList();
    }

    @Override
    public List<Subscription> list() {
      return List.copyOf(items.values());
    }

    @Override
    public boolean replace(Subscription subscription, Instant expectedUpdatedAt) {
      items.put(subscription.id(), subscription);
      return true;
    }

    @Override
    public boolean delete(String id) {
      return items.remove(id) != null;
    }

    @Override
    public boolean disable(String id, String reason, Instant now) {
      return items.containsKey(id);
    }
  }

  /** Remembers nothing: every delivery is a first one. */
  private static final class MemoryLog implements DeliveryLog {
    @Override
    public boolean wasDelivered(String subscriptionId, String eventId) {
      return false;
    }

    @Override
    public boolean recordDelivered(String subscriptionId, String eventId, int status) {
      return true;
    }
  }
}
