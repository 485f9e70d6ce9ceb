package dev.eventpipeline.mask.adapter;

import dev.eventpipeline.masking.HashKeySource;
import dev.eventpipeline.masking.HashKeyUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Adapter: the HASH operator's HMAC key from a Secrets Manager secret (SecretString as UTF-8, or
 * SecretBinary), fetched on first use (never at init), cached for a TTL and then re-read so a
 * rotated key is picked up. If a refresh fails the last good key is kept and the refresh retried
 * after a short back-off; with no key at all, masking fails (and the batch with it) rather than
 * hash without a key. The key is never logged.
 */
public final class SecretsManagerHashKeySource implements HashKeySource {
  private static final Logger LOG = LoggerFactory.getLogger(SecretsManagerHashKeySource.class);
  static final int MIN_KEY_BYTES = 16;
  private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

  private final SecretsManagerClient client;
  private final String secretId;
  private final Duration ttl;
  private final Clock clock;
  private byte[] key;
  private Instant refreshAt = Instant.MIN;

  public SecretsManagerHashKeySource(SecretsManagerClient client, String secretId, Duration ttl, Clock clock) {
    this.client = client;
    this.secretId = secretId;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public synchronized byte[] currentKey() {
    Instant now = clock.instant();
    if (key != null && now.isBefore(refreshAt)) {
      return key;
    }
    try {
      key = fetch();
      refreshAt = now.plus(ttl);
      return key;
    } catch (SdkException | HashKeyUnavailableException e) {
      if (key != null) {
        LOG.warn("Refreshing the hash key from {} failed ({}); keeping the current key", secretId,
            e.getClass().getSimpleName());
        refreshAt = now.plus(RETRY_AFTER_FAILURE);
        return key;
      }
      throw e instanceof HashKeyUnavailableException h ? h
          : new HashKeyUnavailableException("reading the hash key secret " + secretId + " failed: "
              + e.getClass().getSimpleName(), e);
    }
  }

  private byte[] fetch() {
    GetSecretValueResponse response = client.getSecretValue(b -> b.secretId(secretId));
    byte[] bytes;
    if (response.secretString() != null) {
      bytes = response.secretString().getBytes(StandardCharsets.UTF_8);
    } else if (response.secretBinary() != null) {
      bytes = response.secretBinary().asByteArray();
    } else {
      throw new HashKeyUnavailableException("the hash key secret " + secretId + " has no value", null);
    }
    if (bytes.length < MIN_KEY_BYTES) {
      throw new HashKeyUnavailableException("the hash key secret " + secretId + " holds " + bytes.length
          + " bytes; an HMAC key needs at least " + MIN_KEY_BYTES, null);
    }
    return bytes;
  }
}
