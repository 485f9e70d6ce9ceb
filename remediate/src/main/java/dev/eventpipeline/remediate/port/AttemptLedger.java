package dev.eventpipeline.remediate.port;

import dev.eventpipeline.remediate.domain.Outcome;
import java.time.Instant;

/**
 * Durable record of the alarm state changes acted on (one entry per alarm name and state-change time):
 * what makes the remediation idempotent and its hourly budget hold across invocations.
 */
public interface AttemptLedger {
  /**
   * Claims the state change for this invocation: true when it was never seen, or when an earlier claim
   * never completed and is older than {@code staleBefore} (that invocation died); false otherwise (a
   * redelivered event: do nothing).
   */
  boolean claim(String alarmName, Instant changedAt, Instant now, Instant staleBefore);

  /** How many completed entries of the alarm since {@code since} counted as attempts (other than {@code changedAt}). */
  int attemptsSince(String alarmName, Instant since, Instant changedAt);

  /** Completes a claimed entry with its outcome. */
  void complete(String alarmName, Instant changedAt, Outcome outcome);
}
