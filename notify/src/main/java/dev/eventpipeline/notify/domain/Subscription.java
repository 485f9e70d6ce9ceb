package dev.eventpipeline.notify.domain;

import dev.eventpipeline.common.events.EventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A webhook subscription: where to POST which event types, signed with which secret (held sealed:
 * the {@link dev.eventpipeline.notify.port.SecretCipher} opens it only to sign).
 *
 * @param events exact event type names, or "*" for every type
 * @param previousSecret the secret replaced by the last rotation, still signed with until
 *     {@code previousSecretExpiresAt} so receivers can roll over without losing deliveries; null when none
 * @param disabledReason why the pipeline disabled the subscription (an endpoint answered 410); null otherwise
 * @param owner the principal that created it ({@link Caller#principal}); null for subscriptions created
 *     before owners were recorded, which only admins see
 */
public record Subscription(
    String id,
    String url,
    List<String> events,
    SealedSecret secret,
    SealedSecret previousSecret,
    Instant previousSecretExpiresAt,
    boolean enabled,
    String description,
    Instant createdAt,
    Instant updatedAt,
    String disabledReason,
    String owner) {

  /** Matches every event type. */
  public static final String ALL_EVENTS = "*";

  public Subscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    events = List.copyOf(events);
  }

  /** Whether events of this type go to this subscription (ignoring {@link #enabled}). */
  public boolean wants(EventType type) {
    return events.contains(ALL_EVENTS) || events.contains(type.name());
  }

  /** The secrets to sign with at {@code now}: the current one, then the previous one while it lasts. */
  public List<SealedSecret> signingSecrets(Instant now) {
    List<SealedSecret> secrets = new ArrayList<>(2);
    secrets.add(secret);
    if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
      secrets.add(previousSecret);
    }
    return secrets;
  }

  public Subscription withEnabled(boolean value, String reason, Instant now) {
    return new Subscription(id, url, events, secret, previousSecret, previousSecretExpiresAt, value, description,
        createdAt, now, value ? null : reason, owner);
  }

  public Subscription withEvents(List<String> value, Instant now) {
    return new Subscription(id, url, value, secret, previousSecret, previousSecretExpiresAt, enabled, description,
        createdAt, now, disabledReason, owner);
  }

  public Subscription withDescription(String value, Instant now) {
    return new Subscription(id, url, events, secret, previousSecret, previousSecretExpiresAt, enabled, value,
        createdAt, now, disabledReason, owner);
  }

  /** A new current secret; the old one is still signed with until {@code oldValidUntil}. */
  public Subscription withRotatedSecret(SealedSecret newSecret, Instant oldValidUntil, Instant now) {
    return new Subscription(id, url, events, newSecret, secret, oldValidUntil, enabled, description,
        createdAt, now, disabledReason, owner);
  }

  /** Never print secrets, not even by accident in a log line or an assertion message. */
  @Override
  public String toString() {
    return "Subscription[id=" + id + ", url=" + RedactedUrl.of(url) + ", events=" + events + ", enabled=" + enabled
        + ", owner=" + owner + "]";
  }
}
