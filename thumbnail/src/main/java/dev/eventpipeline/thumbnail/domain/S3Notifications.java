package dev.eventpipeline.thumbnail.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eventpipeline.common.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses S3 event notifications from SQS message bodies into small records (the Lambda events
 * library's S3EventNotification drags in Joda-Time, which function artifacts exclude). Accepts the
 * body S3 sends straight to SQS, the same wrapped in an SNS envelope (S3 to SNS to SQS without raw
 * delivery), and the s3:TestEvent S3 sends when a notification is configured.
 */
public final class S3Notifications {
  private S3Notifications() {}

  /** A parsed body: a test event, or the records it carries (possibly none). */
  public record Parsed(boolean testEvent, List<S3ObjectEvent> records) {}

  /** A body that is not an S3 notification: the message goes to the DLQ after its retries. */
  public static final class InvalidNotificationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidNotificationException(String message) {
      super(message);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Body(@JsonProperty("Records") List<RecordJson> records, @JsonProperty("Event") String event,
      @JsonProperty("Type") String type, @JsonProperty("Message") String message) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record RecordJson(@JsonProperty("eventName") String eventName, @JsonProperty("s3") S3Json s3) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record S3Json(@JsonProperty("bucket") BucketJson bucket, @JsonProperty("object") ObjectJson object) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record BucketJson(@JsonProperty("name") String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ObjectJson(@JsonProperty("key") String key, @JsonProperty("size") Long size,
      @JsonProperty("eTag") String eTag, @JsonProperty("versionId") String versionId) {}

  public static Parsed parse(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidNotificationException("the message body is empty");
    }
    Body parsed = read(body);
    if ("Notification".equals(parsed.type()) && parsed.message() != null) {
      parsed = read(parsed.message()); // S3 -> SNS -> SQS without raw message delivery
    }
    if ("s3:TestEvent".equals(parsed.event())) {
      return new Parsed(true, List.of());
    }
    if (parsed.records() == null) {
      throw new InvalidNotificationException("the message body is JSON but not an S3 event notification (no Records)");
    }
    List<S3ObjectEvent> events = new ArrayList<>();
    for (RecordJson r : parsed.records()) {
      if (r == null || r.s3() == null || r.s3().bucket() == null || r.s3().object() == null
          || r.s3().bucket().name() == null || r.s3().object().key() == null) {
        throw new InvalidNotificationException("an S3 notification record has no bucket name or object key");
      }
      ObjectJson o = r.s3().object();
      events.add(new S3ObjectEvent(r.eventName(), r.s3().bucket().name(), S3Keys.decode(o.key()), o.size(),
          o.eTag(), o.versionId()));
    }
    return new Parsed(false, List.copyOf(events));
  }

  private static Body read(String json) {
    try {
      return Json.MAPPER.readValue(json, Body.class);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote the payload: say where, not what.
      throw new InvalidNotificationException("the message body is not valid JSON (line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
    }
  }
}
