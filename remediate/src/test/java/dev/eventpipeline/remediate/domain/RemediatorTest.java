package dev.eventpipeline.remediate.domain;

import dev.eventpipeline.common.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.remediate.port.AttemptLedger;
import dev.eventpipeline.remediate.port.DeadLetterRedriver;
import dev.eventpipeline.remediate.port.StreamScaler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemediatorTest {
  private static final String DLQ_ALARM = "EventPipeline-ThumbnailJobsDlqNotEmpty";
  private static final String KINESIS_ALARM = "EventPipeline-MaskDlqNotEmpty";
  private static final String AGE_ALARM = "EventPipeline-EnrichIteratorAge";
  private static final Instant T0 = Instant.parse("2026-12-07T13:00:00.250Z");

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryLedger ledger = new InMemoryLedger();
  private final List<String> redrives = new ArrayList<>();
  private final List<PipelineEvent> published = new ArrayList<>();
  private RedriveCounts nextCounts = new RedriveCounts(3, 0, 0, List.of());
  private RuntimeException redriveFailure;
  private StreamCapacity capacity = new StreamCapacity(1, true, false);
  private final List<Integer> reshards = new ArrayList<>();

  private final DeadLetterRedriver redriver = (target, delay) -> {
    if (redriveFailure != null) {
      throw redriveFailure;
    }
    redrives.add(target.resource() + " after " + delay.toSeconds() + "s");
    return nextCounts;
  };
  private final StreamScaler scaler = new StreamScaler() {
    @Override
    public StreamCapacity capacity(String streamName) {
      return capacity;
    }

    @Override
    public void updateShardCount(String streamName, int targetShards) {
      reshards.add(targetShards);
    }
  };

  private final Remediator remediator = new Remediator(Map.of(
      DLQ_ALARM, new RemediationTarget.Redrive(DLQ_ALARM, "http://127.0.0.1:4566/123456789012/ThumbnailJobsDlq",
          "http://127.0.0.1:4566/123456789012/ThumbnailJobsQueue"),
      KINESIS_ALARM, new RemediationTarget.Redrive(KINESIS_ALARM, "http://127.0.0.1:4566/123456789012/MaskDlq", null),
      AGE_ALARM, new RemediationTarget.ScaleStream(AGE_ALARM, "EnrichedLogsStream", 1, 4)),
      new RemediationPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(900)), ledger, redriver, scaler,
      events -> published.addAll(events), clock, Duration.ofMinutes(6));

  @Test
  void aDlqAlarmRedrivesTheQueueAfterTheBaseBackoffAndPublishesWhatItDid() {
    Optional<Remediation> r = remediator.handle(alarm(DLQ_ALARM, T0));

    assertThat(redrives).containsExactly("ThumbnailJobsDlq after 30s");
    assertThat(r).hasValueSatisfying(x -> {
      assertThat(x.outcome()).isEqualTo(Outcome.REDRIVEN);
      assertThat(x.attempt()).isEqualTo(1);
      assertThat(x.messagesRedriven()).isEqualTo(3);
      assertThat(x.detail()).isEqualTo("moved back to ThumbnailJobsQueue");
    });
    assertThat(published).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(EventType.RemediationPerformed);
      assertThat(e.subject()).isEqualTo("ThumbnailJobsDlq");
      EventContract.assertValid(e);
    });
  }

  @Test
  void theSameStateChangeDeliveredTwiceActsOnce() {
    remediator.handle(alarm(DLQ_ALARM, T0));
    clock.advance(Duration.ofSeconds(5));

    assertThat(remediator.handle(alarm(DLQ_ALARM, T0))).isEmpty();
    assertThat(redrives).hasSize(1);
    assertThat(published).hasSize(1);
  }

  @Test
  void eachLaterAlarmOfTheHourWaitsTwiceAsLongAndTheFourthOnlyNotifies() {
    for (int i = 0; i < 4; i++) {
      remediator.handle(alarm(DLQ_ALARM, clock.instant()));
      clock.advance(Duration.ofMinutes(5));
    }

    assertThat(redrives).containsExactly("ThumbnailJobsDlq after 30s", "ThumbnailJobsDlq after 60s",
        "ThumbnailJobsDlq after 120s");
    assertThat(published).last().satisfies(e -> {
      assertThat(e.dataObject().path("outcome").asText()).isEqualTo("LIMIT_REACHED");
      assertThat(e.dataObject().path("attempt").asInt()).isEqualTo(4);
      EventContract.assertValid(e);
    });
  }

  @Test
  void theBudgetIsARollingHour() {
    for (int i = 0; i < 3; i++) {
      remediator.handle(alarm(DLQ_ALARM, clock.instant()));
      clock.advance(Duration.ofMinutes(10));
    }
    clock.advance(Duration.ofMinutes(35)); // the first attempt is now more than an hour old

    assertThat(remediator.handle(alarm(DLQ_ALARM, clock.instant())))
        .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.REDRIVEN));
    assertThat(redrives).last().isEqualTo("ThumbnailJobsDlq after 120s");
  }

  @Test
  void aKinesisOnFailureDestinationIsReplayedAndCounted() {
    nextCounts = new RedriveCounts(2, 7, 1, List.of("message m-1: the records are no longer in the stream"));

    Optional<Remediation> r = remediator.handle(alarm(KINESIS_ALARM, T0));

    assertThat(r).hasValueSatisfying(x -> {
      assertThat(x.outcome()).isEqualTo(Outcome.PARTIALLY_REDRIVEN);
      assertThat(x.recordsReplayed()).isEqualTo(7);
      assertThat(x.messagesLeft()).isEqualTo(1);
      assertThat(x.detail()).startsWith("failure records replayed from their streams; message m-1");
    });
    EventContract.assertValid(published);
  }

  @Test
  void okAndInsufficientDataAndForeignAlarmsAreIgnored() {
    assertThat(remediator.handle(new AlarmStateChange(DLQ_ALARM, null, "OK", "ALARM", T0))).isEmpty();
    assertThat(remediator.handle(new AlarmStateChange(DLQ_ALARM, null, "INSUFFICIENT_DATA", "OK", T0))).isEmpty();
    assertThat(remediator.handle(alarm("SomeoneElsesAlarm", T0))).isEmpty();
    assertThat(redrives).isEmpty();
    assertThat(published).isEmpty();
    assertThat(ledger.entries).isEmpty();
  }

  @Test
  void aFailedRedriveIsPublishedAsFailedAndCountsAgainstTheBudget() {
    redriveFailure = new IllegalStateException("SQS said no");

    assertThat(remediator.handle(alarm(DLQ_ALARM, T0)))
        .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.FAILED));
    assertThat(published).singleElement().satisfies(e ->
        assertThat(e.dataObject().path("detail").asText()).isEqualTo("IllegalStateException: SQS said no"));
    assertThat(ledger.attemptsSince(DLQ_ALARM, T0.minusSeconds(1), T0.plusSeconds(1))).isEqualTo(1);
  }

  @Test
  void aClaimWhoseInvocationDiedIsTakenOverAfterTheClaimTimeout() {
    ledger.claim(DLQ_ALARM, T0, T0, T0); // claimed, never completed

    assertThat(remediator.handle(alarm(DLQ_ALARM, T0))).isEmpty();
    clock.advance(Duration.ofMinutes(7));
    assertThat(remediator.handle(alarm(DLQ_ALARM, T0))).isPresent();
    assertThat(redrives).hasSize(1);
  }

  @Test
  void anIteratorAgeAlarmDoublesTheShardCountWithinTheBound() {
    capacity = new StreamCapacity(2, true, false);

    Optional<Remediation> r = remediator.handle(alarm(AGE_ALARM, T0));

    assertThat(reshards).containsExactly(4);
    assertThat(r).hasValueSatisfying(x -> {
      assertThat(x.outcome()).isEqualTo(Outcome.SCALED);
      assertThat(x.fromShards()).isEqualTo(2);
      assertThat(x.toShards()).isEqualTo(4);
    });
    EventContract.assertValid(published);
  }

  @Test
  void atTheBoundItOnlyNotifies() {
    capacity = new StreamCapacity(4, true, false);

    assertThat(remediator.handle(alarm(AGE_ALARM, T0)))
        .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.AT_BOUND));
    assertThat(reshards).isEmpty();
    assertThat(published).singleElement().satisfies(EventContract::assertValid);
  }

  @Test
  void aStreamBeingReshardedOrOnDemandIsLeftAlone() {
    capacity = new StreamCapacity(2, false, false);
    assertThat(remediator.handle(alarm(AGE_ALARM, T0)))
        .hasValueSatisfying(r -> assertThat(r.outcome()).isEqualTo(Outcome.NOT_SCALABLE_NOW));
    capacity = new StreamCapacity(4, true, true);
    assertThat(remediator.handle(alarm(AGE_ALARM, T0.plusSeconds(60))))
        .hasValueSatisfying(r -> assertThat(r.detail()).contains("on-demand"));
    assertThat(reshards).isEmpty();
    // neither counts against the budget: nothing was done
    assertThat(ledger.attemptsSince(AGE_ALARM, T0.minusSeconds(1), T0.plusSeconds(3600))).isZero();
  }

  private static AlarmStateChange alarm(String name, Instant at) {
    return new AlarmStateChange(name, "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name, "ALARM", "OK", at);
  }

  /** The ledger's contract in memory (the DynamoDB adapter's test checks the same against moto). */
  static final class InMemoryLedger implements AttemptLedger {
    record Entry(Instant claimedAt, Outcome outcome) {}

    final Map<String, Entry> entries = new LinkedHashMap<>();

    @Override
    public boolean claim(String alarmName, Instant changedAt, Instant now, Instant staleBefore) {
      String key = alarmName + "@" + changedAt.toEpochMilli();
      Entry e = entries.get(key);
      if (e != null && (e.outcome() != null || !e.claimedAt().isBefore(staleBefore))) {
        return false;
      }
      entries.put(key, new Entry(now, null));
      return true;
    }

    @Override
    public int attemptsSince(String alarmName, Instant since, Instant changedAt) {
      return (int) entries.entrySet().stream().filter(x -> x.getKey().startsWith(alarmName + "@"))
          .filter(x -> {
            long at = Long.parseLong(x.getKey().substring(alarmName.length() + 1));
            return at >= since.toEpochMilli() && at != changedAt.toEpochMilli();
          })
          .filter(x -> x.getValue().outcome() == null || x.getValue().outcome().isAttempt()).count();
    }

    @Override
    public void complete(String alarmName, Instant changedAt, Outcome outcome) {
      entries.computeIfPresent(alarmName + "@" + changedAt.toEpochMilli(), (k, e) -> new Entry(e.claimedAt(), outcome));
    }
  }
}
