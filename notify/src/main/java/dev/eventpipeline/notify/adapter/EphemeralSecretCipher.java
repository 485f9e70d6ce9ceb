package dev.eventpipeline.notify.adapter;

import dev.eventpipeline.notify.domain.SealedSecret;
import dev.eventpipeline.notify.port.SecretCipher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Adapter: AES-256-GCM under a key that lives only in this process, with the subscription id as
 * associated data. For SnapStart priming (no network) and tests: what it seals no other process can
 * open, so it must never seal anything that is stored.
 */
public final class EphemeralSecretCipher implements SecretCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private final SecureRandom random = new SecureRandom();
  private final SecretKey key;

  public EphemeralSecretCipher() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, random);
      key = generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES is required by every JVM", e);
    }
  }

  @Override
  public SealedSecret seal(String subscriptionId, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return new SealedSecret(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not seal the secret", e);
    }
  }

  @Override
  public String open(String subscriptionId, SealedSecret sealed) {
    byte[] bytes = sealed.ciphertext();
    if (bytes.length <= NONCE_BYTES) {
      throw new IllegalArgumentException("not a sealed secret of this cipher");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the secret cannot be opened for this subscription", e);
    }
  }
}
