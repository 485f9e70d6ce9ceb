package dev.eventpipeline.logsworker;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard's records on their way through a stage, with the guarantees of a Lambda event source
 * mapping and none of its limits: records are held until a batch is due (full, or its batching window
 * over), a batch is run until it succeeds, in order, and the shard is checkpointed only up to what
 * the stage reported done. A batch that fails from record k is checkpointed before k and retried
 * from k (a stage that fails a batch whole, like mask, reports its first record) with a backoff, for
 * as long as the worker runs and holds the lease: KCL never hands records over twice, so a record
 * given up here would be lost. Nothing is skipped; a stage that keeps failing shows up as lag.
 */
final class ShardBatches<R> {
  private static final Logger LOG = LoggerFactory.getLogger(ShardBatches.class);

  /** Runs one batch; answers the index of the first record not done, or -1 when all were done. */
  interface Runner<R> {
    int run(List<R> batch);
  }

  /** Records the shard as done up to and including {@code record}; false once the lease is lost. */
  interface Checkpointer<R> {
    boolean checkpoint(R record);
  }

  /** Waits between attempts. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** The pause after a failed attempt: doubling from {@code firstMillis} up to {@code maxMillis}. */
  record Backoff(long firstMillis, long maxMillis) {
    static final Backoff DEFAULT = new Backoff(200, 20_000);
  }

  private final String label;
  private final int batchSize;
  private final long windowMillis;
  private final Runner<R> runner;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final BooleanSupplier running;
  private final Backoff backoff;
  private final List<R> held = new ArrayList<>();
  private long heldSince;
  private long failedAttempts;

  ShardBatches(String label, int batchSize, long windowMillis, Runner<R> runner, LongSupplier clock, Sleeper sleeper,
      BooleanSupplier running, Backoff backoff) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive");
    }
    this.label = label;
    this.batchSize = batchSize;
    this.windowMillis = windowMillis;
    this.runner = runner;
    this.clock = clock;
    this.sleeper = sleeper;
    this.running = running;
    this.backoff = backoff;
  }

  /** Holds the records of one read, after those already held. */
  void add(List<R> read) {
    if (held.isEmpty() && !read.isEmpty()) {
      heldSince = clock.getAsLong();
    }
    held.addAll(read);
  }

  /**
   * Runs every due batch (all that is held when {@code force}), each until it succeeds. Answers false
   * when it stopped with records still held that were due: the worker is stopping or the lease was
   * lost, and whatever was not checkpointed is read again by the shard's next owner.
   */
  boolean dispatch(Checkpointer<R> checkpointer, boolean force) {
    while (!held.isEmpty() && (force || held.size() >= batchSize || clock.getAsLong() - heldSince >= windowMillis)) {
      int size = Math.min(batchSize, held.size());
      if (!runUntilDone(new ArrayList<>(held.subList(0, size)), checkpointer)) {
        return false;
      }
      held.subList(0, size).clear();
      heldSince = clock.getAsLong();
    }
    return true;
  }

  private boolean runUntilDone(List<R> batch, Checkpointer<R> checkpointer) {
    List<R> rest = batch;
    long delay = backoff.firstMillis();
    while (true) {
      int failed;
      try {
        failed = runner.run(rest);
      } catch (RuntimeException e) {
        // the stage's own errors are answered as failures; anything thrown is a failure of the whole batch
        LOG.error("{}: the batch of {} record(s) threw {}; retrying it", label, rest.size(), e.getClass().getName());
        failed = 0;
      }
      if (failed < 0) {
        return checkpointer.checkpoint(rest.get(rest.size() - 1));
      }
      if (failed >= rest.size()) {
        failed = 0; // a record the batch does not hold: retry all of it rather than guess
      }
      failedAttempts++;
      if (failed > 0) {
        if (!checkpointer.checkpoint(rest.get(failed - 1))) {
          return false;
        }
        rest = rest.subList(failed, rest.size());
      }
      if (!running.getAsBoolean()) {
        LOG.warn("{}: stopping with {} record(s) not done; they are read again from the last checkpoint",
            label, rest.size());
        return false;
      }
      LOG.warn("{}: {} record(s) not done; retrying in {} ms", label, rest.size(), delay);
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      delay = Math.min(delay * 2, backoff.maxMillis());
    }
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  int held() {
    return held.size();
  }

  /** Attempts that did not finish their batch, since the start (a metric of the stage's health). */
  long failedAttempts() {
    return failedAttempts;
  }

  /** Forgets what is held (the lease was lost: the next owner reads it from the checkpoint). */
  void clear() {
    held.clear();
  }
}
