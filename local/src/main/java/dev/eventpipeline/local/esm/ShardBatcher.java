package dev.eventpipeline.local.esm;

import dev.eventpipeline.local.esm.EventJson.KinesisRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One shard's records between the poller and the function, cut the way Lambda cuts them: a batch is
 * BatchSize records or as many as fit in a 6 MB invocation payload, whichever is fewer. Everything a
 * read returned runs as consecutive batches at once (Lambda keeps invoking while a shard has records);
 * only a partial batch (fewer than BatchSize, under 6 MB) waits for MaximumBatchingWindowInSeconds,
 * counted from when its first record was read or from the end of the previous batch, whichever is later.
 */
final class ShardBatcher {
  /** Lambda's synchronous invocation payload limit, the cap on a Kinesis batch's event. */
  static final long MAX_EVENT_BYTES = 6L * 1024 * 1024;

  /** Runs one batch through the retry semantics; false when the mapping stopped part-way. */
  interface BatchProcessor {
    boolean process(List<KinesisRecord> batch) throws InterruptedException;
  }

  private final int batchSize;
  private final long windowMillis;
  private final long maxEventBytes;
  private final int recordOverheadBytes;
  private final LongSupplier clockMillis;
  private final BooleanSupplier running;
  private final List<KinesisRecord> buffer = new ArrayList<>();
  /** When each buffered record was read (parallel to {@code buffer}). */
  private final List<Long> readAtMillis = new ArrayList<>();
  private long windowStartMillis;

  /**
   * @param recordOverheadBytes the event bytes of one record besides its data, partition key and
   *     sequence number (see {@link #recordOverhead})
   */
  ShardBatcher(int batchSize, int batchingWindowSeconds, long maxEventBytes, int recordOverheadBytes,
      LongSupplier clockMillis, BooleanSupplier running) {
    this.batchSize = Math.max(1, batchSize);
    this.windowMillis = Math.max(0, batchingWindowSeconds) * 1000L;
    this.maxEventBytes = maxEventBytes;
    this.recordOverheadBytes = recordOverheadBytes;
    this.clockMillis = clockMillis;
    this.running = running;
  }

  /** Appends what one read returned (in shard order). */
  void add(List<KinesisRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    long now = clockMillis.getAsLong();
    if (buffer.isEmpty()) {
      windowStartMillis = now;
    }
    buffer.addAll(records);
    for (int i = 0; i < records.size(); i++) {
      readAtMillis.add(now);
    }
  }

  /**
   * How long the partial batch in the buffer still waits for its batching window: 0 when a batch is due
   * now, -1 when the buffer is empty.
   */
  long millisUntilDue() {
    if (buffer.isEmpty()) {
      return -1;
    }
    int length = nextBatchLength();
    if (length == batchSize || length < buffer.size()) {
      return 0;
    }
    return Math.max(0, windowStartMillis + windowMillis - clockMillis.getAsLong());
  }

  /** When the first buffered record (the next batch's first) was read, or -1. */
  long headReadAtMillis() {
    return readAtMillis.isEmpty() ? -1 : readAtMillis.get(0);
  }

  /**
   * Runs every full batch in the buffer back to back, then the partial rest when its batching window
   * is over (or {@code force}). Stops at the first batch the processor could not finish: that batch
   * and everything after it stay buffered.
   *
   * @return the number of batches run to completion
   */
  int dispatch(BatchProcessor processor, boolean force) throws InterruptedException {
    int batches = 0;
    while (!buffer.isEmpty() && running.getAsBoolean()) {
      int length = nextBatchLength();
      boolean full = length == batchSize || length < buffer.size();
      boolean windowOver = force || clockMillis.getAsLong() - windowStartMillis >= windowMillis;
      if (!full && !windowOver) {
        break;
      }
      List<KinesisRecord> batch = new ArrayList<>(buffer.subList(0, length));
      if (!processor.process(batch)) {
        break;
      }
      buffer.subList(0, length).clear();
      readAtMillis.subList(0, length).clear();
      batches++;
      // What is left (read before or during this batch) gets a full window from now, as after any invocation.
      windowStartMillis = clockMillis.getAsLong();
    }
    return batches;
  }

  /** How many of the buffered records the next batch takes: up to BatchSize, within the payload cap, at least one. */
  int nextBatchLength() {
    int n = Math.min(batchSize, buffer.size());
    long bytes = EMPTY_EVENT_BYTES;
    for (int i = 0; i < n; i++) {
      bytes += eventBytes(buffer.get(i)) + (i == 0 ? 0 : 1);
      if (bytes > maxEventBytes) {
        return Math.max(1, i);
      }
    }
    return n;
  }

  int size() {
    return buffer.size();
  }

  boolean isEmpty() {
    return buffer.isEmpty();
  }

  void clear() {
    buffer.clear();
    readAtMillis.clear();
  }

  // ---- the event's size, estimated from above without building it

  /** {@code {"Records":[]}} */
  static final int EMPTY_EVENT_BYTES = 14;

  /** An upper bound of one record's bytes in the event {@link EventJson#kinesis} builds. */
  long eventBytes(KinesisRecord r) {
    return recordOverheadBytes + 4L * ((r.data().remaining() + 2) / 3) + jsonBytes(r.partitionKey())
        + 2L * jsonBytes(r.sequenceNumber());
  }

  /**
   * The bytes one record takes in an event for this shard besides its data, partition key and
   * sequence number (twice: sequenceNumber and eventID); measured on the real JSON, plus room for the
   * widest arrival timestamp.
   */
  static int recordOverhead(String shardId, String streamArn, String region, String roleArn) {
    KinesisRecord empty = new KinesisRecord("", "", java.nio.ByteBuffer.allocate(0), Instant.ofEpochMilli(1));
    int one = EventJson.kinesis(List.of(empty), shardId, streamArn, region, roleArn).length;
    // "0.001" as measured; an arrival time in this millennium is at most "9999999999.999" (9 bytes more).
    return one - EMPTY_EVENT_BYTES + 9;
  }

  /** UTF-8 bytes of a string as a JSON string body, counting every character that might be escaped as \\uXXXX. */
  private static long jsonBytes(String s) {
    if (s == null) {
      return 4;
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x20 || c == '"' || c == '\\' || c >= 0x7f ? 6 : 1;
    }
    return n;
  }
}
