package dev.eventpipeline.smoketest.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * What one smoke test sends, clearly marked: a log record of service {@code eventpipeline-canary} with
 * {@code "canary": true} and its id, and a 16 x 16 PNG under the uploads bucket's {@code canary/} prefix.
 */
public record Canary(String id, byte[] logRecord, String imageKey, byte[] image) {
  public static final String SERVICE = "eventpipeline-canary";
  public static final String IMAGE_PREFIX = "canary/";
  private static final byte[] PNG = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR"
      + "42mM4UaFBEmIY1TCqYfhqAAADaGgQ4a3ZQQAAAABJRU5ErkJggg==");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /** A canary for a run at {@code now}; {@code suffix} makes runs in the same second distinct. */
  public static Canary at(Instant now, String suffix) {
    String id = "canary-" + STAMP.format(now) + "-" + suffix;
    String record = "{\"level\":\"INFO\",\"message\":\"eventpipeline smoke test " + id + "\",\"service\":\"" + SERVICE
        + "\",\"canary\":true,\"canaryId\":\"" + id + "\"}";
    return new Canary(id, record.getBytes(StandardCharsets.UTF_8), IMAGE_PREFIX + id + ".png", PNG.clone());
  }
}
