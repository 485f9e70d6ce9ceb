package dev.eventpipeline.notify.domain;

/**
 * The outcome of delivering one event to one subscription, with the metric it is counted under and
 * whether the SQS message must come back (retryable outcomes put it in batchItemFailures).
 */
public enum DeliveryOutcome {
  /** 2xx. */
  DELIVERED("WebhookDelivered", false),
  /** Already delivered before (a redelivered message): not sent again. */
  DUPLICATE("WebhookDuplicateSkipped", false),
  /** 3xx: a failure, the redirect is never followed and retrying cannot change it. */
  REDIRECTED("WebhookRedirected", false),
  /** 4xx other than 410 and 429: the endpoint refuses this event; logged, counted, not retried. */
  REJECTED("WebhookRejected", false),
  /** 410 Gone: the endpoint asks to stop; the subscription is disabled. */
  GONE("WebhookGone", false),
  /** The subscription was disabled during this batch (an earlier 410): not sent. */
  SKIPPED_DISABLED("WebhookSkippedDisabled", false),
  /** The host now resolves to a refused address: not sent, not retried. */
  BLOCKED("WebhookBlocked", false),
  /** 5xx, 429, timeout, connection or DNS error: retried with the message. */
  FAILED("WebhookFailed", true),
  /** Not attempted in this invocation (its endpoint is timing out, or time ran out): retried. */
  DEFERRED("WebhookDeferred", true);

  private final String metric;
  private final boolean retryable;

  DeliveryOutcome(String metric, boolean retryable) {
    this.metric = metric;
    this.retryable = retryable;
  }

  public String metric() {
    return metric;
  }

  public boolean retryable() {
    return retryable;
  }

  /** Classifies an HTTP result (the Standard Webhooks conventions plus this project's rules). */
  public static DeliveryOutcome of(SendResult result) {
    if (result.failure() != null) {
      return FAILED;
    }
    int status = result.status();
    if (status >= 200 && status < 300) {
      return DELIVERED;
    }
    if (status >= 300 && status < 400) {
      return REDIRECTED;
    }
    if (status == 410) {
      return GONE;
    }
    if (status == 429 || status >= 500) {
      return FAILED;
    }
    if (status >= 400) {
      return REJECTED;
    }
    return FAILED; // 1xx as a final status is a broken peer: try again later
  }
}
