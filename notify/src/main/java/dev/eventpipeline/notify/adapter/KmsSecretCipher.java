package dev.eventpipeline.notify.adapter;

import dev.eventpipeline.notify.domain.SealedSecret;
import dev.eventpipeline.notify.port.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Adapter: webhook secrets encrypted with KMS Encrypt under the stack's customer-managed key, directly
 * (no data key: a secret is 50 bytes, far below Encrypt's 4 KB). The encryption context
 * {@code {"purpose": "webhook-signing-secret", "subscriptionId": <id>}} binds each ciphertext to its
 * subscription (one copied into another item does not decrypt) and is what the key policy's
 * condition requires; CloudTrail records it with every Decrypt. Decrypt names the key, so a
 * ciphertext made under any other key is refused.
 */
public final class KmsSecretCipher implements SecretCipher {
  /** The encryption context's purpose; the key policy allows nothing without it. */
  public static final String PURPOSE = "webhook-signing-secret";

  private final KmsClient kms;
  private final String keyId;

  public KmsSecretCipher(KmsClient kms, String keyId) {
    this.kms = kms;
    this.keyId = keyId;
  }

  @Override
  public SealedSecret seal(String subscriptionId, String secret) {
    byte[] blob = kms.encrypt(b -> b.keyId(keyId).encryptionContext(context(subscriptionId))
        .plaintext(SdkBytes.fromString(secret, StandardCharsets.UTF_8))).ciphertextBlob().asByteArray();
    return new SealedSecret(blob);
  }

  @Override
  public String open(String subscriptionId, SealedSecret sealed) {
    return kms.decrypt(b -> b.keyId(keyId).encryptionContext(context(subscriptionId))
        .ciphertextBlob(SdkBytes.fromByteArray(sealed.ciphertext()))).plaintext().asUtf8String();
  }

  static Map<String, String> context(String subscriptionId) {
    return Map.of("purpose", PURPOSE, "subscriptionId", subscriptionId);
  }
}
