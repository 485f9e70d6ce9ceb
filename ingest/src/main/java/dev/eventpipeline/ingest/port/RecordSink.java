package dev.eventpipeline.ingest.port;

import java.util.List;

/** Port: the output stream (normalized-logs). */
public interface RecordSink {
  /** One record to write; {@code sourceIndex} is the index of the input record that produced it. */
  record Entry(String partitionKey, byte[] data, int sourceIndex) {}

  /**
   * The outcome: {@code firstFailedSource} is -1 when everything was written, else the lowest source
   * index with an entry that was not written (entries after it may or may not have been written).
   */
  record Result(int written, int firstFailedSource, String error) {
    public boolean complete() {
      return firstFailedSource < 0;
    }
  }

  /** Writes the entries in order, retrying what can be retried; never throws for a failed write. */
  Result write(List<Entry> entries);
}
