package dev.eventpipeline.thumbnail;

import dev.eventpipeline.thumbnail.port.ObjectStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A test double of the object store, with transient failures on demand. */
public final class InMemoryObjectStore implements ObjectStore {
  private record Stored(byte[] data, String etag, String contentType, Map<String, String> metadata) {}

  private final Map<String, Stored> objects = new HashMap<>();
  private final List<String> puts = new ArrayList<>();
  private int getFailures;
  private final java.util.Set<String> failingKeys = new java.util.HashSet<>();
  private int putFailures;

  public InMemoryObjectStore add(String bucket, String key, byte[] data, String etag) {
    objects.put(bucket + "/" + key, new Stored(data, etag, "application/octet-stream", Map.of()));
    return this;
  }

  /** The next {@code n} reads fail like S3 answering 503 SlowDown. */
  public InMemoryObjectStore failNextGets(int n) {
    getFailures = n;
    return this;
  }

  /** Reads of this key fail transiently until {@link #heal(String)}. */
  public InMemoryObjectStore failGetsOf(String key) {
    failingKeys.add(key);
    return this;
  }

  public InMemoryObjectStore heal(String key) {
    failingKeys.remove(key);
    return this;
  }

  public InMemoryObjectStore failNextPuts(int n) {
    putFailures = n;
    return this;
  }

  @Override
  public StoredObject get(String bucket, String key, String versionId, long maxBytes) {
    if (getFailures > 0) {
      getFailures--;
      throw new IllegalStateException("injected transient failure: 503 SlowDown");
    }
    if (failingKeys.contains(key)) {
      throw new IllegalStateException("injected transient failure: read timed out");
    }
    Stored s = objects.get(bucket + "/" + key);
    if (s == null) {
      throw new ObjectNotFoundException(bucket + "/" + key);
    }
    if (s.data().length > maxBytes) {
      throw new ObjectTooLargeException(s.data().length, maxBytes);
    }
    return new StoredObject(s.data(), s.etag(), null);
  }

  @Override
  public Optional<ObjectInfo> head(String bucket, String key) {
    Stored s = objects.get(bucket + "/" + key);
    return s == null ? Optional.empty() : Optional.of(new ObjectInfo(s.data().length, s.metadata()));
  }

  @Override
  public void put(String bucket, String key, byte[] data, String contentType, Map<String, String> metadata) {
    if (putFailures > 0) {
      putFailures--;
      throw new IllegalStateException("injected transient failure: 500 InternalError");
    }
    puts.add(bucket + "/" + key);
    objects.put(bucket + "/" + key, new Stored(data, "etag-" + data.length, contentType, Map.copyOf(metadata)));
  }

  public List<String> puts() {
    return List.copyOf(puts);
  }

  public byte[] data(String bucket, String key) {
    return objects.get(bucket + "/" + key).data();
  }

  public String contentType(String bucket, String key) {
    return objects.get(bucket + "/" + key).contentType();
  }

  public Map<String, String> metadata(String bucket, String key) {
    return objects.get(bucket + "/" + key).metadata();
  }
}
