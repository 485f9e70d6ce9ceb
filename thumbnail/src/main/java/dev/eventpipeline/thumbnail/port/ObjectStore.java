package dev.eventpipeline.thumbnail.port;

import java.util.Map;
import java.util.Optional;

/**
 * Port: reads source images and writes thumbnails. Any RuntimeException other than the two declared
 * ones is a transient failure (throttling, 5xx, timeouts): the message is retried.
 */
public interface ObjectStore {

  /**
   * Reads an object, refusing it before its body is read when it is larger than {@code maxBytes}.
   *
   * @param versionId the version to read, or null for the current one
   * @throws ObjectNotFoundException the object (or version) does not exist
   * @throws ObjectTooLargeException the object is larger than {@code maxBytes}
   */
  StoredObject get(String bucket, String key, String versionId, long maxBytes);

  /** Size and user metadata of an object, or empty when it does not exist. */
  Optional<ObjectInfo> head(String bucket, String key);

  void put(String bucket, String key, byte[] data, String contentType, Map<String, String> metadata);

  /** An object's bytes; etag without quotes. */
  record StoredObject(byte[] data, String etag, String versionId) {}

  /** What HEAD says about an object: its size and user metadata (keys lower-case, without x-amz-meta-). */
  record ObjectInfo(long contentLength, Map<String, String> metadata) {}

  /** The object does not exist (any more): a permanent outcome. */
  final class ObjectNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ObjectNotFoundException(String message) {
      super(message);
    }
  }

  /** The object is over the size cap: a permanent outcome. */
  final class ObjectTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long size;

    public ObjectTooLargeException(long size, long maxBytes) {
      super("the object is " + size + " bytes, over the " + maxBytes + "-byte limit");
      this.size = size;
    }

    public long size() {
      return size;
    }
  }
}
