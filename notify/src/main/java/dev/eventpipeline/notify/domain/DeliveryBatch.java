package dev.eventpipeline.notify.domain;

import dev.eventpipeline.common.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of the notify-events queue: its events delivered to their subscribers before the
 * invocation's deadline, and the messages that must come back (retryable deliveries, or every
 * message when the subscriptions cannot be read). Counts each outcome as a metric.
 */
public final class DeliveryBatch {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryBatch.class);
  /** Time kept back from the invocation's remaining time for the response and metrics. */
  static final Duration SAFETY_MARGIN = Duration.ofMillis(1500);

  private final Notifier notifier;
  private final Clock clock;

  public DeliveryBatch(Notifier notifier, Clock clock) {
    this.notifier = notifier;
    this.clock = clock;
  }

  /**
   * Delivers {@code events} (the deliverable ones of a batch of {@code received} messages).
   *
   * @param remainingMillis the invocation's remaining time; 0 or less when unknown (15 minutes then)
   * @return the ids of the messages to report as batch item failures
   */
  public Collection<String> deliver(List<Notifier.Inbound> events, int received, long remainingMillis, Metrics metrics) {
    if (events.isEmpty()) {
      return List.of();
    }
    Notifier.Report report;
    try {
      report = notifier.deliver(events, deadline(remainingMillis));
    } catch (RuntimeException e) {
      LOG.error("Could not read the subscriptions; every message will come back", e);
      metrics.count("SubscriptionsUnavailable", 1);
      return events.stream().map(Notifier.Inbound::messageId).distinct().toList();
    }
    for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
      metrics.count(outcome.metric(), report.counts().getOrDefault(outcome, 0));
    }
    if (!report.retryMessageIds().isEmpty()) {
      LOG.info("{} of {} message(s) will come back for retryable deliveries", report.retryMessageIds().size(), received);
    }
    return report.retryMessageIds();
  }

  private Instant deadline(long remainingMillis) {
    Instant now = clock.instant();
    if (remainingMillis <= 0) {
      return now.plus(Duration.ofMinutes(15));
    }
    Instant deadline = now.plusMillis(remainingMillis).minus(SAFETY_MARGIN);
    if (now.plus(notifier.deliveryTimeout()).isAfter(deadline)) {
      LOG.error("Only {} ms left in this invocation: not enough for one delivery (WEBHOOK_TIMEOUT_MS {} ms plus "
          + "{} ms); every delivery is deferred. Raise the function timeout.", remainingMillis,
          notifier.deliveryTimeout().toMillis(), SAFETY_MARGIN.toMillis());
    }
    return deadline;
  }
}
