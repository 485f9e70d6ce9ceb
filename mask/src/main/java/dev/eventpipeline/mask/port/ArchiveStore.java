package dev.eventpipeline.mask.port;

import java.util.Optional;

/** Port: writes archive and quarantine objects (a put with the same key replaces the object), reads archive objects. */
public interface ArchiveStore {
  /** The bucket objects go to (named in events). */
  String bucket();

  /**
   * Stores {@code body} under {@code key}, replacing any object already there.
   *
   * @param contentEncoding "gzip" or null
   */
  void put(String key, byte[] body, String contentType, String contentEncoding);

  /** The body of the object at {@code key} as stored (no decoding), or empty when there is none. */
  Optional<byte[]> read(String key);
}
