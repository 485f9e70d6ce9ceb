package dev.eventpipeline.cli.client;

import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.common.records.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Collects stream records and sends them with PutRecords in calls of at most 500 records and 5 MiB
 * (through common's {@link KinesisRecordWriter}: in order, retrying only the entries Kinesis
 * reports failed), optionally no faster than a given number of records per second.
 */
final class KinesisSink {
  private final KinesisRecordWriter writer;
  private final String streamName;
  private final double rate;
  private final String fixedPartitionKey;
  private final Progress progress;
  private final int maxChunk;
  private final List<RecordSink.Entry> pending = new ArrayList<>();
  private final List<String> pendingOrigins = new ArrayList<>();
  private final List<String> tooLarge = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private int pendingBytes;
  private long records;
  private long bytes;

  /**
   * @param rate records per second, 0 for as fast as Kinesis takes them
   * @param partitionKey a fixed partition key, or null for a random key per record (spreads over shards)
   */
  KinesisSink(KinesisClient kinesis, String streamName, double rate, String partitionKey, Progress progress) {
    this.writer = new KinesisRecordWriter(kinesis, streamName);
    this.streamName = streamName;
    this.rate = rate;
    this.fixedPartitionKey = partitionKey;
    this.progress = progress;
    // With a rate, smaller calls keep the flow smooth (about five calls per second).
    this.maxChunk = rate > 0 ? (int) Math.max(1, Math.min(KinesisRecordWriter.MAX_ENTRIES_PER_CALL, rate / 5))
        : KinesisRecordWriter.MAX_ENTRIES_PER_CALL;
  }

  /** The partition key for the next record. */
  String partitionKey() {
    return fixedPartitionKey != null ? fixedPartitionKey : UUID.randomUUID().toString();
  }

  /**
   * Queues one record; {@code origin} (file:line) names it in error messages. A record over Kinesis'
   * 1 MiB limit is not sent: it is listed in {@link #tooLarge()} and the push ends with a failure.
   */
  void add(String partitionKey, byte[] data, String origin) {
    RecordSink.Entry entry = new RecordSink.Entry(partitionKey, data, pending.size());
    try {
      KinesisRecordWriter.checkLimits(entry);
    } catch (IllegalArgumentException e) {
      tooLarge.add(origin + " (" + Units.bytes(data.length) + ")");
      return;
    }
    int size = data.length + partitionKey.length();
    if (pending.size() >= maxChunk || pendingBytes + size > KinesisRecordWriter.MAX_BYTES_PER_CALL) {
      flush();
      entry = new RecordSink.Entry(partitionKey, data, 0);
    }
    pending.add(entry);
    pendingOrigins.add(origin);
    pendingBytes += size;
  }

  /** Sends what is queued. */
  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    throttle();
    RecordSink.Result result = writer.write(pending);
    if (!result.complete()) {
      long pushed = records + result.written();
      throw new TargetException("PutRecords to " + streamName + " failed after retries (" + result.error()
          + "): " + pushed + " records pushed; not pushed from " + pendingOrigins.get(result.firstFailedSource())
          + " on");
    }
    records += pending.size();
    for (RecordSink.Entry e : pending) {
      bytes += e.data().length;
    }
    pending.clear();
    pendingOrigins.clear();
    pendingBytes = 0;
    progress.sent(records, bytes);
  }

  long records() {
    return records;
  }

  /** Data bytes of the records sent. */
  long bytes() {
    return bytes;
  }

  List<String> tooLarge() {
    return tooLarge;
  }

  /** Waits until the records already sent are within the rate. */
  private void throttle() {
    if (rate <= 0) {
      return;
    }
    long dueNanos = startNanos + (long) (records / rate * 1e9);
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TargetException("interrupted");
      }
    }
  }
}
