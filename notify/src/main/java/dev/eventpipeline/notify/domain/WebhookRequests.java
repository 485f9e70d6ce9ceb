package dev.eventpipeline.notify.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The headers of a webhook delivery, and the body of a test ping. */
public final class WebhookRequests {
  /** Names the project to receivers (and their firewalls). */
  public static final String USER_AGENT = "LambdaEventPipeline-Webhooks/1.0";
  /**
   * Structured-mode CloudEvent JSON sent as plain JSON: what Standard Webhooks receivers and most web
   * frameworks parse without configuration (application/cloudevents+json is refused by many).
   */
  public static final String CONTENT_TYPE = "application/json";
  /** The type of a test ping; never published on the topic. */
  public static final String TEST_EVENT_TYPE = "WebhookTest";

  private WebhookRequests() {}

  /** The Standard Webhooks headers and the rest, in the order they are written; {@code secrets} newest first. */
  public static Map<String, String> headers(List<String> secrets, String webhookId, long timestampSeconds,
      byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", USER_AGENT);
    headers.put("Content-Type", CONTENT_TYPE);
    headers.put("webhook-id", webhookId);
    headers.put("webhook-timestamp", Long.toString(timestampSeconds));
    headers.put("webhook-signature",
        WebhookSignature.header(secrets, webhookId, timestampSeconds, body));
    return headers;
  }

  /** A CloudEvent that only says "this is a test", sent by POST /subscriptions/{id}/test. */
  public static byte[] testEvent(String subscriptionId, String webhookId, Instant now) {
    ObjectNode event = Json.MAPPER.createObjectNode();
    event.put("specversion", "1.0");
    event.put("id", webhookId);
    event.put("source", "eventpipeline/notify");
    event.put("type", TEST_EVENT_TYPE);
    event.put("time", now.truncatedTo(ChronoUnit.MILLIS).toString());
    event.put("subject", subscriptionId);
    event.put("datacontenttype", "application/json");
    ObjectNode data = event.putObject("data");
    data.put("subscriptionId", subscriptionId);
    data.put("message", "Test delivery from the Lambda Event Pipeline: your endpoint is reachable.");
    try {
      return Json.MAPPER.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
