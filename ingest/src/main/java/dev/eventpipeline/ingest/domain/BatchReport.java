package dev.eventpipeline.ingest.domain;

import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.ingest.domain.format.RejectReason;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What one batch did: counts for metrics and logs, and where the batch stopped if it did. */
public final class BatchReport {
  private static final Logger LOG = LoggerFactory.getLogger(BatchReport.class);

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

  /**
   * The batch's one summary log line and its metrics (CloudWatch EMF, flushed when the batch had
   * records). {@code batchSize}: the records the invocation received.
   */
  public void logAndEmitMetrics(int batchSize) {
    Metrics metrics = Metrics.forInvocation();
    metrics.count("RecordsIn", recordsIn)
        .count("RecordsOut", recordsOut)
        .count("RecordsQuarantined", quarantined)
        .count("ControlMessages", controlMessages)
        .count("EmptyRecords", emptyRecords)
        .count("SplitRecords", splitRecords)
        .count("QuarantineWriteFailures", quarantineWriteFailures)
        .count("RejectionEventFailures", rejectionEventFailed ? 1 : 0)
        .count("BatchRetries", firstFailedIndex < 0 ? 0 : 1)
        .bytes("BytesIn", bytesIn);
    for (Map.Entry<Format, Integer> e : inputFormats.entrySet()) {
      metrics.count("RecordsIn" + title(e.getKey()), e.getValue());
    }
    for (Map.Entry<Format, Integer> e : outputFormats.entrySet()) {
      metrics.count("RecordsOut" + title(e.getKey()), e.getValue());
    }
    if (batchSize > 0) {
      metrics.flush();
    }
    LOG.info("Batch of {}: {} decoded, {} normalized records out, {} quarantined, {} control message(s){}",
        batchSize, recordsIn, recordsOut, quarantined, controlMessages,
        firstFailedIndex < 0 ? "" : "; retrying from record " + firstFailedIndex);
  }

  private static String title(Format format) {
    String wire = format.wire();
    return wire.substring(0, 1).toUpperCase(Locale.ROOT) + wire.substring(1);
  }
}
