package dev.eventpipeline.thumbnail.domain;

import dev.eventpipeline.thumbnail.image.OutputFormat;
import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.image.FailureReason;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.lifecycle.ExecutionEnvironment;
import dev.eventpipeline.thumbnail.port.ObjectStore;
import dev.eventpipeline.thumbnail.port.ObjectStore.ObjectInfo;
import dev.eventpipeline.thumbnail.port.ObjectStore.StoredObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One S3 notification record to thumbnails and an event: fetch (size cap), thumbnail, write to the
 * thumbnails bucket (keeping thumbnails already made from the same source etag), publish
 * ThumbnailCreated; or publish ThumbnailFailed for a permanent refusal. Transient failures (S3,
 * SNS) propagate so the message is retried; everything it does is idempotent and its event ids are
 * derived from the object version, so a retry repeats nothing visible.
 */
public final class ThumbnailService {
  /** User metadata on every thumbnail: the etag of the source it was made from. */
  public static final String SOURCE_ETAG = "source-etag";
  static final String FUNCTION = "thumbnail";
  private static final Logger LOG = LoggerFactory.getLogger(ThumbnailService.class);
  private static final int MAX_DETAIL = 1000;

  private final Thumbnailer thumbnailer;
  private final ObjectStore store;
  private final EventPublisher publisher;
  private final String thumbnailsBucket;

  public ThumbnailService(Thumbnailer thumbnailer, ObjectStore store, EventPublisher publisher, String thumbnailsBucket) {
    this.thumbnailer = thumbnailer;
    this.store = store;
    this.publisher = publisher;
    this.thumbnailsBucket = thumbnailsBucket;
  }

  /** What happened to one record. */
  public enum Outcome { CREATED, REUSED, FAILED, IGNORED }

  /**
   * Handles one SQS message body (every record in it).
   *
   * @throws RuntimeException on a transient failure or a body that is not an S3 notification: the
   *     message is retried (and reaches the DLQ if it keeps failing)
   */
  public List<Outcome> handleMessage(String body) {
    S3Notifications.Parsed parsed = S3Notifications.parse(body);
    if (parsed.testEvent()) {
      LOG.info("Acknowledged s3:TestEvent");
      return List.of(Outcome.IGNORED);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (S3ObjectEvent event : parsed.records()) {
      MDC.put("s3Bucket", event.bucket());
      MDC.put("s3Key", event.key());
      try {
        outcomes.add(handle(event));
      } finally {
        MDC.remove("s3Bucket");
        MDC.remove("s3Key");
      }
    }
    return outcomes;
  }

  /** Handles one record; throws on transient failures. */
  public Outcome handle(S3ObjectEvent event) {
    if (!event.isObjectCreated()) {
      LOG.info("Ignored {} (only ObjectCreated:* makes thumbnails)", event.eventName());
      return Outcome.IGNORED;
    }
    if (event.bucket().equals(thumbnailsBucket)) {
      LOG.warn("Ignored an object in the thumbnails bucket itself (a notification configured on it would loop)");
      return Outcome.IGNORED;
    }
    long start = System.nanoTime();
    StoredObject object;
    try {
      object = store.get(event.bucket(), event.key(), event.versionId(), thumbnailer.settings().maxSourceBytes());
    } catch (ObjectStore.ObjectNotFoundException e) {
      return fail(event, event.etag(), null, FailureReason.NOT_FOUND,
          "the object no longer exists (deleted before it was processed)");
    } catch (ObjectStore.ObjectTooLargeException e) {
      return fail(event, event.etag(), e.size(), FailureReason.TOO_LARGE, e.getMessage());
    }
    String etag = object.etag() != null ? object.etag() : event.etag();
    String versionId = object.versionId() != null ? object.versionId() : event.versionId();
    ThumbnailSet set;
    try {
      set = thumbnailer.create(object.data());
    } catch (ImageRejectedException e) {
      return fail(event, etag, (long) object.data().length, e.reason(), e.detail());
    } catch (VirtualMachineError e) {
      // The image's buffers and frames are gone once the error has unwound: report it, but retire
      // this JVM (it starts no other message and exits once the batch has been answered).
      ExecutionEnvironment.retire(e);
      String what = e instanceof OutOfMemoryError ? "ran out of memory" : e instanceof StackOverflowError
          ? "ran out of stack" : "failed in the JVM (" + e.getClass().getSimpleName() + ")";
      return fail(event, etag, (long) object.data().length, FailureReason.RESOURCE_LIMIT, "decoding the image " + what
          + " (" + thumbnailer.settings().maxSourcePixels() + "-pixel limit; the function's memory may be too small)");
    } catch (RuntimeException e) {
      // Deterministic for these bytes, so a retry cannot help: report it, with the stack trace for us.
      LOG.error("Thumbnailer failed unexpectedly (a defect); reported as ThumbnailFailed DECODER_ERROR", e);
      return fail(event, etag, (long) object.data().length, FailureReason.DECODER_ERROR,
          "the image code failed unexpectedly: " + e.getClass().getSimpleName());
    }
    List<Map<String, Object>> written = new ArrayList<>();
    boolean allReused = true;
    for (Thumbnail thumbnail : set.thumbnails()) {
      String key = thumbnailKey(event.key(), thumbnail.size(), thumbnail.format());
      Optional<ObjectInfo> existing = store.head(thumbnailsBucket, key);
      boolean reused = existing.isPresent() && etag != null && etag.equals(existing.get().metadata().get(SOURCE_ETAG));
      long bytes;
      if (reused) {
        bytes = existing.get().contentLength();
      } else {
        store.put(thumbnailsBucket, key, thumbnail.data(), thumbnail.format().contentType(),
            etag == null ? Map.of() : Map.of(SOURCE_ETAG, etag));
        bytes = thumbnail.data().length;
        allReused = false;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("bucket", thumbnailsBucket);
      entry.put("key", key);
      entry.put("width", thumbnail.width());
      entry.put("height", thumbnail.height());
      entry.put("bytes", bytes);
      entry.put("contentType", thumbnail.format().contentType());
      entry.put("reused", reused);
      written.add(entry);
    }
    Map<String, Object> source = sourceOf(event, etag, versionId, (long) object.data().length);
    source.put("format", set.source().format().name());
    source.put("width", set.source().width());
    source.put("height", set.source().height());
    source.put("frames", set.source().frames());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("source", source);
    data.put("thumbnails", written);
    data.put("durationMs", (System.nanoTime() - start) / 1_000_000);
    publisher.publish(PipelineEvent.of(EventType.ThumbnailCreated, FUNCTION, subject(event), data,
        event.bucket(), event.key(), versionId != null ? versionId : etag));
    LOG.info("Thumbnails {}: {} {}x{} -> {} size(s)", allReused ? "already present" : "written",
        set.source().format(), set.source().width(), set.source().height(), written.size());
    return allReused ? Outcome.REUSED : Outcome.CREATED;
  }

  /** S3's limit on a key, in UTF-8 bytes. */
  static final int MAX_KEY_BYTES = 1024;

  /**
   * thumbnails/SOURCEKEY/SIZE.EXT; when that would exceed S3's 1,024-byte key limit (a source key
   * near the limit itself), thumbnails/sha256/HASH/SIZE.EXT with the SHA-256 of the source key, so
   * the thumbnail is still written and still found again.
   */
  public static String thumbnailKey(String sourceKey, int size, OutputFormat format) {
    String suffix = "/" + size + "." + format.extension();
    String key = "thumbnails/" + sourceKey + suffix;
    if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_KEY_BYTES) {
      return key;
    }
    try {
      byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
          .digest(sourceKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "thumbnails/sha256/" + java.util.HexFormat.of().formatHex(hash) + suffix;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  private Outcome fail(S3ObjectEvent event, String etag, Long bytes, FailureReason reason, String detail) {
    String text = detail == null ? reason.name() : detail;
    if (text.length() > MAX_DETAIL) {
      text = text.substring(0, MAX_DETAIL - 1) + "…";
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("source", sourceOf(event, etag, event.versionId(), bytes));
    data.put("reason", reason.name());
    data.put("detail", text);
    publisher.publish(PipelineEvent.of(EventType.ThumbnailFailed, FUNCTION, subject(event), data,
        event.bucket(), event.key(), event.versionId() != null ? event.versionId() : etag));
    LOG.warn("Thumbnail failed permanently: {} ({})", reason, text);
    return Outcome.FAILED;
  }

  private static Map<String, Object> sourceOf(S3ObjectEvent event, String etag, String versionId, Long bytes) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("bucket", event.bucket());
    source.put("key", event.key());
    if (versionId != null) {
      source.put("versionId", versionId);
    }
    if (etag != null) {
      source.put("etag", etag);
    }
    if (bytes != null) {
      source.put("bytes", bytes);
    }
    return source;
  }

  private static String subject(S3ObjectEvent event) {
    return event.bucket() + "/" + event.key();
  }
}
