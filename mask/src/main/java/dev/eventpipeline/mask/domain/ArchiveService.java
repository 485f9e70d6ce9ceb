package dev.eventpipeline.mask.domain;

import dev.eventpipeline.masking.MaskCounts;
import dev.eventpipeline.common.events.EventPublishException;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.mask.port.ArchiveStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one shard batch: masks it, writes the quarantined records (one object each), then the ONE
 * archive object of the batch, then publishes the events. Anything that fails throws, and the caller
 * fails the whole batch (reporting its first record), so Lambda retries it from its first record.
 *
 * <p>Across batches, two rules keep every record in the archive and each id in it once, as far as
 * one process can tell (the argument is in docs/reliability.md):
 * <ul>
 *   <li>A record whose id this process already archived ({@link ArchivedIds}) is dropped. Ids are
 *       remembered only once their batch is fully stored (object written, events published), so a
 *       retried batch is archived and published again rather than skipped.
 *   <li>An object never loses a record: it is named after the first record written to it, and
 *       before it is written the object already at that key (an earlier attempt's) is read and the
 *       batch's records are appended to its lines, so the new object holds the old one's records
 *       and the batch's. The old object's ids are remembered too, so the other half of a bisected
 *       retry is recognized.
 * </ul>
 * So a failure after the archive write — a publication that fails — can fail the batch too: its
 * retry rewrites the same object with the same records and publishes events with the same ids.
 */
public final class ArchiveService {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveService.class);

  private final BatchMasker masker;
  private final ArchiveLayout layout;
  private final ArchiveStore store;
  private final EventPublisher publisher;
  private final ArchivedIds archivedIds;

  /** Archives under the masker's layout. */
  public ArchiveService(BatchMasker masker, ArchiveStore store, EventPublisher publisher, ArchivedIds archivedIds) {
    this.masker = masker;
    this.layout = masker.layout();
    this.store = store;
    this.publisher = publisher;
    this.archivedIds = archivedIds;
  }

  /**
   * What happened to a batch. {@code archived} counts the batch's records written to the archive
   * object, {@code objectRecords} every record the object holds (more when an earlier attempt's
   * object held records of a longer batch).
   */
  public record Outcome(String archiveKey, int archived, int objectRecords, long archiveBytes, int quarantined,
      int duplicates, int alreadyArchived, MaskCounts counts) {}

  /** Stores a non-empty batch of one shard, in sequence order. Throws when nothing may be considered stored. */
  public Outcome store(String streamName, String shardId, List<InputRecord> records) {
    InputRecord first = records.get(0);
    InputRecord last = records.get(records.size() - 1);
    MaskedBatch batch = masker.mask(streamName, shardId, records, archivedIds::contains);
    for (MaskedBatch.Quarantined q : batch.quarantined()) {
      store.put(q.key(), q.body(), "application/json", null);
      LOG.warn("Quarantined record {} ({}) as {}", q.sequenceNumber(), q.reason(), q.key());
    }
    String key = null;
    List<ArchiveObject.Line> lines = List.of();
    byte[] object = new byte[0];
    int inEarlierObject = 0;
    if (batch.archived() > 0) {
      key = layout.archiveKey(shardId, batch.first().sequenceNumber(), batch.first().approximateArrival());
      List<ArchiveObject.Line> existing = store.read(key).map(ArchiveObject::decode).orElse(List.of());
      lines = existing.isEmpty() ? batch.lines() : ArchiveObject.union(existing, batch.lines());
      inEarlierObject = existing.size();
      object = ArchiveObject.encode(lines);
      store.put(key, object, "application/x-ndjson", "gzip");
    }
    LOG.info("Archived {} record(s) as {} (object: {} record(s), {} of them from an earlier attempt, {} bytes);"
            + " quarantined {}, duplicates dropped {} (in the batch) and {} (archived before), masked {}",
        batch.archived(), key != null ? key : "(nothing)", lines.size(), inEarlierObject, object.length,
        batch.quarantined().size(), batch.duplicates(), batch.alreadyArchived(), batch.counts());
    MaskEvents.BatchRef ref = new MaskEvents.BatchRef(store.bucket(), streamName, shardId, first.sequenceNumber(),
        last.sequenceNumber(), key);
    publish(MaskEvents.forBatch(ref, batch, lines.size(), object.length));
    List<String> ids = new ArrayList<>(lines.size());
    lines.forEach(line -> ids.add(line.id()));
    archivedIds.addAll(ids);
    return new Outcome(key, batch.archived(), lines.size(), object.length, batch.quarantined().size(),
        batch.duplicates(), batch.alreadyArchived(), batch.counts());
  }

  private void publish(List<PipelineEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    try {
      publisher.publish(events);
    } catch (RuntimeException e) {
      // the retry rewrites the same object (the union of what is there and the same records) and
      // publishes events with the same ids; until then none of its ids count as archived
      LOG.error("Publishing {} event(s) failed after the archive write; failing the batch for a retry ({})",
          events.size(), e.toString());
      throw e instanceof EventPublishException p ? p : new EventPublishException("publishing failed", e);
    }
  }
}
