package dev.eventpipeline.notify.adapter;

import dev.eventpipeline.notify.domain.SealedSecret;
import dev.eventpipeline.notify.port.SecretCipher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * Adapter: webhook secrets under envelope encryption with the stack's customer-managed KMS key. Each
 * secret gets its own data key (KMS GenerateDataKey, AES-256): the secret is sealed locally with
 * AES-GCM under it, and only the data key encrypted by KMS is kept beside it; the plaintext data key
 * is wiped after use. The encryption context {@code {"purpose": "webhook-signing-secret",
 * "subscriptionId": <id>}} binds the data key to its subscription (a sealed secret copied into
 * another item does not open) and is what the key policy's condition requires; CloudTrail records it
 * with every Decrypt. Decrypt names the key, so a data key made under any other key is refused.
 *
 * <p>Sealed form: {@code 'E' 1 | u16 length of the encrypted data key | encrypted data key | 12-byte
 * nonce | AES-GCM ciphertext and 16-byte tag}, with the subscription id as additional data.
 */
public final class KmsSecretCipher implements SecretCipher {
  /** The encryption context's purpose; the key policy allows nothing without it. */
  public static final String PURPOSE = "webhook-signing-secret";
  private static final byte MAGIC = 'E';
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KmsClient kms;
  private final String keyId;

  public KmsSecretCipher(KmsClient kms, String keyId) {
    this.kms = kms;
    this.keyId = keyId;
  }

  @Override
  public SealedSecret seal(String subscriptionId, String secret) {
    GenerateDataKeyResponse dataKey = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
        .encryptionContext(context(subscriptionId)));
    byte[] key = dataKey.plaintext().asByteArray();
    byte[] wrapped = dataKey.ciphertextBlob().asByteArray();
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      byte[] sealed = aes(Cipher.ENCRYPT_MODE, key, nonce, subscriptionId, secret.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(4 + wrapped.length + NONCE_BYTES + sealed.length);
      out.put(MAGIC).put(VERSION).putShort((short) wrapped.length).put(wrapped).put(nonce).put(sealed);
      return new SealedSecret(out.array());
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String open(String subscriptionId, SealedSecret sealed) {
    ByteBuffer in = ByteBuffer.wrap(sealed.ciphertext());
    if (in.remaining() < 4 || in.get() != MAGIC || in.get() != VERSION) {
      throw new IllegalArgumentException("not a sealed webhook secret of this format");
    }
    int wrappedLength = Short.toUnsignedInt(in.getShort());
    if (in.remaining() < wrappedLength + NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalArgumentException("sealed webhook secret is truncated");
    }
    byte[] wrapped = new byte[wrappedLength];
    byte[] nonce = new byte[NONCE_BYTES];
    in.get(wrapped).get(nonce);
    byte[] body = new byte[in.remaining()];
    in.get(body);
    byte[] key = kms.decrypt(b -> b.keyId(keyId).encryptionContext(context(subscriptionId))
        .ciphertextBlob(SdkBytes.fromByteArray(wrapped))).plaintext().asByteArray();
    try {
      return new String(aes(Cipher.DECRYPT_MODE, key, nonce, subscriptionId, body), StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] aes(int mode, byte[] key, byte[] nonce, String subscriptionId, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(subscriptionId.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the sealed webhook secret does not open (" + e.getClass().getSimpleName()
          + ")", e);
    }
  }

  static Map<String, String> context(String subscriptionId) {
    return Map.of("purpose", PURPOSE, "subscriptionId", subscriptionId);
  }
}
