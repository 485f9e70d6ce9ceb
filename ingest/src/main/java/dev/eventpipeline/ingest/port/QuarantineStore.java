package dev.eventpipeline.ingest.port;

import java.util.Map;

/**
 * Port: durable storage of what could not be decoded: a masked quarantine document in the archive
 * bucket, and, only when the deployer opted in, a raw copy in a separate bucket.
 */
public interface QuarantineStore {
  /**
   * One quarantined rejection.
   *
   * @param key the document's deterministic key in {@link #bucket()}
   * @param document the quarantine document (JSON, masked: never raw bytes)
   * @param metadata S3 user metadata of both objects (reason and source coordinates, never payload)
   * @param rawCopy the raw bytes and where they go, or null when no raw copy is kept
   */
  record QuarantinedObject(String key, byte[] document, Map<String, String> metadata, RawCopy rawCopy) {}

  /** The rejection's raw bytes, for the opt-in raw bucket (its own KMS key, expiry of at most 7 days). */
  record RawCopy(String bucket, String key, byte[] bytes) {}

  /** The bucket documents go to (named in LogRecordsRejected events). */
  String bucket();

  /**
   * Stores the raw copy (when there is one) and then the document, so a stored document never names a
   * raw copy that is missing. Each overwrites an object with the same key (a retried record yields the
   * same keys and the same bytes).
   *
   * @throws QuarantineException when either could not be stored: the record must then be retried
   */
  void put(QuarantinedObject object);

  /** The object could not be stored. */
  final class QuarantineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QuarantineException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
