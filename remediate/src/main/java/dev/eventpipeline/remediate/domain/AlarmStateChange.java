package dev.eventpipeline.remediate.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One CloudWatch alarm state change, as EventBridge delivers it ({@code source} aws.cloudwatch,
 * {@code detail-type} CloudWatch Alarm State Change). {@code changedAt} is the new state's timestamp:
 * with the alarm's name it identifies the change (a redelivered event carries the same pair).
 */
public record AlarmStateChange(String alarmName, String alarmArn, String state, String previousState,
    Instant changedAt) {
  public static final String ALARM = "ALARM";

  public AlarmStateChange {
    Objects.requireNonNull(alarmName, "alarmName");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(changedAt, "changedAt");
  }

  /** Whether the alarm went into ALARM (the only state the remediation acts on). */
  public boolean entersAlarm() {
    return ALARM.equals(state);
  }
}
