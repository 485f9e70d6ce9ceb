package dev.eventpipeline.remediate.domain;

/** What a remediation did (the {@code outcome} of a RemediationPerformed event). */
public enum Outcome {
  /** Every message of the DLQ was redriven. */
  REDRIVEN,
  /** Some messages stayed in the DLQ (the event says why). */
  PARTIALLY_REDRIVEN,
  /** The DLQ was already empty (someone redrove it first). */
  NOTHING_TO_REDRIVE,
  /** The stream's shard count was raised. */
  SCALED,
  /** The stream is at its maximum shard count: operators are notified, nothing else. */
  AT_BOUND,
  /** The stream is being resharded or is on-demand: nothing to do now. */
  NOT_SCALABLE_NOW,
  /** The hour's budget of actions for this alarm is spent: operators are notified, nothing else. */
  LIMIT_REACHED,
  /** The action failed (the event says why). */
  FAILED;

  /**
   * Whether it counts against the hour's budget (an action was taken or tried): all but AT_BOUND,
   * NOT_SCALABLE_NOW and LIMIT_REACHED, which only notify.
   */
  public boolean isAttempt() {
    return this != AT_BOUND && this != NOT_SCALABLE_NOW && this != LIMIT_REACHED;
  }
}
