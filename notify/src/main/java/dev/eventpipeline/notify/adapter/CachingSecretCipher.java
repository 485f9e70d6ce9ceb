package dev.eventpipeline.notify.adapter;

import dev.eventpipeline.notify.domain.SealedSecret;
import dev.eventpipeline.notify.port.SecretCipher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps what a cipher opened for a while, so the delivery function does not call KMS Decrypt for
 * every delivery of every batch: one Decrypt per secret per {@code ttl} and execution environment. A
 * cached entry is keyed by subscription id and ciphertext, so a rotated secret (new ciphertext) is
 * opened afresh, and bounded in number; the plaintext lives only in this process's memory.
 */
public final class CachingSecretCipher implements SecretCipher {
  private record Entry(String secret, Instant expires) {}

  private final SecretCipher delegate;
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;
  private final Map<String, Entry> opened = new ConcurrentHashMap<>();

  public CachingSecretCipher(SecretCipher delegate, Duration ttl, int maxEntries, Clock clock) {
    this.delegate = delegate;
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  @Override
  public SealedSecret seal(String subscriptionId, String secret) {
    return delegate.seal(subscriptionId, secret);
  }

  @Override
  public String open(String subscriptionId, SealedSecret sealed) {
    String key = subscriptionId + "|" + Base64.getEncoder().encodeToString(sealed.ciphertext());
    Instant now = clock.instant();
    Entry entry = opened.get(key);
    if (entry != null && now.isBefore(entry.expires())) {
      return entry.secret();
    }
    String secret = delegate.open(subscriptionId, sealed);
    if (opened.size() >= maxEntries) {
      opened.values().removeIf(e -> !now.isBefore(e.expires()));
      if (opened.size() >= maxEntries) {
        opened.clear(); // simpler than LRU, and only ever costs a Decrypt per secret
      }
    }
    opened.put(key, new Entry(secret, now.plus(ttl)));
    return secret;
  }
}
