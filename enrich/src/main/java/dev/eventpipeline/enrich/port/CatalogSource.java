package dev.eventpipeline.enrich.port;

/** Where the catalog document lives (S3 in production): a conditional fetch by ETag. */
public interface CatalogSource {

  /** What a fetch found. */
  sealed interface Fetch permits Found, NotModified, Missing, Unusable {}

  /** The document's current bytes and ETag. */
  record Found(byte[] document, String etag) implements Fetch {}

  /** The document still has the ETag we sent (HTTP 304). */
  record NotModified() implements Fetch {}

  /** A document exists but cannot be used as fetched (e.g. over the size cap); treated as malformed. */
  record Unusable(String etag, String reason) implements Fetch {}

  /** There is no document (or bucket) at the configured location. */
  record Missing(String reason) implements Fetch {}

  /**
   * Fetches the document unless it still has {@code ifNoneMatch} (null: fetch unconditionally).
   *
   * @throws CatalogUnavailableException when the store could not answer (network, throttling,
   *     access denied): a transient or operational problem, not a verdict
   */
  Fetch fetch(String ifNoneMatch) throws CatalogUnavailableException;

  /** Where the document is, for log lines (e.g. s3://bucket/key). */
  String location();

  /** The store could not answer. */
  final class CatalogUnavailableException extends Exception {
    public CatalogUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
