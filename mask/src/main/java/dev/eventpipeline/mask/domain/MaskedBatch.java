package dev.eventpipeline.mask.domain;

import dev.eventpipeline.masking.MaskCounts;
import java.util.List;

/**
 * A masked batch ready to store: the records to archive (masked, one line each), the records
 * quarantined instead, and what was found.
 *
 * @param lines the masked records to archive, in batch order
 * @param first the input record of {@code lines}' first line (null when there is none): it names the
 *     archive object
 * @param duplicates records dropped because their id already appeared earlier in the batch
 * @param alreadyArchived records dropped because this process already archived their id
 * @param counts masked values per type over the records kept (archived and quarantined)
 * @param credentialRecordIds ids of records in which a credential was masked, in batch order
 */
public record MaskedBatch(
    List<ArchiveObject.Line> lines,
    InputRecord first,
    int duplicates,
    int alreadyArchived,
    MaskCounts counts,
    MaskCounts credentialCounts,
    List<String> credentialRecordIds,
    List<Quarantined> quarantined) {

  /** Records to archive. */
  public int archived() {
    return lines.size();
  }

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
