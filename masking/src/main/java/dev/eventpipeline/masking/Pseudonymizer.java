package dev.eventpipeline.masking;

import dev.eventpipeline.settings.DetectorType;
import dev.eventpipeline.masking.HashKeySource;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stable pseudonyms for the HASH operator: the first 4 bytes of HMAC-SHA256(key, TYPE + ':' +
 * normalized value), as 8 hex digits. Normalization makes one value written two ways join: e-mail
 * addresses are lower-cased; cards, IBANs, SSNs and phones keep only letters and digits. Not
 * thread-safe (one per thread); the key is re-read from the source on every call, so a rotated key
 * is picked up when the source's cache expires.
 */
public final class Pseudonymizer {
  private static final HexFormat HEX = HexFormat.of();

  private final HashKeySource keys;
  private byte[] currentKey;
  private Mac mac;

  public Pseudonymizer(HashKeySource keys) {
    this.keys = keys;
  }

  public String pseudonym(DetectorType type, String value) {
    Mac m = mac();
    m.update(type.name().getBytes(StandardCharsets.US_ASCII));
    m.update((byte) ':');
    byte[] digest = m.doFinal(normalize(type, value).getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(digest, 0, 4);
  }

  private Mac mac() {
    byte[] key = keys.currentKey();
    if (mac == null || key != currentKey) {
      try {
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(key, "HmacSHA256"));
        mac = m;
        currentKey = key;
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA256 is unavailable or the key is unusable", e);
      }
    }
    return mac;
  }

  static String normalize(DetectorType type, String value) {
    switch (type) {
      case EMAIL:
        return value.toLowerCase(Locale.ROOT);
      case CREDIT_CARD:
      case IBAN:
      case US_SSN:
      case PHONE:
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
          char c = value.charAt(i);
          if (Character.isLetterOrDigit(c)) {
            b.append(Character.toUpperCase(c));
          }
        }
        return b.toString();
      case IPV6:
        return value.toLowerCase(Locale.ROOT);
      default:
        return value;
    }
  }
}
