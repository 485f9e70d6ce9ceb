package dev.eventpipeline.enrich.domain;

/** The bytes to forward for one input record, and what happened to it. */
public record EnrichedRecord(byte[] data, Status status, String error) {

  /** What enrich did with the record. */
  public enum Status {
    /** A log record, forwarded with its enrichment object. */
    ENRICHED,
    /**
     * A JSON object that is not a schemaVersion-1 record: forwarded unchanged, with an enrichment
     * object that carries {@code error}.
     */
    NOT_A_RECORD,
    /** Not a JSON object: wrapped as a record whose message is the payload text, with enrichment.error. */
    WRAPPED,
    /**
     * Forwarded byte for byte without enrichment: enriching would exceed Kinesis' 1 MiB limit, or
     * enriching failed unexpectedly. Mask must quarantine what it cannot read.
     */
    UNCHANGED
  }
}
