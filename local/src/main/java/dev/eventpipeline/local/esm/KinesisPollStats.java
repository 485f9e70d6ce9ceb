package dev.eventpipeline.local.esm;

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
