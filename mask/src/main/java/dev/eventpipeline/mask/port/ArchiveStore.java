package dev.eventpipeline.mask.port;

/** Port: writes archive and quarantine objects (a put with the same key replaces the object). */
public interface ArchiveStore {
  /** The bucket objects go to (named in events). */
  String bucket();

  /**
   * Stores {@code body} under {@code key}, replacing any object already there.
   *
   * @param contentEncoding "gzip" or null
   */
  void put(String key, byte[] body, String contentType, String contentEncoding);
}
