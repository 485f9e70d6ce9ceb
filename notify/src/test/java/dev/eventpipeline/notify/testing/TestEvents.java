package dev.eventpipeline.notify.testing;

import dev.eventpipeline.common.events.CloudEventCodec;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.notify.domain.Notifier;
import dev.eventpipeline.notify.adapter.EphemeralSecretCipher;
import dev.eventpipeline.notify.domain.SealedSecret;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.domain.WebhookSecret;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Pipeline events and subscriptions for tests; every event here passes its docs/events schema. */
public final class TestEvents {
  private TestEvents() {}

  /** A ThumbnailFailed event for an object key (schema-valid, deterministic id). */
  public static PipelineEvent thumbnailFailed(String key) {
    return PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", "uploads/" + key,
        Json.MAPPER.valueToTree(Map.of(
            "source", Map.of("bucket", "uploads", "key", key),
            "reason", "CORRUPT",
            "detail", "not a decodable image")),
        "uploads", key, "etag-" + key);
  }

  /** A ThumbnailCreated event for an object key (schema-valid, deterministic id). */
  public static PipelineEvent thumbnailCreated(String key) {
    return PipelineEvent.of(EventType.ThumbnailCreated, "thumbnail", "uploads/" + key,
        Json.MAPPER.valueToTree(Map.of(
            "source", Map.of("bucket", "uploads", "key", key, "etag", "e1", "bytes", 2048, "format", "PNG",
                "width", 640, "height", 480),
            "thumbnails", List.of(Map.of("bucket", "thumbnails", "key", "128/" + key, "width", 128, "height", 96,
                "bytes", 512, "contentType", "image/png")),
            "durationMs", 42)),
        "uploads", key, "e1");
  }

  public static Notifier.Inbound inbound(String messageId, PipelineEvent event) {
    return new Notifier.Inbound(messageId, event, CloudEventCodec.toJson(event));
  }

  /** The caller of AWS's function URL fixture (events/function_url_iam_auth.json). */
  public static final String OWNER = "arn:aws:iam::111122223333:user/example-user";

  /** The cipher every test's subscriptions are sealed with (AES-GCM under a per-run key). */
  public static final EphemeralSecretCipher CIPHER = new EphemeralSecretCipher();

  /** A subscription {@link #OWNER} owns. */
  public static Subscription subscription(String url, String... events) {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    String id = UUID.randomUUID().toString();
    return new Subscription(id, url, List.of(events), sealed(id), null, null, true, null, now, now, null, OWNER);
  }

  /** A new random secret sealed for this subscription with {@link #CIPHER}. */
  public static SealedSecret sealed(String subscriptionId) {
    return CIPHER.seal(subscriptionId, WebhookSecret.generate());
  }

  /** The subscription's current secret in the clear. */
  public static String secret(Subscription subscription) {
    return CIPHER.open(subscription.id(), subscription.secret());
  }

  /** The secret its last rotation replaced, in the clear. */
  public static String previousSecret(Subscription subscription) {
    return CIPHER.open(subscription.id(), subscription.previousSecret());
  }
}
