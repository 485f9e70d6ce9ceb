package dev.eventpipeline.ingest.domain;

import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.ingest.port.QuarantineStore;
import dev.eventpipeline.ingest.port.QuarantineStore.QuarantinedObject;
import dev.eventpipeline.ingest.port.RecordSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch algorithm of the ingest function, over its ports (docs/ingest.md, "Failure semantics"):
 *
 * <ol>
 *   <li>Records are decoded in order. A rejected record (or item) is written to quarantine at once;
 *       if that write fails, the batch stops at that record: it must be retried, never skipped.
 *   <li>Normalized records are written to the output stream in calls of up to 500 entries / 5 MiB,
 *       in order; when a write ultimately fails, the batch stops at the first input record not
 *       completely forwarded.
 *   <li>The records before the stopping point are done. One LogRecordsRejected event announces the
 *       objects quarantined for them (the first 100, with the full count). Records from the stopping
 *       point on are retried by Lambda, and their quarantine objects (same keys) announced then.
 *   <li>A failed event publication does not fail the batch: the quarantine objects are the durable
 *       record and carry the same information; failing would re-forward records already written
 *       (duplicates downstream) to re-send a notification. It is logged and counted instead.
 * </ol>
 */
public final class IngestService {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  static final int MAX_EVENT_ITEMS = 100;
  private static final int FLUSH_ENTRIES = 500;
  private static final int FLUSH_BYTES = 5 * 1024 * 1024;

  private final RecordDecoder decoder;
  private final RecordSink sink;
  private final QuarantineStore quarantine;
  private final EventPublisher events;
  private final QuarantineKeys keys;

  public IngestService(RecordDecoder decoder, RecordSink sink, QuarantineStore quarantine, EventPublisher events,
      QuarantineKeys keys) {
    this.decoder = decoder;
    this.sink = sink;
    this.quarantine = quarantine;
    this.events = events;
    this.keys = keys;
  }

  /** One quarantined object, remembered for the event. */
  private record Quarantined(int sourceIndex, String key, Rejection rejection, String sequenceNumber) {}

  public BatchReport process(List<RawRecord> records) {
    return process(records, () -> false);
  }

  /**
   * Processes a shard batch. {@code outOfTime} is asked before each record after the first: when it
   * says so, the batch stops there (and reports that record) so the invocation ends before Lambda's
   * timeout would throw away the work already done.
   */
  public BatchReport process(List<RawRecord> records, BooleanSupplier outOfTime) {
    BatchReport report = new BatchReport();
    List<RecordSink.Entry> pending = new ArrayList<>();
    int pendingBytes = 0;
    List<Quarantined> quarantinedObjects = new ArrayList<>();
    int stopAt = -1;

    for (int i = 0; i < records.size() && stopAt < 0; i++) {
      RawRecord raw = records.get(i);
      if (i > 0 && outOfTime.getAsBoolean()) {
        stopAt = i;
        report.failure = "remaining time too short; stopped before record " + i;
        LOG.warn("Stopping the batch before record {} of {}: the invocation is running out of time", i, records.size());
        break;
      }
      LambdaLogging.Scope shardKey = LambdaLogging.with("shardId", raw.shardId());
      LambdaLogging.Scope sequenceKey = LambdaLogging.with("sequenceNumber", raw.sequenceNumber());
      try {
        report.recordsIn++;
        report.bytesIn += raw.data().length;
        DecodeResult result = decoder.decode(raw);
        if (!storeRejections(raw, i, result, quarantinedObjects, report)) {
          stopAt = i;
          break;
        }
        count(result, report);
        for (OutputRecord out : result.outputs()) {
          pending.add(new RecordSink.Entry(out.partitionKey(), out.json(), i));
          pendingBytes += out.json().length + out.partitionKey().length();
          report.outputFormats.merge(out.format(), 1, Integer::sum);
        }
      } finally {
        sequenceKey.close();
        shardKey.close();
      }
      if (pending.size() >= FLUSH_ENTRIES || pendingBytes >= FLUSH_BYTES) {
        int failed = flush(pending, report);
        pending.clear();
        pendingBytes = 0;
        if (failed >= 0) {
          stopAt = failed;
        }
      }
    }
    if (!pending.isEmpty()) {
      int failed = flush(pending, report);
      if (failed >= 0) {
        stopAt = stopAt < 0 ? failed : Math.min(stopAt, failed);
      }
    }
    report.firstFailedIndex = stopAt;
    int done = stopAt < 0 ? records.size() : stopAt;
    announce(records, done, quarantinedObjects, report);
    return report;
  }

  /** Writes the record's rejections to quarantine; false when one could not be written. */
  private boolean storeRejections(RawRecord raw, int index, DecodeResult result, List<Quarantined> stored,
      BatchReport report) {
    for (Rejection rejection : result.rejections()) {
      QuarantinedObject object = keys.object(raw, rejection);
      try {
        quarantine.put(object);
      } catch (RuntimeException e) {
        report.quarantineWriteFailures++;
        report.failure = "quarantine write failed: " + e.getClass().getSimpleName();
        LOG.error("Could not quarantine {} ({}); stopping the batch here so the record is retried",
            object.key(), rejection.reason(), e);
        return false;
      }
      LOG.warn("Quarantined {} as {}: {}", rejection.scope(), rejection.reason(), rejection.detail());
      stored.add(new Quarantined(index, object.key(), rejection, raw.sequenceNumber()));
      report.quarantined++;
      report.reasons.merge(rejection.reason(), 1, Integer::sum);
    }
    return true;
  }

  private static void count(DecodeResult result, BatchReport report) {
    if (result.inputFormat() != null) {
      report.inputFormats.merge(result.inputFormat(), 1, Integer::sum);
    }
    if (result.control()) {
      report.controlMessages++;
    }
    if (result.empty()) {
      report.emptyRecords++;
    }
    report.splitRecords += result.splitRecords();
  }

  /** Writes pending entries; returns the first source index not forwarded, or -1. */
  private int flush(List<RecordSink.Entry> pending, BatchReport report) {
    RecordSink.Result result = sink.write(List.copyOf(pending));
    report.recordsOut += result.written();
    if (result.complete()) {
      return -1;
    }
    report.failure = "output stream write failed: " + result.error();
    LOG.error("Writing to the output stream failed ({}); reporting input record {} for retry",
        result.error(), result.firstFailedSource());
    return result.firstFailedSource();
  }

  private void announce(List<RawRecord> records, int done, List<Quarantined> stored, BatchReport report) {
    List<Quarantined> announced = stored.stream().filter(q -> q.sourceIndex() < done).toList();
    if (announced.isEmpty()) {
      return;
    }
    RawRecord first = records.get(0);
    RawRecord last = records.get(done - 1);
    Map<String, Integer> reasons = new TreeMap<>();
    List<Map<String, Object>> items = new ArrayList<>();
    for (Quarantined q : announced) {
      reasons.merge(q.rejection().reason().name(), 1, Integer::sum);
      if (items.size() < MAX_EVENT_ITEMS) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("key", q.key());
        item.put("reason", q.rejection().reason().name());
        item.put("sequenceNumber", q.sequenceNumber());
        if (q.rejection().scope() != Rejection.Scope.RECORD) {
          item.put("subSequenceNumber", q.rejection().subSequenceNumber());
        }
        if (q.rejection().scope() == Rejection.Scope.ITEM) {
          item.put("lineIndex", q.rejection().lineIndex());
        }
        items.add(item);
      }
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("stage", "ingest");
    data.put("count", announced.size());
    data.put("reasons", reasons);
    data.put("bucket", quarantine.bucket());
    data.put("quarantined", items);
    data.put("truncated", announced.size() > MAX_EVENT_ITEMS);
    data.put("streamName", first.streamName());
    data.put("shardId", first.shardId());
    data.put("firstSequenceNumber", first.sequenceNumber());
    data.put("lastSequenceNumber", last.sequenceNumber());
    PipelineEvent event = PipelineEvent.of(EventType.LogRecordsRejected, "ingest",
        first.streamName() + "/" + first.shardId(), data,
        first.streamName(), first.shardId(), first.sequenceNumber(), last.sequenceNumber());
    try {
      events.publish(event);
      report.rejectionEventPublished = true;
    } catch (RuntimeException e) {
      report.rejectionEventFailed = true;
      LOG.error("Could not publish LogRecordsRejected {} for {} quarantined object(s); they are in s3://{}/ with "
          + "their reason and coordinates as metadata", event.id(), announced.size(), quarantine.bucket(), e);
    }
  }
}
