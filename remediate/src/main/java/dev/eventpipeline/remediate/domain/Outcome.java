package dev.eventpipeline.remediate.domain;

/** What a remediation did (the {@code outcome} of a RemediationPerformed event). */
public enum Outcome {
  /** Every message of the DLQ was redriven. */
  REDRIVEN(true),
  /** Some messages stayed in the DLQ (the event says why). */
  PARTIALLY_REDRIVEN(true),
  /** The DLQ was already empty (someone redrove it first). */
  NOTHING_TO_REDRIVE(true),
  /** The stream's shard count was raised. */
  SCALED(true),
  /** The stream is at its maximum shard count: operators are notified, nothing else. */
  AT_BOUND(false),
  /** The stream is being resharded or is on-demand: nothing to do now. */
  NOT_SCALABLE_NOW(false),
  /** The hour's budget of actions for this alarm is spent: operators are notified, nothing else. */
  LIMIT_REACHED(false),
  /** The action failed (the event says why). */
  FAILED(true);

  private final boolean attempt;

  Outcome(boolean attempt) {
    this.attempt = attempt;
  }

  /** Whether it counts against the hour's budget (an action was taken or tried). */
  public boolean isAttempt() {
    return attempt;
  }
}
