package dev.eventpipeline.mask.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Object keys, all deterministic so a retried batch overwrites instead of duplicating:
 * {@code ARCHIVE_PREFIX dt=YYYY-MM-DD/hour=HH/SHARD-SEQ.ndjson.gz} for a batch (the first
 * record written to it) and {@code QUARANTINE_PREFIX mask/dt=.../hour=.../SHARD-SEQ.json}
 * for one quarantined record (time from its own arrival).
 */
public final class ArchiveLayout {
  private static final DateTimeFormatter PARTITION =
      DateTimeFormatter.ofPattern("'dt='yyyy-MM-dd'/hour='HH'/'").withZone(ZoneOffset.UTC);

  private final String archivePrefix;
  private final String quarantinePrefix;

  public ArchiveLayout(String archivePrefix, String quarantinePrefix) {
    this.archivePrefix = withSlash(archivePrefix);
    this.quarantinePrefix = withSlash(quarantinePrefix);
  }

  private static String withSlash(String prefix) {
    return prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /**
   * The batch's object, named after the FIRST record written to it (the batch's first archived
   * record; time from its arrival). A retry of a batch starts at the same record (Lambda retries from
   * the failed batch's first record, or bisects it into halves whose first half starts there), so it
   * rewrites what a crashed or timed-out attempt wrote — with everything that object held, see
   * ArchiveService — instead of leaving it beside the halves' objects, every record archived twice.
   * An environment never writes the object again once it remembers that first record as archived.
   */
  public String archiveKey(String shardId, String firstSequence, Instant firstArrival) {
    return archivePrefix + PARTITION.format(firstArrival) + shardId + "-" + firstSequence + ".ndjson.gz";
  }

  public String quarantineKey(String shardId, String sequence, Instant arrival) {
    return quarantinePrefix + "mask/" + PARTITION.format(arrival) + shardId + "-" + sequence + ".json";
  }
}
