package dev.eventpipeline.notify.domain;

import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.notify.port.SecretCipher;
import dev.eventpipeline.notify.port.SubscriptionStore;
import dev.eventpipeline.notify.port.WebhookSender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/** The subscription API's rules: what may be registered and changed, secret rotation, test pings. */
public final class SubscriptionService {
  /** Longest description accepted. */
  public static final int MAX_DESCRIPTION = 500;
  /** How long the secret replaced by a rotation is still signed with. */
  public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

  private final SubscriptionStore store;
  private final SecretCipher secrets;
  private final TargetPolicy targets;
  private final WebhookSender sender;
  private final Clock clock;

  public SubscriptionService(SubscriptionStore store, SecretCipher secrets, TargetPolicy targets, WebhookSender sender,
      Clock clock) {
    this.store = store;
    this.secrets = secrets;
    this.targets = targets;
    this.sender = sender;
    this.clock = clock;
  }

  /** A new subscription; {@code description} may be null. */
  public record NewSubscription(String url, List<String> events, String description) {}

  /** A partial update: null fields are left as they are; {@code clearDescription} removes it. */
  public record Changes(Boolean enabled, List<String> events, String description, boolean clearDescription) {}

  /** A subscription with its secret in the clear: the answer to a create or a rotation, the only ones that show it. */
  public record WithSecret(Subscription subscription, String secret) {
    @Override
    public String toString() {
      return "WithSecret[" + subscription + "]"; // never the secret
    }
  }

  /** The outcome of a test ping. */
  public record TestResult(String webhookId, DeliveryOutcome outcome, int status, String detail, long millis) {}

  /** Registers a subscription owned by the caller, with a new secret, after checking its URL as a delivery would. */
  public WithSecret create(Caller caller, NewSubscription request) {
    List<String> errors = new ArrayList<>();
    List<String> events = events(request.events(), errors);
    description(request.description(), errors);
    boolean blocked = false;
    try {
      targets.resolve(request.url());
    } catch (BlockedTargetException e) {
      errors.add("url: " + e.getMessage());
      blocked = true;
    } catch (InvalidTargetException e) {
      errors.add("url: " + e.getMessage());
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors, blocked);
    }
    Instant now = now();
    String id = UUID.randomUUID().toString();
    String secret = WebhookSecret.generate();
    Subscription subscription = new Subscription(id, request.url(), events, secrets.seal(id, secret), null, null, true,
        request.description(), now, now, null, caller.principal());
    store.create(subscription);
    return new WithSecret(subscription, secret);
  }

  /** The caller's subscriptions (an admin's: every one), oldest first. */
  public List<Subscription> list(Caller caller) {
    List<Subscription> all = new ArrayList<>(caller.admin() ? store.list() : store.listByOwner(caller.principal()));
    all.removeIf(s -> !caller.maySee(s)); // never trust an index to have filtered
    all.sort(Comparator.comparing(Subscription::createdAt).thenComparing(Subscription::id));
    return all;
  }

  /**
   * The subscription, when the caller owns it or is an admin. Someone else's is "not found", exactly
   * like one that does not exist, so ids cannot be probed for existence.
   */
  public Subscription get(Caller caller, String id) {
    return store.get(id).filter(caller::maySee).orElseThrow(() -> new SubscriptionNotFoundException(id));
  }

  public Subscription update(Caller caller, String id, Changes changes) {
    List<String> errors = new ArrayList<>();
    List<String> events = changes.events() == null ? null : events(changes.events(), errors);
    description(changes.description(), errors);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors, false);
    }
    return modify(caller, id, subscription -> {
      Instant now = now();
      Subscription changed = subscription;
      if (events != null) {
        changed = changed.withEvents(events, now);
      }
      if (changes.description() != null || changes.clearDescription()) {
        changed = changed.withDescription(changes.clearDescription() ? null : changes.description(), now);
      }
      if (changes.enabled() != null) {
        changed = changed.withEnabled(changes.enabled(), changed.disabledReason(), now);
      }
      return changed;
    });
  }

  /**
   * Read, change, write back only if nobody wrote in between (a 410-disable by notify, another API
   * call); otherwise apply the change again to the fresh copy, so a PATCH of the event types can
   * never re-enable a subscription its endpoint asked to stop.
   */
  private Subscription modify(Caller caller, String id, java.util.function.UnaryOperator<Subscription> change) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Subscription current = get(caller, id);
      Subscription changed = change.apply(current);
      if (store.replace(changed, current.updatedAt())) {
        return changed;
      }
    }
    throw new IllegalStateException("subscription " + id + " kept changing; try again");
  }

  public void delete(Caller caller, String id) {
    get(caller, id); // the owner never changes: checking it before the delete is enough
    if (!store.delete(id)) {
      throw new SubscriptionNotFoundException(id);
    }
  }

  /** A new secret; the old one is still signed with for {@link #ROTATION_OVERLAP}. */
  public WithSecret rotateSecret(Caller caller, String id) {
    // The old ciphertext moves to previousSecret as it is: no Decrypt needed to rotate.
    String secret = WebhookSecret.generate();
    SealedSecret sealed = secrets.seal(id, secret);
    Subscription rotated = modify(caller, id, current -> {
      Instant now = now();
      return current.withRotatedSecret(sealed, now.plus(ROTATION_OVERLAP), now);
    });
    return new WithSecret(rotated, secret);
  }

  /** Sends a signed test ping now (whether or not the subscription is enabled) and reports the answer. */
  public TestResult test(Caller caller, String id) {
    Subscription subscription = get(caller, id);
    String webhookId = "test_" + UUID.randomUUID();
    WebhookTarget target;
    try {
      target = targets.resolve(subscription.url());
    } catch (UnresolvableHostException e) {
      return new TestResult(webhookId, DeliveryOutcome.FAILED, 0, e.getMessage(), 0);
    } catch (InvalidTargetException e) {
      return new TestResult(webhookId, DeliveryOutcome.BLOCKED, 0, e.getMessage(), 0);
    }
    Instant now = now();
    List<String> signing = subscription.signingSecrets(now).stream().map(s -> secrets.open(subscription.id(), s))
        .toList();
    byte[] body = WebhookRequests.testEvent(subscription.id(), webhookId, now);
    SendResult result = sender.post(target, WebhookRequests.headers(signing, webhookId, now.getEpochSecond(), body),
        body);
    return new TestResult(webhookId, DeliveryOutcome.of(result), result.status(), result.detail(), result.millis());
  }

  private static List<String> events(List<String> events, List<String> errors) {
    if (events == null || events.isEmpty()) {
      errors.add("events: at least one event type, or \"*\" for all, is required");
      return List.of();
    }
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String event : events) {
      if (event == null || !event.equals(Subscription.ALL_EVENTS) && EventType.parse(event).isEmpty()) {
        errors.add("events: unknown event type '" + event + "' (known: " + Arrays.toString(EventType.values())
            + " or \"*\")");
      } else {
        unique.add(event);
      }
    }
    return List.copyOf(unique);
  }

  /** What is wrong with a list of event types (nothing when it is valid). */
  public static List<String> eventErrors(List<String> events) {
    List<String> errors = new ArrayList<>();
    events(events, errors);
    return errors;
  }

  private static void description(String description, List<String> errors) {
    if (description != null && description.length() > MAX_DESCRIPTION) {
      errors.add("description: at most " + MAX_DESCRIPTION + " characters");
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
