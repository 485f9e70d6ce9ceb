package dev.eventpipeline.thumbnail.domain;

import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.thumbnail.domain.ThumbnailService.Outcome;
import java.util.EnumMap;
import java.util.Map;

/** One batch of messages: each handled while there is time left, the outcomes counted for the batch's metrics. */
public final class ThumbnailBatch {
  /** Time one large image may take, with its reads, writes and events; below this, stop. */
  public static final long MIN_REMAINING_MILLIS = 20_000;

  private final ThumbnailService service;
  private final Metrics metrics = Metrics.forInvocation();
  private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
  private final long start = System.nanoTime();

  /** One invocation's batch (its metrics are that invocation's). */
  public ThumbnailBatch(ThumbnailService service) {
    this.service = service;
  }

  /**
   * Handles one message body, {@code remainingMillis} before the invocation times out.
   *
   * @throws IllegalStateException when too little time is left: the rest of the batch is left for a
   *     retry rather than started and cut off by the timeout (which would fail the whole batch,
   *     finished messages included)
   */
  public void handle(String body, long remainingMillis) {
    if (remainingMillis < MIN_REMAINING_MILLIS) {
      throw new IllegalStateException("not enough time left in this invocation; retried later");
    }
    service.handleMessage(body).forEach(o -> counts.merge(o, 1, Integer::sum));
  }

  /** Writes the counts, the messages left for a retry and the batch's duration so far. */
  public void flush(int retried) {
    metrics.count("ThumbnailsCreated", counts.getOrDefault(Outcome.CREATED, 0))
        .count("ThumbnailsReused", counts.getOrDefault(Outcome.REUSED, 0))
        .count("ThumbnailsFailed", counts.getOrDefault(Outcome.FAILED, 0))
        .count("MessagesRetried", retried)
        .millis("BatchDuration", (System.nanoTime() - start) / 1e6)
        .flush();
  }
}
