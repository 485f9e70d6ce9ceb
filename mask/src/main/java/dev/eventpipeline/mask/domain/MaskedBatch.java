package dev.eventpipeline.mask.domain;

import java.util.List;

/**
 * A masked batch ready to store: the archive object (gzip NDJSON, one masked record per line),
 * the records quarantined instead, and what was found.
 *
 * @param archive gzip NDJSON of the archived records (empty array when none)
 * @param archived number of records in {@code archive}
 * @param duplicates records dropped because their id already appeared earlier in the batch
 * @param counts masked values per type over the whole batch (archived and quarantined)
 * @param credentialRecordIds ids of records in which a credential was masked, in batch order
 */
public record MaskedBatch(
    byte[] archive,
    int archived,
    int duplicates,
    MaskCounts counts,
    MaskCounts credentialCounts,
    List<String> credentialRecordIds,
    List<Quarantined> quarantined) {

  /** A record that is quarantined, with its (masked) body. */
  public record Quarantined(String sequenceNumber, String key, Reason reason, byte[] body) {}

  /** Why a record was quarantined instead of archived. */
  public enum Reason {
    /** Not one JSON object (for example forwarded by enrich with an error): masked as text. */
    NOT_JSON,
    /** A JSON object without an "id": not a log record of docs/record-schema.md. */
    NO_RECORD_ID,
    /** Masking the record as JSON failed: masked as text (or withheld entirely). */
    MASKING_FAILED
  }
}
