package dev.eventpipeline.notify.docs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Verifies a webhook from the Lambda Event Pipeline (Standard Webhooks signature scheme). */
public final class WebhookVerifier {
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private final byte[] key;

  /** @param secret the subscription's secret, "whsec_" followed by base64 */
  public WebhookVerifier(String secret) {
    String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
    this.key = Base64.getDecoder().decode(encoded); // the HMAC key is the decoded bytes, not the text
  }

  /**
   * True when the request is a genuine, recent delivery. Pass the three headers as received and the
   * body exactly as received (raw bytes, before any JSON parsing).
   */
  public boolean verify(String webhookId, String webhookTimestamp, String webhookSignature, byte[] body,
      Instant now) throws GeneralSecurityException {
    if (webhookId == null || webhookTimestamp == null || webhookSignature == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(webhookTimestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(TOLERANCE) > 0) {
      return false; // too old or too far in the future: a replay
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update((webhookId + "." + webhookTimestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected = mac.doFinal(body);
    for (String entry : webhookSignature.split(" ")) { // several entries while a secret is rotated
      if (!entry.startsWith("v1,")) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(entry.substring(3));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) { // constant-time comparison
        return true;
      }
    }
    return false;
  }
}
