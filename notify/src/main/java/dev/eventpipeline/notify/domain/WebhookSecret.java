package dev.eventpipeline.notify.domain;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signing secrets in the Standard Webhooks format: {@code "whsec_" + base64(random bytes)}. The HMAC
 * key is the base64-decoded part after the prefix, never the text of the secret itself.
 */
public final class WebhookSecret {
  public static final String PREFIX = "whsec_";
  /** Bytes of key material in a new secret (the Standard Webhooks specification asks for 24 to 64). */
  public static final int KEY_BYTES = 32;
  private static final int MIN_KEY_BYTES = 24;
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecret() {}

  /** A new random secret. */
  public static String generate() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /**
   * The HMAC key of a secret: the base64-decoded bytes after "whsec_".
   *
   * @throws IllegalArgumentException when the secret is not "whsec_" + base64 of at least 24 bytes
   */
  public static byte[] key(String secret) {
    if (secret == null || !secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a webhook secret is " + PREFIX + " followed by base64", e);
    }
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("a webhook secret holds at least " + MIN_KEY_BYTES + " bytes of key");
    }
    return key;
  }
}
