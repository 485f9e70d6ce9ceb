package dev.eventpipeline.ingest.domain.format;

/** Why a raw record (or one item of it) was quarantined instead of forwarded; the codes are a contract (events, S3 metadata, docs/ingest.md). */
public enum RejectReason {
  /** Starts with the gzip magic bytes but does not inflate. */
  INVALID_GZIP,
  /** Inflates to more than the decompression cap (a decompression bomb or an absurd payload). */
  DECOMPRESSED_TOO_LARGE,
  /** A CloudWatch Logs subscription payload (has messageType) that breaks its shape. */
  CWL_MALFORMED,
  /** A KPL aggregate whose protobuf ends before a field does. */
  KPL_TRUNCATED,
  /** A KPL aggregate whose MD5 trailer does not match its protobuf body. */
  KPL_BAD_MD5,
  /** A KPL aggregate with an invalid protobuf (bad wire type, index outside a table, missing field). */
  KPL_MALFORMED,
  /** Binary data that is neither a known container nor text. */
  BINARY,
  /** JSON nested deeper than the limit. */
  JSON_TOO_DEEP,
  /** JSON with more members than the limit, or a number/string/name beyond Jackson's constraints. */
  JSON_TOO_COMPLEX,
  /** A normalized record over the size limit that cannot be split into parts that fit. */
  RECORD_TOO_LARGE,
  /** An unexpected decoder failure: the record is kept rather than lost or retried forever. */
  DECODER_ERROR
}
