package dev.eventpipeline.local.esm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a Kinesis mapping's pollers did, summed over its shards: reads (GetRecords results handed to
 * the processor, empty ones apart), records read, batches run and the time spent running them
 * (invocations, retries, back-offs) and checkpointing. The benchmark reports where the time goes from it.
 */
public final class KinesisPollStats {
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong emptyReads = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong batchNanos = new AtomicLong();
  private final AtomicLong checkpoints = new AtomicLong();
  private final AtomicLong checkpointNanos = new AtomicLong();
  /** The most recent batches' hops, oldest first (at most {@link #MAX_HOPS}). */
  private final List<Hop> hops = new ArrayList<>();
  private long hopCount;
  static final int MAX_HOPS = 100_000;

  /**
   * Where one batch's time went on its way through the mapping (its first record's view), in ms.
   *
   * @param seq the batch's number in this mapping (from 1)
   * @param records the batch's size
   * @param pollMillis the first record's arrival in the stream (ApproximateArrivalTimestamp) to the read
   *     that returned it reaching the processor: the wait for the next GetRecords, the call itself,
   *     KCL's hand-over. Negative values are clock skew between the backend and this JVM (none on one machine).
   * @param windowMillis that read to the invocation: the batching window (or the batch before it)
   * @param invokeMillis the invocation, from queueing it to the function's answer (Runtime API round trip,
   *     the function's own work including its writes to the next stream; a cold start when there was one)
   * @param checkpointMillis the checkpoint after it (a DynamoDB write per batch)
   */
  public record Hop(long seq, int records, long pollMillis, long windowMillis, long invokeMillis, long checkpointMillis) {}

  void hop(int records, long pollMillis, long windowMillis, long invokeMillis, long checkpointMillis) {
    synchronized (hops) {
      hops.add(new Hop(++hopCount, records, pollMillis, windowMillis, invokeMillis, checkpointMillis));
      if (hops.size() > MAX_HOPS) {
        hops.subList(0, hops.size() - MAX_HOPS).clear();
      }
    }
  }

  /** The batches recorded after batch number {@code afterSeq} (0: all that are kept). */
  public List<Hop> hopsAfter(long afterSeq) {
    synchronized (hops) {
      return hops.stream().filter(h -> h.seq() > afterSeq).toList();
    }
  }

  /** The number of the last batch recorded (0: none yet). */
  public long lastHopSeq() {
    synchronized (hops) {
      return hopCount;
    }
  }

  void read(int count) {
    (count == 0 ? emptyReads : reads).incrementAndGet();
    records.addAndGet(count);
  }

  void batch(int size, long nanos) {
    batches.incrementAndGet();
    batchNanos.addAndGet(nanos);
  }

  void checkpoint(long nanos) {
    checkpoints.incrementAndGet();
    checkpointNanos.addAndGet(nanos);
  }

  public Snapshot snapshot() {
    return new Snapshot(reads.get(), emptyReads.get(), records.get(), batches.get(), batchNanos.get() / 1_000_000,
        checkpoints.get(), checkpointNanos.get() / 1_000_000);
  }

  /**
   * The counters at one moment.
   *
   * @param reads reads that returned records
   * @param emptyReads reads that returned none (each followed by the idle wait)
   * @param batchMillis time spent running batches, checkpoints included
   * @param checkpointMillis of which checkpointing (a DynamoDB write per batch)
   */
  public record Snapshot(long reads, long emptyReads, long records, long batches, long batchMillis, long checkpoints,
      long checkpointMillis) {
    public Snapshot minus(Snapshot before) {
      return new Snapshot(reads - before.reads, emptyReads - before.emptyReads, records - before.records,
          batches - before.batches, batchMillis - before.batchMillis, checkpoints - before.checkpoints,
          checkpointMillis - before.checkpointMillis);
    }
  }
}
