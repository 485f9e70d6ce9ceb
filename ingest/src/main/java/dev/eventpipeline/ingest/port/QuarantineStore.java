package dev.eventpipeline.ingest.port;

import java.util.Map;

/** Port: durable storage of records that could not be decoded (S3 under the quarantine prefix). */
public interface QuarantineStore {
  /** One object: a deterministic key, the kept bytes, and metadata (reason and source coordinates). */
  record QuarantinedObject(String key, byte[] bytes, Map<String, String> metadata) {}

  /** The bucket objects go to (named in LogRecordsRejected events). */
  String bucket();

  /**
   * Stores the object, overwriting an object with the same key (a retried record yields the same
   * key and the same bytes).
   *
   * @throws QuarantineException when it could not be stored: the record must then be retried
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
