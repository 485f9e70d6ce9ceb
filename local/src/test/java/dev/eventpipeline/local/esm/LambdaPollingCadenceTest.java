package dev.eventpipeline.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import software.amazon.kinesis.retrieval.polling.SleepTimeControllerConfig;

/** When the poller reads a shard again: at once after records, after the idle time otherwise. */
class LambdaPollingCadenceTest {
  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private final LambdaPollingCadence cadence = new LambdaPollingCadence(Clock.fixed(NOW, ZoneOffset.UTC));

  private long sleep(Instant lastSuccess, Integer lastCount) {
    return cadence.getSleepTimeMillis(SleepTimeControllerConfig.builder().lastSuccessfulCall(lastSuccess)
        .idleMillisBetweenCalls(500).lastRecordsCount(lastCount).build());
  }

  @Test
  void readsAgainAtOnceWhileTheShardReturnsRecords() {
    assertThat(sleep(NOW.minusMillis(10), 10_000)).isZero();
    assertThat(sleep(NOW.minusMillis(5), 1)).isZero();
  }

  @Test
  void waitsWhatIsLeftOfTheIdleTimeAfterAnEmptyRead() {
    assertThat(sleep(NOW.minusMillis(100), 0)).isEqualTo(400);
    assertThat(sleep(NOW.minusMillis(900), 0)).isZero();
  }

  @Test
  void waitsTheWholeIdleTimeAfterAFailedReadEvenWhenTheLastGoodOneHadRecords() {
    Instant lastGood = NOW.minusMillis(2_000);
    assertThat(sleep(lastGood, 500)).isZero();

    // No successful call since the last decision: the read in between failed.
    assertThat(sleep(lastGood, 500)).isEqualTo(500);
  }

  @Test
  void waitsTheIdleTimeBeforeAnyReadSucceeded() {
    assertThat(sleep(null, null)).isEqualTo(500);
  }
}
