package dev.eventpipeline.notify.domain;

import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.notify.port.DeliveryLog;
import dev.eventpipeline.notify.port.SecretCipher;
import dev.eventpipeline.notify.port.SubscriptionStore;
import dev.eventpipeline.notify.port.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivers a batch of events to every enabled subscription that wants them, concurrently and fairly:
 * each subscription gets its own lanes (at most its share of the concurrency bound), so a slow or
 * failing endpoint only ever holds its own lanes; once one of its deliveries times out or cannot
 * connect, its remaining deliveries in the batch are deferred rather than each waiting out the
 * timeout. Successful deliveries are recorded, and skipped when the message comes back.
 */
public final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  /** One event taken from the queue: the message it came in, the parsed event and its exact bytes. */
  public record Inbound(String messageId, PipelineEvent event, byte[] body) {}

  /** What happened to one (event, subscription) pair. */
  public record Delivery(String messageId, String subscriptionId, String eventId, DeliveryOutcome outcome,
      int status, String detail) {}

  /** The outcome of a batch: each delivery, and the messages that must come back. */
  public record Report(List<Delivery> deliveries, Set<String> retryMessageIds) {
    public Map<DeliveryOutcome, Integer> counts() {
      Map<DeliveryOutcome, Integer> counts = new EnumMap<>(DeliveryOutcome.class);
      deliveries.forEach(d -> counts.merge(d.outcome(), 1, Integer::sum));
      return counts;
    }
  }

  private final SubscriptionStore subscriptions;
  private final SecretCipher secrets;
  private final DeliveryLog deliveryLog;
  private final WebhookSender sender;
  private final TargetPolicy targets;
  private final ExecutorService executor;
  private final int concurrency;
  private final Duration deliveryTimeout;
  private final Clock clock;

  /**
   * @param executor runs the lanes; a pool of {@code concurrency} threads
   * @param deliveryTimeout the longest one delivery can take (the total webhook timeout)
   */
  public Notifier(SubscriptionStore subscriptions, SecretCipher secrets, DeliveryLog deliveryLog, WebhookSender sender,
      TargetPolicy targets, ExecutorService executor, int concurrency, Duration deliveryTimeout, Clock clock) {
    this.subscriptions = subscriptions;
    this.secrets = secrets;
    this.deliveryLog = deliveryLog;
    this.sender = sender;
    this.targets = targets;
    this.executor = executor;
    this.concurrency = concurrency;
    this.deliveryTimeout = deliveryTimeout;
    this.clock = clock;
  }

  /** The longest one delivery can take. */
  public Duration deliveryTimeout() {
    return deliveryTimeout;
  }

  /**
   * Delivers the events; nothing is attempted that could not finish before {@code deadline}.
   *
   * @throws RuntimeException when the subscriptions cannot be read (every message should come back)
   */
  public Report deliver(List<Inbound> events, Instant deadline) {
    List<Subscription> enabled = subscriptions.list().stream().filter(Subscription::enabled).toList();
    // The same event twice in one batch (SNS delivers at least once) is delivered once; every
    // message carrying it shares that delivery's fate.
    Map<String, Inbound> firstByEvent = new LinkedHashMap<>();
    Map<String, List<String>> repeats = new HashMap<>();
    for (Inbound inbound : events) {
      Inbound first = firstByEvent.putIfAbsent(inbound.event().id(), inbound);
      if (first != null && !first.messageId().equals(inbound.messageId())) {
        repeats.computeIfAbsent(first.messageId(), id -> new ArrayList<>()).add(inbound.messageId());
      }
    }
    Map<String, Lane> lanes = new LinkedHashMap<>();
    List<Task> tasks = new ArrayList<>();
    for (Inbound inbound : firstByEvent.values()) {
      for (Subscription subscription : enabled) {
        if (subscription.wants(inbound.event().type())) {
          Task task = new Task(inbound, subscription);
          Lane lane = lanes.computeIfAbsent(subscription.id(), id -> new Lane());
          lane.queue.add(task);
          lane.size++;
          tasks.add(task);
        }
      }
    }
    if (tasks.isEmpty()) {
      return new Report(List.of(), Set.of());
    }
    List<Future<?>> running = start(lanes, deadline);
    await(running, deadline);
    List<Delivery> deliveries = new ArrayList<>(tasks.size());
    Set<String> retry = new LinkedHashSet<>();
    for (Task task : tasks) {
      Delivery delivery = task.result != null ? task.result
          : new Delivery(task.inbound.messageId(), task.subscription.id(), task.inbound.event().id(),
              DeliveryOutcome.DEFERRED, 0, "not finished before the invocation deadline");
      deliveries.add(delivery);
      if (delivery.outcome().retryable()) {
        retry.add(delivery.messageId());
        retry.addAll(repeats.getOrDefault(delivery.messageId(), List.of()));
      }
    }
    return new Report(deliveries, retry);
  }

  /** Starts each subscription's lanes, interleaved so every subscription gets a thread early. */
  private List<Future<?>> start(Map<String, Lane> lanes, Instant deadline) {
    int lanesPerSubscription = Math.max(1, concurrency / lanes.size());
    Map<String, String> context = MDC.getCopyOfContextMap();
    List<Future<?>> running = new ArrayList<>();
    for (int round = 0; round < lanesPerSubscription; round++) {
      for (Lane lane : lanes.values()) {
        if (round < Math.min(lanesPerSubscription, lane.size)) {
          running.add(executor.submit(() -> drain(lane, deadline, context)));
        }
      }
    }
    return running;
  }

  private void await(List<Future<?>> running, Instant deadline) {
    // Every attempt starts only if it can end before the deadline; this grace covers DNS and bookkeeping.
    Instant waitUntil = deadline.plusSeconds(1);
    for (Future<?> future : running) {
      long millis = Math.max(0, Duration.between(clock.instant(), waitUntil).toMillis());
      try {
        future.get(millis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        LOG.warn("Deliveries still running at the invocation deadline; their messages will come back");
        return;
      } catch (ExecutionException e) {
        LOG.error("A delivery lane failed unexpectedly", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void drain(Lane lane, Instant deadline, Map<String, String> context) {
    Task task;
    while ((task = lane.queue.poll()) != null) {
      if (context != null) {
        MDC.setContextMap(context);
      }
      MDC.put("subscriptionId", task.subscription.id());
      MDC.put("eventId", task.inbound.event().id());
      MDC.put("messageId", task.inbound.messageId());
      try {
        task.result = attempt(lane, task, deadline);
      } catch (RuntimeException e) {
        LOG.error("Delivery failed unexpectedly; the message will come back", e);
        task.result = delivery(task, DeliveryOutcome.FAILED, 0, e.getClass().getSimpleName());
      } finally {
        MDC.clear();
      }
    }
  }

  private Delivery attempt(Lane lane, Task task, Instant deadline) {
    if (lane.disabled) {
      return delivery(task, DeliveryOutcome.SKIPPED_DISABLED, 0, "subscription disabled after HTTP 410 in this batch");
    }
    if (lane.unreachable) {
      LOG.info("Webhook deferred: its endpoint timed out or refused a connection earlier in this batch");
      return delivery(task, DeliveryOutcome.DEFERRED, 0, "endpoint unreachable earlier in this batch");
    }
    if (clock.instant().plus(deliveryTimeout).isAfter(deadline)) {
      LOG.info("Webhook deferred: not enough time left in this invocation");
      return delivery(task, DeliveryOutcome.DEFERRED, 0, "not enough time left in this invocation");
    }
    Subscription subscription = task.subscription;
    String eventId = task.inbound.event().id();
    try {
      if (deliveryLog.wasDelivered(subscription.id(), eventId)) {
        LOG.info("Webhook skipped: this event was already delivered to this subscription");
        return delivery(task, DeliveryOutcome.DUPLICATE, 0, "already delivered");
      }
    } catch (RuntimeException e) {
      // Without the record we cannot tell a first delivery from a repeat: try again later.
      LOG.warn("Delivery log unavailable ({}); the message will come back", e.toString());
      return delivery(task, DeliveryOutcome.FAILED, 0, "delivery log unavailable");
    }

    WebhookTarget target;
    try {
      target = targets.resolve(subscription.url());
    } catch (UnresolvableHostException e) {
      LOG.warn("Webhook failed: {}", e.getMessage());
      return delivery(task, DeliveryOutcome.FAILED, 0, e.getMessage());
    } catch (InvalidTargetException e) {
      LOG.warn("Webhook blocked: {}", e.getMessage());
      return delivery(task, DeliveryOutcome.BLOCKED, 0, e.getMessage());
    }

    Instant now = clock.instant();
    List<String> signing;
    try {
      signing = subscription.signingSecrets(now).stream().map(s -> secrets.open(subscription.id(), s)).toList();
    } catch (RuntimeException e) {
      // KMS throttled or unreachable, or the key disabled: retryable, and nothing was sent.
      LOG.warn("Webhook failed, will be retried: its signing secret could not be decrypted ({})",
          e.getClass().getSimpleName());
      return delivery(task, DeliveryOutcome.FAILED, 0, "signing secret unavailable");
    }
    byte[] body = task.inbound.body();
    SendResult result = sender.post(target,
        WebhookRequests.headers(signing, eventId, now.getEpochSecond(), body), body);
    DeliveryOutcome outcome = DeliveryOutcome.of(result);
    switch (outcome) {
      case DELIVERED -> {
        LOG.info("Webhook delivered: HTTP {} in {} ms", result.status(), result.millis());
        try {
          deliveryLog.recordDelivered(subscription.id(), eventId, result.status());
        } catch (RuntimeException e) {
          LOG.warn("Delivered but not recorded ({}); a redelivery of this message would repeat it", e.toString());
        }
      }
      case GONE -> {
        lane.disabled = true;
        LOG.warn("Webhook endpoint answered 410 Gone: disabling the subscription");
        try {
          subscriptions.disable(subscription.id(), "endpoint answered HTTP 410 Gone at " + now, now);
        } catch (RuntimeException e) {
          LOG.error("Could not disable the subscription after 410 Gone: {}", e.toString());
        }
      }
      case FAILED -> {
        if (result.failure() == SendResult.Failure.TIMEOUT || result.failure() == SendResult.Failure.CONNECTION) {
          lane.unreachable = true;
        }
        LOG.warn("Webhook failed, will be retried: {} after {} ms", result.detail(), result.millis());
      }
      default -> LOG.warn("Webhook not delivered ({}), not retried: {}", outcome, result.detail());
    }
    return delivery(task, outcome, result.status(), result.detail());
  }

  private static Delivery delivery(Task task, DeliveryOutcome outcome, int status, String detail) {
    return new Delivery(task.inbound.messageId(), task.subscription.id(), task.inbound.event().id(), outcome,
        status, detail);
  }

  /** One (event, subscription) pair; its result is written by the lane that ran it. */
  private static final class Task {
    final Inbound inbound;
    final Subscription subscription;
    volatile Delivery result;

    Task(Inbound inbound, Subscription subscription) {
      this.inbound = inbound;
      this.subscription = subscription;
    }
  }

  /** A subscription's queue of deliveries, drained by up to its share of the concurrency bound. */
  private static final class Lane {
    final Queue<Task> queue = new ConcurrentLinkedQueue<>();
    volatile boolean disabled;
    volatile boolean unreachable;
    int size;

    Lane() {}
  }
}
