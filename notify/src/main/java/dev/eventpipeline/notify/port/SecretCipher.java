package dev.eventpipeline.notify.port;

import dev.eventpipeline.notify.domain.SealedSecret;

/**
 * Port: encrypts webhook signing secrets for storage and decrypts them to sign. A sealed secret is
 * bound to its subscription: opening it with another subscription's id fails.
 */
public interface SecretCipher {
  SealedSecret seal(String subscriptionId, String secret);

  /** @throws RuntimeException when it cannot be opened (wrong subscription, key unavailable, tampered) */
  String open(String subscriptionId, SealedSecret sealed);
}
