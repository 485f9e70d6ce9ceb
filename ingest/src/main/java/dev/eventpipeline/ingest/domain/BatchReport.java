package dev.eventpipeline.ingest.domain;

import dev.eventpipeline.ingest.domain.format.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/** What one batch did: counts for metrics and logs, and where the batch stopped if it did. */
public final class BatchReport {
  int recordsIn;
  long bytesIn;
  int recordsOut;
  int quarantined;
  int controlMessages;
  int emptyRecords;
  int splitRecords;
  int quarantineWriteFailures;
  boolean rejectionEventPublished;
  boolean rejectionEventFailed;
  int firstFailedIndex = -1;
  String failure;
  final Map<Format, Integer> inputFormats = new EnumMap<>(Format.class);
  final Map<Format, Integer> outputFormats = new EnumMap<>(Format.class);
  final Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);

  /** Raw records decoded (the batch may have stopped before the last). */
  public int recordsIn() {
    return recordsIn;
  }

  public long bytesIn() {
    return bytesIn;
  }

  /** Normalized records written to the output stream (split parts count one each). */
  public int recordsOut() {
    return recordsOut;
  }

  /** Objects written to quarantine. */
  public int quarantined() {
    return quarantined;
  }

  public int controlMessages() {
    return controlMessages;
  }

  public int emptyRecords() {
    return emptyRecords;
  }

  public int splitRecords() {
    return splitRecords;
  }

  public int quarantineWriteFailures() {
    return quarantineWriteFailures;
  }

  public boolean rejectionEventPublished() {
    return rejectionEventPublished;
  }

  public boolean rejectionEventFailed() {
    return rejectionEventFailed;
  }

  /** Index of the first input record that was not completely handled (retry from it), or -1. */
  public int firstFailedIndex() {
    return firstFailedIndex;
  }

  /** Why the batch stopped early (no payload in it), or null. */
  public String failure() {
    return failure;
  }

  public Map<Format, Integer> inputFormats() {
    return Map.copyOf(inputFormats);
  }

  public Map<Format, Integer> outputFormats() {
    return Map.copyOf(outputFormats);
  }

  public Map<RejectReason, Integer> reasons() {
    return Map.copyOf(reasons);
  }
}
