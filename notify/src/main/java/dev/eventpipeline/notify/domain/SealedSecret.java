package dev.eventpipeline.notify.domain;

import java.util.Arrays;
import java.util.Base64;

/**
 * A webhook signing secret as it is stored: ciphertext made by the {@link dev.eventpipeline.notify.port.SecretCipher}
 * for one subscription, opaque to the domain. Only that cipher turns it back into the secret.
 */
public final class SealedSecret {
  private final byte[] ciphertext;

  public SealedSecret(byte[] ciphertext) {
    if (ciphertext == null || ciphertext.length == 0) {
      throw new IllegalArgumentException("a sealed secret has ciphertext");
    }
    this.ciphertext = ciphertext.clone();
  }

  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SealedSecret s && Arrays.equals(ciphertext, s.ciphertext);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ciphertext);
  }

  /** A short fingerprint of the ciphertext (never the secret): enough to tell two apart in a test failure. */
  @Override
  public String toString() {
    String b64 = Base64.getEncoder().encodeToString(ciphertext);
    return "SealedSecret[" + b64.substring(0, Math.min(8, b64.length())) + "…]";
  }
}
