package dev.eventpipeline.remediate.domain;

import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.remediate.port.AttemptLedger;
import dev.eventpipeline.remediate.port.DeadLetterRedriver;
import dev.eventpipeline.remediate.port.StreamScaler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on an alarm state change: ignores alarms it has no target for and changes to OK or
 * INSUFFICIENT_DATA; claims the change in the ledger (a redelivered change is done already); checks the
 * hour's budget; redrives or scales; completes the ledger entry and publishes RemediationPerformed.
 */
public final class Remediator {
  private static final Logger LOG = LoggerFactory.getLogger(Remediator.class);
  private static final String FUNCTION = "remediate";
  private static final int MAX_DETAIL = 1000;

  private final Map<String, RemediationTarget> targets;
  private final RemediationPolicy policy;
  private final AttemptLedger ledger;
  private final DeadLetterRedriver redriver;
  private final StreamScaler scaler;
  private final EventPublisher publisher;
  private final Clock clock;
  private final Duration claimTimeout;

  /** {@code claimTimeout}: after it, an uncompleted claim is taken over (the function's timeout, or more). */
  public Remediator(Map<String, RemediationTarget> targets, RemediationPolicy policy, AttemptLedger ledger,
      DeadLetterRedriver redriver, StreamScaler scaler, EventPublisher publisher, Clock clock, Duration claimTimeout) {
    this.targets = Map.copyOf(targets);
    this.policy = policy;
    this.ledger = ledger;
    this.redriver = redriver;
    this.scaler = scaler;
    this.publisher = publisher;
    this.clock = clock;
    this.claimTimeout = claimTimeout;
  }

  /** What was done, or empty when the change needs nothing (not ALARM, not ours, seen before). */
  public Optional<Remediation> handle(AlarmStateChange change) {
    RemediationTarget target = targets.get(change.alarmName());
    if (target == null) {
      LOG.info("alarm {} has no remediation: ignored", change.alarmName());
      return Optional.empty();
    }
    if (!change.entersAlarm()) {
      LOG.info("alarm {} went {}: nothing to do", change.alarmName(), change.state());
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!ledger.claim(change.alarmName(), change.changedAt(), now, now.minus(claimTimeout))) {
      LOG.info("alarm {} change at {} was handled already: ignored", change.alarmName(), change.changedAt());
      return Optional.empty();
    }
    int previous = ledger.attemptsSince(change.alarmName(), now.minus(RemediationPolicy.WINDOW), change.changedAt());
    Remediation result;
    try {
      if (!policy.allows(previous)) {
        result = limitReached(change, target, previous);
      } else if (target instanceof RemediationTarget.Redrive r) {
        result = redrive(change, r, previous);
      } else {
        result = scale(change, (RemediationTarget.ScaleStream) target, previous);
      }
    } catch (RuntimeException e) {
      LOG.warn("remediation of alarm {} failed: {}", change.alarmName(), e.toString());
      result = base(change, target, previous, Outcome.FAILED, null, null, null, null, null, null, null,
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    ledger.complete(change.alarmName(), change.changedAt(), result.outcome());
    publisher.publish(PipelineEvent.of(EventType.RemediationPerformed, FUNCTION, target.resource(), result,
        change.alarmName(), change.changedAt().toString()));
    LOG.info("alarm {}: {} {} -> {}", change.alarmName(), result.action(), result.resource(), result.outcome());
    return Optional.of(result);
  }

  private Remediation redrive(AlarmStateChange change, RemediationTarget.Redrive r, int previous) {
    Duration delay = policy.backoff(previous);
    RedriveCounts c = redriver.redrive(r, delay);
    Outcome outcome = c.messagesLeft() > 0 ? Outcome.PARTIALLY_REDRIVEN
        : c.messagesRedriven() == 0 ? Outcome.NOTHING_TO_REDRIVE : Outcome.REDRIVEN;
    String detail = (r.kinesisReplay() ? "failure records replayed from their streams" : "moved back to "
        + r.sourceQueueUrl().substring(r.sourceQueueUrl().lastIndexOf('/') + 1))
        + (c.problems().isEmpty() ? "" : "; " + String.join("; ", c.problems()));
    return base(change, r, previous, outcome, delay.toSeconds(), c.messagesRedriven(), c.recordsReplayed(),
        c.messagesLeft(), null, null, null, detail);
  }

  private Remediation scale(AlarmStateChange change, RemediationTarget.ScaleStream s, int previous) {
    StreamCapacity capacity = scaler.capacity(s.streamName());
    if (capacity.onDemand() || !capacity.active()) {
      return base(change, s, previous, Outcome.NOT_SCALABLE_NOW, null, null, null, null, capacity.openShards(),
          capacity.openShards(), s.maxShards(), capacity.onDemand() ? "the stream is on-demand: it scales itself"
              : "the stream is being updated (a reshard is in progress)");
    }
    int target = RemediationPolicy.nextShardCount(capacity.openShards(), s.minShards(), s.maxShards());
    if (target <= capacity.openShards()) {
      return base(change, s, previous, Outcome.AT_BOUND, null, null, null, null, capacity.openShards(),
          capacity.openShards(), s.maxShards(), "at the maximum of " + s.maxShards() + " shard(s): raise"
              + " remediation.maxShards or look at the consumer");
    }
    scaler.updateShardCount(s.streamName(), target);
    return base(change, s, previous, Outcome.SCALED, null, null, null, null, capacity.openShards(), target,
        s.maxShards(), "UpdateShardCount (uniform scaling) started");
  }

  private Remediation limitReached(AlarmStateChange change, RemediationTarget target, int previous) {
    return base(change, target, previous, Outcome.LIMIT_REACHED, null, null, null, null, null, null, null,
        previous + " action(s) in the last hour, the most allowed: operators must look");
  }

  private Remediation base(AlarmStateChange change, RemediationTarget target, int previous, Outcome outcome,
      Long delaySeconds, Integer redriven, Integer replayed, Integer left, Integer fromShards, Integer toShards,
      Integer maxShards, String detail) {
    String action = target instanceof RemediationTarget.Redrive ? Remediation.REDRIVE : Remediation.SCALE_STREAM;
    String d = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…";
    return new Remediation(change.alarmName(), change.changedAt().toString(), action, target.resource(), outcome,
        previous + 1, policy.maxAttemptsPerHour(), delaySeconds, redriven, replayed, left, fromShards, toShards,
        maxShards, d);
  }
}
