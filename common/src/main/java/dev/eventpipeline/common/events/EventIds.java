package dev.eventpipeline.common.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based UUID (version 5, SHA-1) of the event type and the parts
 * that identify its cause (a bucket, key and etag; a shard and sequence range). A redelivered cause
 * therefore yields the same id, and consumers de-duplicate on it.
 */
public final class EventIds {
  /** Namespace of all pipeline event ids (a fixed, random UUID). */
  static final UUID NAMESPACE = UUID.fromString("8c2b6f0e-3f5a-4d8e-9a61-2f0d3c7b5e14");
  private static final char SEPARATOR = '\u001f';

  private EventIds() {}

  public static String of(EventType type, String... causeParts) {
    StringBuilder name = new StringBuilder(type.name());
    for (String part : causeParts) {
      name.append(SEPARATOR).append(part == null ? "" : part);
    }
    return nameUuid(name.toString()).toString();
  }

  static UUID nameUuid(String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every JVM", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16)
        .putLong(NAMESPACE.getMostSignificantBits())
        .putLong(NAMESPACE.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
    ByteBuffer bb = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(bb.getLong(), bb.getLong());
  }
}
