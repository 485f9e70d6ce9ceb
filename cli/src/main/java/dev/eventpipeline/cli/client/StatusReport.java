package dev.eventpipeline.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * What {@code pipeline status} shows, gathered into one JSON document (printed as tables, or as is
 * with --json): the streams and their consumers' positions, queue and DLQ depths, bucket and topic
 * facts, and per-function invocations and errors.
 *
 * <p>Consumer positions and function figures are not in any AWS API the backend offers locally; the
 * local cloud publishes them in {@code .pipeline/status.json} (format in docs: see {@link #STATUS_FILE_FORMAT}).
 * Without that file they show as n/a.
 */
public final class StatusReport {
  /** The status.json format the local cloud writes (documented for its writer). */
  public static final String STATUS_FILE_FORMAT = """
      {
        "updatedAt": "2026-11-23T10:00:00Z",
        "functions": {
          "<function>": {"invocations": 42, "errors": 1, "coldStarts": 2,
                         "lastErrors": [{"time": "...", "requestId": "...", "errorType": "...", "errorMessage": "..."}]}
        },
        "mappings": [
          {"function": "ingest", "kind": "kinesis", "source": "<stream name>", "state": "Enabled",
           "shards": [{"shardId": "shardId-000000000000", "checkpoint": "<sequence number>", "iteratorAgeMillis": 1200}]},
          {"function": "thumbnail", "kind": "sqs", "source": "<queue name>", "state": "Enabled"}
        ]
      }""";

  private static final int MAX_COUNTED_OBJECTS = 1000;

  private StatusReport() {}

  /** Gathers the report; a resource that cannot be read gets an "error" field instead of failing the whole. */
  public static ObjectNode gather(PipelineTarget target) {
    ObjectNode report = Json.MAPPER.createObjectNode();
    ObjectNode where = report.putObject("target");
    where.put("kind", target.kind().label());
    target.endpoint().ifPresent(e -> where.put("endpoint", e.toString()));
    where.put("region", target.region().id());
    JsonNode status = readStatus(target.statusFile().orElse(null), report);
    KinesisClient kinesis = target.kinesis();
    SqsClient sqs = target.sqs();
    S3Client s3 = target.s3();
    SnsClient sns = target.sns();
    ArrayNode streams = report.putArray("streams");
    ArrayNode queues = report.putArray("queues");
    ArrayNode buckets = report.putArray("buckets");
    ArrayNode topics = report.putArray("topics");
    for (Map.Entry<String, String> output : target.outputs().entrySet()) {
      String key = output.getKey();
      String value = output.getValue();
      if (key.endsWith("StreamName")) {
        streams.add(stream(kinesis, key, value, status));
      } else if (key.endsWith("QueueUrl") || key.endsWith("DlqUrl")) {
        queues.add(queue(sqs, key, value));
      } else if (key.endsWith("BucketName")) {
        buckets.add(bucket(s3, key, value));
      } else if (key.endsWith("TopicArn")) {
        topics.add(topic(sns, key, value));
      }
    }
    if (status != null && status.path("functions").isObject()) {
      report.set("functions", status.path("functions"));
    } else {
      report.putNull("functions");
    }
    return report;
  }

  private static JsonNode readStatus(Path file, ObjectNode report) {
    if (file == null) {
      return null;
    }
    try {
      JsonNode status = Json.MAPPER.readTree(file.toFile());
      report.put("statusFile", file.toString());
      if (status.hasNonNull("updatedAt")) {
        report.put("statusUpdatedAt", status.path("updatedAt").asText());
      }
      return status;
    } catch (IOException e) {
      report.put("statusFileError", file + ": " + e.getMessage());
      return null;
    }
  }

  private static ObjectNode stream(KinesisClient kinesis, String key, String name, JsonNode status) {
    ObjectNode node = Json.MAPPER.createObjectNode().put("output", key).put("name", name);
    try {
      StreamDescriptionSummary summary = kinesis.describeStreamSummary(b -> b.streamName(name))
          .streamDescriptionSummary();
      node.put("status", summary.streamStatusAsString());
      node.put("shards", summary.openShardCount());
      node.put("retentionHours", summary.retentionPeriodHours());
    } catch (SdkException e) {
      node.put("error", shortError(e));
    }
    ArrayNode consumers = node.putArray("consumers");
    if (status != null) {
      for (JsonNode mapping : status.path("mappings")) {
        if ("kinesis".equalsIgnoreCase(mapping.path("kind").asText()) && name.equals(mapping.path("source").asText())) {
          ObjectNode consumer = consumers.addObject();
          consumer.put("function", mapping.path("function").asText());
          consumer.put("state", mapping.path("state").asText("n/a"));
          long maxAge = -1;
          for (JsonNode shard : mapping.path("shards")) {
            if (shard.has("iteratorAgeMillis")) {
              maxAge = Math.max(maxAge, shard.path("iteratorAgeMillis").asLong());
            }
          }
          if (maxAge >= 0) {
            consumer.put("iteratorAgeMillis", maxAge);
          }
          consumer.set("shards", mapping.path("shards").isArray() ? mapping.path("shards") : Json.MAPPER.createArrayNode());
        }
      }
    }
    return node;
  }

  private static ObjectNode queue(SqsClient sqs, String key, String url) {
    ObjectNode node = Json.MAPPER.createObjectNode().put("output", key)
        .put("name", url.substring(url.lastIndexOf('/') + 1)).put("url", url)
        .put("dlq", key.endsWith("DlqUrl") || key.endsWith("DeadLetterQueueUrl"));
    try {
      Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
      node.put("visible", number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
      node.put("inFlight", number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
      node.put("delayed", number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
    } catch (SdkException e) {
      node.put("error", shortError(e));
    }
    return node;
  }

  private static ObjectNode bucket(S3Client s3, String key, String name) {
    ObjectNode node = Json.MAPPER.createObjectNode().put("output", key).put("name", name);
    try {
      ListObjectsV2Response listing = s3.listObjectsV2(b -> b.bucket(name).maxKeys(MAX_COUNTED_OBJECTS));
      node.put("objects", listing.keyCount());
      node.put("truncated", Boolean.TRUE.equals(listing.isTruncated()));
    } catch (SdkException e) {
      node.put("error", shortError(e));
    }
    return node;
  }

  /**
   * The topic's subscriptions, counted by listing them: moto does not maintain the topic's
   * SubscriptionsConfirmed attribute (it answers 0 while queues are subscribed), and the listing is
   * what AWS documents as exact (the attribute is eventually consistent).
   */
  private static ObjectNode topic(SnsClient sns, String key, String arn) {
    ObjectNode node = Json.MAPPER.createObjectNode().put("output", key).put("arn", arn)
        .put("name", arn.substring(arn.lastIndexOf(':') + 1));
    try {
      long confirmed = 0;
      long pending = 0;
      ArrayNode endpoints = Json.MAPPER.createArrayNode();
      for (Subscription sub : sns.listSubscriptionsByTopicPaginator(b -> b.topicArn(arn)).subscriptions()) {
        if (sub.subscriptionArn() == null || !sub.subscriptionArn().startsWith("arn:")) {
          pending++; // "PendingConfirmation"
        } else {
          confirmed++;
        }
        endpoints.addObject().put("protocol", sub.protocol()).put("endpoint", sub.endpoint());
      }
      node.put("subscriptions", confirmed);
      if (pending > 0) {
        node.put("pendingConfirmation", pending);
      }
      node.set("endpoints", endpoints);
    } catch (SdkException e) {
      node.put("error", shortError(e));
    }
    return node;
  }

  /** The report as tables for a terminal. */
  public static void print(ObjectNode report, PrintWriter out) {
    JsonNode target = report.path("target");
    out.println("Target: " + target.path("kind").asText() + " " + target.path("endpoint").asText(target.path("region").asText()));
    if (report.has("statusFile")) {
      out.println("Status: " + report.path("statusFile").asText()
          + (report.has("statusUpdatedAt") ? " (updated " + age(report.path("statusUpdatedAt").asText()) + ")" : ""));
    } else if (report.has("statusFileError")) {
      out.println("Status: unreadable: " + report.path("statusFileError").asText());
    }

    int streamWidth = width(report.path("streams"), "STREAM", 0);
    out.println();
    out.println(pad("STREAM", streamWidth) + " STATUS    SHARDS  CONSUMER (ITERATOR AGE)");
    for (JsonNode s : report.path("streams")) {
      String consumers = consumers(s.path("consumers"));
      out.println(String.format(Locale.ROOT, "%s %-9s %6s  %s", pad(s.path("name").asText(), streamWidth),
          s.has("error") ? "ERROR" : s.path("status").asText(), s.has("shards") ? s.path("shards").asText() : "-",
          s.has("error") ? s.path("error").asText() : consumers));
    }

    int queueWidth = width(report.path("queues"), "QUEUE", " (DLQ)".length());
    out.println();
    out.println(pad("QUEUE", queueWidth) + " VISIBLE  IN FLIGHT");
    for (JsonNode q : report.path("queues")) {
      boolean dlq = q.path("dlq").asBoolean();
      String name = pad(q.path("name").asText() + (dlq ? " (DLQ)" : ""), queueWidth);
      if (q.has("error")) {
        out.println(name + " ERROR " + q.path("error").asText());
        continue;
      }
      long visible = q.path("visible").asLong();
      out.println(String.format(Locale.ROOT, "%s %7d  %9d%s", name, visible, q.path("inFlight").asLong(),
          dlq && visible > 0 ? "  <- messages in a dead-letter queue" : ""));
    }

    int bucketWidth = width(report.path("buckets"), "BUCKET", 0);
    out.println();
    out.println(pad("BUCKET", bucketWidth) + " OBJECTS");
    for (JsonNode b : report.path("buckets")) {
      out.println(pad(b.path("name").asText(), bucketWidth) + " " + (b.has("error")
          ? "ERROR " + b.path("error").asText()
          : b.path("objects").asText() + (b.path("truncated").asBoolean() ? "+" : "")));
    }
    for (JsonNode t : report.path("topics")) {
      out.println();
      if (t.has("error")) {
        out.println("TOPIC " + t.path("name").asText() + ": ERROR " + t.path("error").asText());
        continue;
      }
      out.println("TOPIC " + t.path("name").asText() + ": " + t.path("subscriptions").asText() + " subscription(s)"
          + (t.has("pendingConfirmation") ? ", " + t.path("pendingConfirmation").asText() + " pending confirmation" : ""));
      for (JsonNode e : t.path("endpoints")) {
        String endpoint = e.path("endpoint").asText();
        out.println("  " + e.path("protocol").asText() + "  " + endpoint.substring(endpoint.lastIndexOf(':') + 1));
      }
    }

    out.println();
    JsonNode functions = report.path("functions");
    if (!functions.isObject()) {
      out.println("FUNCTIONS: n/a (the local cloud publishes invocations and errors in .pipeline/status.json; "
          + "on AWS see the CloudWatch metrics and alarms)");
    } else {
      int nameWidth = "FUNCTION".length();
      for (Iterator<String> it = functions.fieldNames(); it.hasNext(); ) {
        nameWidth = Math.max(nameWidth, it.next().length());
      }
      String row = "%-" + nameWidth + "s %11s %8s %11s  %s";
      out.println(String.format(Locale.ROOT, row, "FUNCTION", "INVOCATIONS", "ERRORS", "COLD STARTS", "LAST ERROR"));
      for (Iterator<Map.Entry<String, JsonNode>> it = functions.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode lastErrors = f.getValue().path("lastErrors");
        JsonNode last = lastErrors.isArray() && !lastErrors.isEmpty() ? lastErrors.get(lastErrors.size() - 1) : null;
        out.println(String.format(Locale.ROOT, row, f.getKey(), count(f.getValue(), "invocations"),
            count(f.getValue(), "errors"), count(f.getValue(), "coldStarts"), last == null ? "-" : lastError(last)));
        if (lastErrors.isArray()) {
          for (int i = 0; i < lastErrors.size() - 1 && i < 4; i++) {
            out.println(String.format(Locale.ROOT, row, "", "", "", "", lastError(lastErrors.get(i))));
          }
        }
      }
    }
    out.flush();
  }

  private static int width(JsonNode rows, String header, int extra) {
    int width = header.length();
    for (JsonNode row : rows) {
      width = Math.max(width, row.path("name").asText().length() + extra);
    }
    return width + 1;
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  private static String consumers(JsonNode consumers) {
    if (!consumers.isArray() || consumers.isEmpty()) {
      return "n/a";
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode c : consumers) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(c.path("function").asText()).append(" (")
          .append(c.has("iteratorAgeMillis") ? Units.duration(Duration.ofMillis(c.path("iteratorAgeMillis").asLong())) : "n/a")
          .append(')');
      if (!"Enabled".equalsIgnoreCase(c.path("state").asText("Enabled")) && !"n/a".equals(c.path("state").asText())) {
        out.append(' ').append(c.path("state").asText());
      }
    }
    return out.toString();
  }

  private static String lastError(JsonNode e) {
    String text = e.hasNonNull("errorMessage") ? e.path("errorMessage").asText("") : e.path("message").asText("");
    String message = (e.path("errorType").asText("") + " " + text).trim().replaceAll("\\s+", " ");
    if (message.length() > 100) {
      message = message.substring(0, 97) + "...";
    }
    return e.path("time").asText("") + " " + message;
  }

  private static String count(JsonNode node, String field) {
    return node.has(field) ? node.path(field).asText() : "n/a";
  }

  private static String age(String time) {
    try {
      Duration age = Duration.between(Instant.parse(time), Instant.now());
      return age.isNegative() ? time : Units.duration(age) + " ago";
    } catch (RuntimeException e) {
      return time;
    }
  }

  private static long number(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String shortError(SdkException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int cut = message.indexOf(" (Service:");
    return cut > 0 ? message.substring(0, cut) : message;
  }
}
