package dev.eventpipeline.notify.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.events.CloudEventCodec;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.InvalidEventException;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.notify.domain.Notifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an SQS message of the notify-events queue into the event it carries. The queue is
 * subscribed to the topic with raw message delivery, so the body is the CloudEvent itself; a body
 * that is still wrapped in an SNS notification envelope (raw delivery switched off by mistake) is
 * unwrapped rather than refused.
 */
final class EventMessages {
  /** Longest event id accepted: it becomes the webhook-id header. */
  static final int MAX_ID_LENGTH = 256;

  private static final Logger LOG = LoggerFactory.getLogger(EventMessages.class);

  private EventMessages() {}

  /**
   * The events of a batch's messages. A message that is not a pipeline event (invalid JSON, not a
   * CloudEvent, unknown type) can never succeed, so it is left out (acknowledged), logged and counted
   * (InvalidEvents) instead of cycling to the DLQ.
   */
  static List<Notifier.Inbound> deliverable(List<SQSEvent.SQSMessage> messages, Metrics metrics) {
    List<Notifier.Inbound> events = new ArrayList<>(messages.size());
    for (SQSEvent.SQSMessage message : messages) {
      try (var scope = LambdaLogging.with("messageId", message.getMessageId())) {
        try {
          events.add(parse(message));
        } catch (InvalidEventException e) {
          LOG.warn("Message is not a deliverable pipeline event, acknowledged without delivery: {}", e.getMessage());
          metrics.count("InvalidEvents", 1);
        }
      }
    }
    return events;
  }

  /** @throws InvalidEventException when the message cannot carry a deliverable event (never will) */
  static Notifier.Inbound parse(SQSEvent.SQSMessage message) {
    String body = message.getBody();
    if (body == null || body.isBlank()) {
      throw new InvalidEventException("empty message body", null);
    }
    byte[] bytes = unwrapSnsEnvelope(body).getBytes(StandardCharsets.UTF_8);
    if (bytes.length > EventPublisher.MAX_MESSAGE_BYTES) {
      // SQS takes up to 1 MiB, SNS only 256 KiB: this was not published on the topic. Not parsed,
      // and never fanned out to every subscriber as a webhook bigger than any event can be.
      throw new InvalidEventException("the event is " + bytes.length + " bytes, over SNS's "
          + EventPublisher.MAX_MESSAGE_BYTES + "-byte limit: it cannot have come from the topic", null);
    }
    PipelineEvent event;
    try {
      event = CloudEventCodec.fromJson(bytes);
    } catch (InvalidEventException e) {
      throw new InvalidEventException(safeReason(e, bytes.length), null);
    }
    String id = event.id();
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH || !id.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new InvalidEventException("event id is not 1-" + MAX_ID_LENGTH + " printable ASCII characters", null);
    }
    return new Notifier.Inbound(message.getMessageId(), event, bytes);
  }

  /**
   * The reason without any of the body: a JSON parser's message quotes the token it choked on, which
   * could be anything the message carried.
   */
  static String safeReason(InvalidEventException e, int length) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.startsWith("not a CloudEvents")) {
      return "not a CloudEvents 1.0 JSON document (" + length + " bytes)";
    }
    return message.length() > 160 ? message.substring(0, 160) + "…" : message;
  }

  private static String unwrapSnsEnvelope(String body) {
    if (!body.contains("\"TopicArn\"")) {
      return body;
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      if (node.path("Type").asText().equals("Notification") && node.path("Message").isTextual()
          && node.has("TopicArn")) {
        return node.path("Message").asText();
      }
    } catch (IOException notJson) {
      // the codec reports it
    }
    return body;
  }
}
