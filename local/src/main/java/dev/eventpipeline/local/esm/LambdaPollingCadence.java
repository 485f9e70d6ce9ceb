package dev.eventpipeline.local.esm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import software.amazon.kinesis.retrieval.polling.SleepTimeController;
import software.amazon.kinesis.retrieval.polling.SleepTimeControllerConfig;

/**
 * When KCL's poller reads a shard again, the way Lambda polls: at once while the last GetRecords
 * returned records (a backlog is drained read after read), and only after an empty read (or a
 * failed one) the idle time between reads. KCL's own controller waits the idle time after every
 * read, which caps a shard at maxRecords per idle period.
 */
final class LambdaPollingCadence implements SleepTimeController {
  private final Clock clock;
  /**
   * The last successful call each decision saw (one instance serves every shard of a mapping). Seeing
   * the same one twice means the read in between failed: wait, as after an empty read.
   */
  private final Map<Instant, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

  LambdaPollingCadence(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long getSleepTimeMillis(SleepTimeControllerConfig config) {
    Instant lastSuccess = config.lastSuccessfulCall();
    long idle = config.idleMillisBetweenCalls();
    if (lastSuccess == null) {
      return idle;
    }
    boolean failedSince = seen.put(lastSuccess, Boolean.TRUE) != null;
    Integer lastCount = config.lastRecordsCount();
    if (!failedSince && lastCount != null && lastCount > 0) {
      return 0;
    }
    long since = Duration.between(lastSuccess, clock.instant()).abs().toMillis();
    return failedSince ? idle : Math.max(0, idle - since);
  }
}
