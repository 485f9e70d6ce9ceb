package dev.eventpipeline.remediate.domain;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one alarm state change led to: the data of a RemediationPerformed event (docs/events). Counts
 * are null when they do not apply to the action.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Remediation(
    String alarmName,
    String stateChangedAt,
    String action,
    String resource,
    Outcome outcome,
    int attempt,
    int maxAttemptsPerHour,
    Long delaySeconds,
    Integer messagesRedriven,
    Integer recordsReplayed,
    Integer messagesLeft,
    Integer fromShards,
    Integer toShards,
    Integer maxShards,
    String detail) {
  public static final String REDRIVE = "REDRIVE";
  public static final String SCALE_STREAM = "SCALE_STREAM";
}
