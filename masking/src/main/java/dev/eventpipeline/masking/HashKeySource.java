package dev.eventpipeline.masking;

/** Port: the current HMAC key of the HASH operator (fetched lazily, cached with a TTL by adapters). */
public interface HashKeySource {
  /**
   * The key bytes.
   *
   * @throws HashKeyUnavailableException when no key can be obtained (masking must not proceed)
   */
  byte[] currentKey();

  /** A source for policies that never hash: asking it for a key is a configuration error. */
  static HashKeySource none() {
    return () -> {
      throw new HashKeyUnavailableException("the masking policy uses HASH but no hash key is configured", null);
    };
  }

  /** A fixed key (tests, the offline CLI). */
  static HashKeySource fixed(byte[] key) {
    byte[] copy = key.clone();
    return () -> copy;
  }
}
