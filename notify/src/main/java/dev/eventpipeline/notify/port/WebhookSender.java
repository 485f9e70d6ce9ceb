package dev.eventpipeline.notify.port;

import dev.eventpipeline.notify.domain.SendResult;
import dev.eventpipeline.notify.domain.WebhookTarget;
import java.util.Map;

/**
 * Port: POSTs a body to a checked target, connecting only to the target's checked addresses, never
 * following redirects, within the configured connect and total timeouts. Never throws for anything
 * the endpoint does: the result says what happened.
 */
public interface WebhookSender {
  SendResult post(WebhookTarget target, Map<String, String> headers, byte[] body);
}
