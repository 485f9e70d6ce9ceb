package dev.eventpipeline.mask.domain;

import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.mask.port.ArchiveStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores one shard batch: masks it, writes the quarantined records (one object each), then the ONE
 * archive object of the batch, then publishes the events. Anything that fails before the archive
 * object is written throws, and the caller fails the whole batch (reporting its first record), so
 * a retry — however Lambda splits it — rewrites the same or disjoint objects. After the archive is
 * written nothing may fail the batch: a publication failure is logged and counted, never thrown,
 * because a retried (possibly bisected) batch would archive its records a second time under a
 * different key.
 */
public final class ArchiveService {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveService.class);

  private final BatchMasker masker;
  private final ArchiveLayout layout;
  private final ArchiveStore store;
  private final EventPublisher publisher;

  public ArchiveService(BatchMasker masker, ArchiveLayout layout, ArchiveStore store, EventPublisher publisher) {
    this.masker = masker;
    this.layout = layout;
    this.store = store;
    this.publisher = publisher;
  }

  /** What happened to a batch. */
  public record Outcome(String archiveKey, int archived, long archiveBytes, int quarantined, int duplicates,
      MaskCounts counts, boolean published) {}

  /** Stores a non-empty batch of one shard, in sequence order. Throws when nothing may be considered stored. */
  public Outcome store(String streamName, String shardId, List<InputRecord> records) {
    InputRecord first = records.get(0);
    InputRecord last = records.get(records.size() - 1);
    MaskedBatch batch = masker.mask(streamName, shardId, records);
    for (MaskedBatch.Quarantined q : batch.quarantined()) {
      store.put(q.key(), q.body(), "application/json", null);
      LOG.warn("Quarantined record {} ({}) as {}", q.sequenceNumber(), q.reason(), q.key());
    }
    String key = layout.archiveKey(shardId, first.sequenceNumber(), first.approximateArrival());
    if (batch.archived() > 0) {
      store.put(key, batch.archive(), "application/x-ndjson", "gzip");
    }
    LOG.info("Archived {} record(s) ({} bytes) as {}; quarantined {}, duplicates dropped {}, masked {}",
        batch.archived(), batch.archive().length, batch.archived() > 0 ? key : "(nothing)",
        batch.quarantined().size(), batch.duplicates(), batch.counts());
    MaskEvents.BatchRef ref = new MaskEvents.BatchRef(store.bucket(), streamName, shardId, first.sequenceNumber(),
        last.sequenceNumber(), key);
    boolean published = publish(MaskEvents.forBatch(ref, batch, batch.archive().length));
    return new Outcome(batch.archived() > 0 ? key : null, batch.archived(), batch.archive().length,
        batch.quarantined().size(), batch.duplicates(), batch.counts(), published);
  }

  private boolean publish(List<PipelineEvent> events) {
    if (events.isEmpty()) {
      return true;
    }
    try {
      publisher.publish(events);
      return true;
    } catch (RuntimeException e) {
      // the batch is stored: failing it now would duplicate the archive under a retry's keys
      LOG.error("Publishing {} event(s) failed; the batch stays archived ({})", events.size(), e.toString());
      return false;
    }
  }
}
