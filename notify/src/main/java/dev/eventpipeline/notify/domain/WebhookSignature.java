package dev.eventpipeline.notify.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,BASE64(HMAC-SHA256(key, id + "." + timestamp + "." + body))},
 * where key is the decoded secret (see {@link WebhookSecret#key}) and body the exact bytes sent.
 * While a rotated secret is still honoured, the header carries one space-separated entry per secret.
 */
public final class WebhookSignature {
  public static final String VERSION = "v1";

  private WebhookSignature() {}

  /** One signature entry, {@code v1,<base64>}. */
  public static String sign(String secret, String webhookId, long timestampSeconds, byte[] body) {
    return VERSION + "," + Base64.getEncoder().encodeToString(hmac(WebhookSecret.key(secret), webhookId, timestampSeconds, body));
  }

  /** The webhook-signature header value: one entry per secret, space-separated, newest first. */
  public static String header(List<String> secrets, String webhookId, long timestampSeconds, byte[] body) {
    StringJoiner joined = new StringJoiner(" ");
    for (String secret : secrets) {
      joined.add(sign(secret, webhookId, timestampSeconds, body));
    }
    return joined.toString();
  }

  static byte[] hmac(byte[] key, String webhookId, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by every JVM", e);
    }
  }
}
