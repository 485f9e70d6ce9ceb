package dev.eventpipeline.common.records;

import java.util.List;

/**
 * Port: where a stage's output records go (the next stream), written in order. Plain Java, so
 * domain code and its tests use it without the AWS SDK; {@code KinesisRecordWriter} is the adapter.
 */
public interface RecordSink {
  /** One record to write; {@code sourceIndex} is the index of the input record that produced it. */
  record Entry(String partitionKey, byte[] data, int sourceIndex) {}

  /**
   * The outcome: {@code firstFailedSource} is -1 when everything was written, else the lowest
   * source index with an entry that was not written (entries after it may or may not have been
   * written); {@code error} says why (null when complete).
   */
  record Result(int written, int firstFailedSource, String error) {
    public boolean complete() {
      return firstFailedSource < 0;
    }
  }

  /**
   * Writes the entries in order, retrying what can be retried; stops at the first source record
   * that cannot be written and names it, so the caller can report it and have the batch retried
   * from there. Never throws for a failed write.
   */
  Result write(List<Entry> entries);
}
