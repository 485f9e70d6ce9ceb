package dev.eventpipeline.remediate.domain;

import java.time.Duration;

/**
 * How often and how soon the remediation acts: at most {@code maxAttemptsPerHour} actions per alarm in
 * any rolling hour; the n-th action of that hour waits {@code baseBackoff} x 2^(n-1), capped at
 * {@code maxBackoff} (a redrive that fails again lands back in the DLQ, the alarm goes OK and then ALARM
 * again: each round waits twice as long, and the hour's budget ends the loop).
 */
public record RemediationPolicy(int maxAttemptsPerHour, Duration baseBackoff, Duration maxBackoff) {
  public static final Duration WINDOW = Duration.ofHours(1);

  public RemediationPolicy {
    if (maxAttemptsPerHour < 1) {
      throw new IllegalArgumentException("maxAttemptsPerHour must be at least 1: " + maxAttemptsPerHour);
    }
    if (baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
      throw new IllegalArgumentException("backoff must be 0 <= base <= max: " + baseBackoff + ", " + maxBackoff);
    }
  }

  /** Whether another action is allowed after {@code previousAttempts} in the last hour. */
  public boolean allows(int previousAttempts) {
    return previousAttempts < maxAttemptsPerHour;
  }

  /** The wait before the action that follows {@code previousAttempts} actions in the last hour. */
  public Duration backoff(int previousAttempts) {
    if (previousAttempts < 0) {
      throw new IllegalArgumentException("previousAttempts must be >= 0: " + previousAttempts);
    }
    Duration d = baseBackoff;
    for (int i = 0; i < previousAttempts && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  /**
   * The shard count to scale a stream of {@code openShards} to: double, but within the bounds (Kinesis'
   * UpdateShardCount goes at most to twice the current count in one call); {@code openShards} itself when it
   * is at or above {@code maxShards} (nothing to do but notify).
   */
  public static int nextShardCount(int openShards, int minShards, int maxShards) {
    if (openShards < 1) {
      throw new IllegalArgumentException("openShards must be at least 1: " + openShards);
    }
    if (openShards >= maxShards) {
      return openShards;
    }
    int target = Math.max(minShards, Math.min(maxShards, openShards * 2));
    return Math.min(target, openShards * 2);
  }
}
