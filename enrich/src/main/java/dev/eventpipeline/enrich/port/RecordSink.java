package dev.eventpipeline.enrich.port;

import java.util.List;

/** Where enriched records go (the enriched-logs stream): written in order. */
public interface RecordSink {

  /** One record to write; {@code sourceIndex} is the index of the input record it came from. */
  record Outbound(String partitionKey, byte[] data, int sourceIndex) {}

  /** {@code firstFailedSource} is -1 when everything was written. */
  record Result(int written, int firstFailedSource, String lastError) {
    public boolean complete() {
      return firstFailedSource < 0;
    }
  }

  /**
   * Writes the records in order; stops at the first one that cannot be written and names its
   * source index, so the caller can report it and have the batch retried from there.
   */
  Result write(List<Outbound> records);
}
