package dev.eventpipeline.mask.domain;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the records this process has archived, the most recent {@code capacity} of them
 * (the oldest forgotten first), so that a copy of a record reaching a later batch — forwarded twice
 * by ingest or enrich after a crash or a failed PutRecords — is dropped instead of archived again.
 *
 * <p>Only ids of objects that were fully stored (written and their events published) are added, and
 * an object never loses a record once written (see ArchiveService), so an id found here is always in
 * the archive: forgetting one (eviction, a new process) can cost a duplicate, never a record. Ids
 * longer than {@link #MAX_ID_CHARS} are not remembered, which bounds the memory whatever producers
 * put in their ids: measured, 200,000 of ingest's 84-character ids take 34 MB of heap (169 bytes
 * each), 200,000 ids of 256 characters 67 MB.
 * Not thread-safe: a Lambda environment handles one invocation at a time.
 */
public final class ArchivedIds {
  static final int MAX_ID_CHARS = 256;

  private final int capacity;
  private final LinkedHashMap<String, Boolean> ids;

  public ArchivedIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.capacity = capacity;
    this.ids = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > ArchivedIds.this.capacity;
      }
    };
  }

  public boolean contains(String id) {
    return id != null && ids.containsKey(id);
  }

  /** Remembers {@code archived} as the most recent ids (one already known moves to the newest end). */
  public void addAll(Collection<String> archived) {
    for (String id : archived) {
      if (id != null && id.length() <= MAX_ID_CHARS) {
        ids.remove(id);
        ids.put(id, Boolean.TRUE);
      }
    }
  }

  public int size() {
    return ids.size();
  }

  public int capacity() {
    return capacity;
  }
}
