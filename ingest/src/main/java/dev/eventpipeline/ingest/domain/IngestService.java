package dev.eventpipeline.ingest.domain;

import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.ingest.port.QuarantineStore;
import dev.eventpipeline.ingest.port.QuarantineStore.QuarantinedObject;
import dev.eventpipeline.common.records.RecordSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch algorithm of the ingest function, over its ports (docs/ingest.md, "Failure semantics").
 * The order is decode → quarantine → announce → forward, so that every step that can fail comes
 * before the records it concerns are forwarded, and a retry never re-forwards what was written:
 *
 * <ol>
 *   <li>Records are decoded in order. A rejected record (or item) is written to quarantine at once,
 *       masked ({@link QuarantineDocuments}; a raw copy only where the deployer opted in); if that write
 *       fails, the batch stops at that record: it must be retried, never skipped.
 *   <li>One LogRecordsRejected event announces the objects quarantined for the records decoded (the
 *       first 100, with the full count), before anything is forwarded. If it cannot be published the
 *       batch is reported failed from its first record: nothing was forwarded, the retry re-quarantines
 *       under the same keys and publishes the same event id, and after the retries the batch goes to
 *       the mapping's on-failure destination. An announcement is never just dropped.
 *   <li>Normalized records are written to the output stream in calls of up to 500 entries / 5 MiB,
 *       in order; when a write ultimately fails, the batch stops at the first input record not
 *       completely forwarded. Its retry (the batch's tail) announces the tail's quarantines again under
 *       the same event id (the id comes from the last record the event covers), which consumers
 *       de-duplicate.
 * </ol>
 *
 * Outputs are held between decoding and forwarding up to {@link #HOLD_BYTES}; past that a record is
 * decoded again when it is forwarded (decoding is deterministic), so memory stays bounded.
 */
public final class IngestService {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  static final int MAX_EVENT_ITEMS = 100;
  private static final int FLUSH_ENTRIES = 500;
  private static final int FLUSH_BYTES = 5 * 1024 * 1024;
  /** Normalized output held in memory between decoding and forwarding, per batch. */
  static final long HOLD_BYTES = 64L * 1024 * 1024;

  private final RecordDecoder decoder;
  private final RecordSink sink;
  private final QuarantineStore quarantine;
  private final EventPublisher events;
  private final QuarantineDocuments documents;
  private final long holdBytes;

  public IngestService(RecordDecoder decoder, RecordSink sink, QuarantineStore quarantine, EventPublisher events,
      QuarantineDocuments documents) {
    this(decoder, sink, quarantine, events, documents, HOLD_BYTES);
  }

  /** With a different output budget (tests: 0 makes every record be decoded again when forwarded). */
  IngestService(RecordDecoder decoder, RecordSink sink, QuarantineStore quarantine, EventPublisher events,
      QuarantineDocuments documents, long holdBytes) {
    this.holdBytes = holdBytes;
    this.decoder = decoder;
    this.sink = sink;
    this.quarantine = quarantine;
    this.events = events;
    this.documents = documents;
  }

  /** One quarantined object, remembered for the event. */
  private record Quarantined(int sourceIndex, String key, Rejection rejection, String sequenceNumber) {}

  public BatchReport process(List<RawRecord> records) {
    return process(records, () -> false);
  }

  /**
   * Processes a shard batch. {@code outOfTime} is asked before each record after the first, and
   * between output writes: when it says so, the batch stops there (and reports that record) so the
   * invocation ends before Lambda's timeout would throw away the work already done.
   */
  public BatchReport process(List<RawRecord> records, BooleanSupplier outOfTime) {
    BatchReport report = new BatchReport();
    List<Quarantined> quarantinedObjects = new ArrayList<>();
    List<List<OutputRecord>> held = new ArrayList<>();
    int decoded = decodeAndQuarantine(records, outOfTime, held, quarantinedObjects, report);

    if (!announce(records, decoded, quarantinedObjects, report)) {
      report.firstFailedIndex = 0;
      return report;
    }
    int notForwarded = forward(records, decoded, held, outOfTime, report);
    if (notForwarded >= 0) {
      report.firstFailedIndex = notForwarded;
    } else if (decoded < records.size()) {
      report.firstFailedIndex = decoded;
    }
    return report;
  }

  /**
   * Decodes records in order and quarantines their rejections; returns how many records were
   * completely handled (the batch stops at a failed quarantine write or when time runs short).
   * {@code held} gets each record's outputs, or null once the budget is spent.
   */
  private int decodeAndQuarantine(List<RawRecord> records, BooleanSupplier outOfTime, List<List<OutputRecord>> held,
      List<Quarantined> quarantinedObjects, BatchReport report) {
    long heldBytes = 0;
    for (int i = 0; i < records.size(); i++) {
      RawRecord raw = records.get(i);
      if (i > 0 && outOfTime.getAsBoolean()) {
        report.failure = "remaining time too short; stopped before record " + i;
        LOG.warn("Stopping the batch before record {} of {}: the invocation is running out of time", i, records.size());
        return i;
      }
      LambdaLogging.Scope shardKey = LambdaLogging.with("shardId", raw.shardId());
      LambdaLogging.Scope sequenceKey = LambdaLogging.with("sequenceNumber", raw.sequenceNumber());
      try {
        report.recordsIn++;
        report.bytesIn += raw.data().length;
        DecodeResult result = decoder.decode(raw);
        if (!storeRejections(raw, i, result, quarantinedObjects, report)) {
          return i;
        }
        count(result, report);
        long bytes = 0;
        for (OutputRecord out : result.outputs()) {
          bytes += entryBytes(out);
        }
        if (heldBytes + bytes <= holdBytes) {
          held.add(result.outputs());
          heldBytes += bytes;
        } else {
          held.add(null);
        }
      } finally {
        sequenceKey.close();
        shardKey.close();
      }
    }
    return records.size();
  }

  /** Writes the record's rejections to quarantine; false when one could not be written. */
  private boolean storeRejections(RawRecord raw, int index, DecodeResult result, List<Quarantined> stored,
      BatchReport report) {
    for (Rejection rejection : result.rejections()) {
      QuarantinedObject object = documents.object(raw, rejection);
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
    for (OutputRecord out : result.outputs()) {
      report.outputFormats.merge(out.format(), 1, Integer::sum);
    }
  }

  private static int entryBytes(OutputRecord out) {
    return out.json().length + out.partitionKey().length();
  }

  /**
   * Forwards the outputs of the first {@code count} records in order, in calls of up to 500 entries
   * / 5 MiB; returns the first record not completely forwarded, or -1 when all were.
   */
  private int forward(List<RawRecord> records, int count, List<List<OutputRecord>> held, BooleanSupplier outOfTime,
      BatchReport report) {
    List<RecordSink.Entry> pending = new ArrayList<>();
    int pendingBytes = 0;
    for (int i = 0; i < count; i++) {
      List<OutputRecord> outputs = held.get(i) != null ? held.get(i) : decoder.decode(records.get(i)).outputs();
      for (OutputRecord out : outputs) {
        pending.add(new RecordSink.Entry(out.partitionKey(), out.json(), i));
        pendingBytes += entryBytes(out);
      }
      if (pending.size() >= FLUSH_ENTRIES || pendingBytes >= FLUSH_BYTES) {
        int failed = flush(pending, report);
        pending.clear();
        pendingBytes = 0;
        if (failed >= 0) {
          return failed;
        }
        if (i + 1 < count && outOfTime.getAsBoolean()) {
          // Records from here on are quarantined and announced already; their retry repeats both.
          report.failure = "remaining time too short; stopped forwarding before record " + (i + 1);
          LOG.warn("Stopping the batch before forwarding record {} of {}: the invocation is running out of time",
              i + 1, records.size());
          return i + 1;
        }
      }
    }
    return pending.isEmpty() ? -1 : flush(pending, report);
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

  /**
   * Publishes one LogRecordsRejected event for the quarantines of the first {@code done} records;
   * false when that was needed and failed (nothing may be forwarded then).
   */
  private boolean announce(List<RawRecord> records, int done, List<Quarantined> stored, BatchReport report) {
    List<Quarantined> announced = stored.stream().filter(q -> q.sourceIndex() < done).toList();
    if (announced.isEmpty()) {
      return true;
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
    // The id comes from the last record covered, not the first: when forwarding fails after the
    // publication, Lambda retries the batch's tail (same last record), which announces a subset of
    // these objects again under the same id, so consumers de-duplicate it.
    PipelineEvent event = PipelineEvent.of(EventType.LogRecordsRejected, "ingest",
        first.streamName() + "/" + first.shardId(), data,
        first.streamName(), first.shardId(), last.sequenceNumber());
    try {
      events.publish(event);
      report.rejectionEventPublished = true;
      return true;
    } catch (RuntimeException e) {
      report.rejectionEventFailed = true;
      report.failure = "rejection event not published: " + e.getClass().getSimpleName();
      LOG.error("Could not publish LogRecordsRejected {} for {} quarantined object(s); nothing forwarded, retrying "
          + "the batch from its first record", event.id(), announced.size(), e);
      return false;
    }
  }
}
