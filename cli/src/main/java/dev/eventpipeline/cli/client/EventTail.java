package dev.eventpipeline.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A temporary SQS queue subscribed to the events topic (raw delivery, optional filter policy on the
 * {@code eventType} message attribute), for watching events from a terminal. {@link #close()}
 * unsubscribes and deletes the queue; it is idempotent and safe to call from a shutdown hook.
 */
public final class EventTail implements AutoCloseable {
  /** One event as received: the CloudEvent JSON body, parsed when it is JSON. */
  public record Received(String body, JsonNode event) {}

  private final SqsClient sqs;
  private final SnsClient sns;
  private final String topicArn;
  private String queueUrl;
  private String queueName;
  private String subscriptionArn;
  private boolean closed;

  public EventTail(SqsClient sqs, SnsClient sns, String topicArn) {
    this.sqs = sqs;
    this.sns = sns;
    this.topicArn = topicArn;
  }

  /** Creates the queue, lets the topic send to it, and subscribes it (filtered when {@code types} is not empty). */
  public synchronized void start(Set<String> types) {
    if (closed) {
      throw new IllegalStateException("the tail was closed before it started (the process is stopping)");
    }
    queueName = "pipeline-events-tail-" + UUID.randomUUID().toString().substring(0, 8);
    queueUrl = sqs.createQueue(b -> b.queueName(queueName)
        .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600"))).queueUrl();
    try {
      String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
          .attributes().get(QueueAttributeName.QUEUE_ARN);
      sqs.setQueueAttributes(b -> b.queueUrl(queueUrl)
          .attributes(Map.of(QueueAttributeName.POLICY, queuePolicy(queueArn, topicArn))));
      Map<String, String> attributes = new java.util.HashMap<>();
      attributes.put("RawMessageDelivery", "true");
      if (!types.isEmpty()) {
        attributes.put("FilterPolicy", filterPolicy(types));
      }
      subscriptionArn = sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
          .attributes(attributes).returnSubscriptionArn(true)).subscriptionArn();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public synchronized String queueName() {
    return queueName;
  }

  public synchronized String queueUrl() {
    return queueUrl;
  }

  public synchronized String subscriptionArn() {
    return subscriptionArn;
  }

  /** Waits up to {@code waitSeconds} for events; returns them (deleted from the queue) in arrival order. */
  public List<Received> poll(int waitSeconds) {
    String url = queueUrl();
    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
        .waitTimeSeconds(waitSeconds)).messages();
    if (messages.isEmpty()) {
      return List.of();
    }
    List<Received> received = new ArrayList<>(messages.size());
    List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message message = messages.get(i);
      received.add(parse(message.body()));
      deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
          .receiptHandle(message.receiptHandle()).build());
    }
    sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(deletes));
    return received;
  }

  public synchronized boolean closed() {
    return closed;
  }

  /** Unsubscribes and deletes the queue, once; what could not be removed is thrown as one message. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<String> problems = new ArrayList<>();
    if (subscriptionArn != null) {
      try {
        sns.unsubscribe(b -> b.subscriptionArn(subscriptionArn));
      } catch (SdkException e) {
        problems.add("unsubscribe " + subscriptionArn + ": " + e.getMessage());
      }
    }
    if (queueUrl != null) {
      try {
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
      } catch (SdkException e) {
        problems.add("delete queue " + queueUrl + ": " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new TargetException("cleanup incomplete: " + String.join("; ", problems));
    }
  }

  /** The CloudEvent of a body: raw delivery gives it directly; an SNS envelope (raw delivery off) is unwrapped. */
  static Received parse(String body) {
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node != null && "Notification".equals(node.path("Type").asText()) && node.path("Message").isTextual()) {
        String inner = node.path("Message").asText();
        return new Received(inner, Json.MAPPER.readTree(inner));
      }
      return new Received(body, node);
    } catch (IOException e) {
      return new Received(body, null);
    }
  }

  /** "time  type  subject  k=v ...": one line per event for the terminal. */
  public static String summaryLine(Received received) {
    JsonNode event = received.event();
    if (event == null || !event.isObject()) {
      String body = received.body().replaceAll("\\s+", " ");
      return "(not a JSON event) " + (body.length() > 100 ? body.substring(0, 100) + "..." : body);
    }
    String time = event.path("time").asText("-");
    String type = event.path("type").asText("-");
    String subject = event.path("subject").asText("-");
    return String.format("%-24s  %-21s  %s  %s", time, type, subject, dataSummary(event.path("data"), 120)).stripTrailing();
  }

  /**
   * "k=v ..." of the data's top-level fields, counts and small structures first (they say the most
   * in one glance), long strings last, cut at {@code max} characters.
   */
  static String dataSummary(JsonNode data, int max) {
    if (!data.isObject()) {
      return data.isMissingNode() ? "" : abbreviate(data.toString(), max);
    }
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    data.fields().forEachRemaining(fields::add);
    fields.sort(java.util.Comparator.comparingInt(field -> rank(field.getValue())));
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, JsonNode> field : fields) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(field.getKey()).append('=').append(shortValue(field.getValue()));
      if (out.length() > max) {
        break;
      }
    }
    return abbreviate(out.toString(), max);
  }

  private static int rank(JsonNode value) {
    if (value.isNumber() || value.isBoolean()) {
      return 0;
    }
    if (value.isContainerNode()) {
      return 1;
    }
    return 2;
  }

  private static String shortValue(JsonNode value) {
    if (value.isTextual()) {
      return abbreviate(value.asText(), 48);
    }
    if (value.isArray()) {
      ArrayNode array = (ArrayNode) value;
      boolean scalars = true;
      for (JsonNode element : array) {
        scalars &= element.isValueNode();
      }
      return scalars && array.size() <= 6 ? abbreviate(array.toString(), 48) : "[" + array.size() + " items]";
    }
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      if (object.size() <= 3) {
        return abbreviate(object.toString(), 48);
      }
      // An S3 object reference (the common case in our events): its key says the most.
      return object.path("key").isTextual() ? abbreviate(object.path("key").asText(), 48) : "{" + object.size() + " fields}";
    }
    return value.toString();
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  static String queuePolicy(String queueArn, String topicArn) {
    ObjectNode policy = Json.MAPPER.createObjectNode();
    policy.put("Version", "2012-10-17");
    ObjectNode statement = policy.putArray("Statement").addObject();
    statement.put("Sid", "AllowPipelineEventsTopic");
    statement.put("Effect", "Allow");
    statement.putObject("Principal").put("Service", "sns.amazonaws.com");
    statement.put("Action", "sqs:SendMessage");
    statement.put("Resource", queueArn);
    statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
    return policy.toString();
  }

  static String filterPolicy(Set<String> types) {
    ObjectNode policy = Json.MAPPER.createObjectNode();
    ArrayNode values = policy.putArray("eventType");
    types.forEach(values::add);
    return policy.toString();
  }
}
