package dev.eventpipeline.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook endpoint on 127.0.0.1 (JDK HttpServer) that records every delivery as received, raw
 * body included, and answers it with the status set by {@link #answer} (204 unless told). It binds
 * one of the ports webhooks may target by default (8080, 8443, 80; see WEBHOOK_ALLOWED_PORTS in
 * docs/functions.md), the first that is free.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final List<Integer> ALLOWED_PORTS = List.of(8080, 8443, 80);

  /** One POST as received (lowercase header names) and the status it was answered with. */
  public record Delivery(Map<String, String> headers, byte[] body, int status) {
    public String header(String name) {
      return headers.get(name);
    }
  }

  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private volatile int status = 204;

  private WebhookReceiver(HttpServer server) {
    this.server = server;
    server.createContext("/", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Map<String, String> headers = new java.util.HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
      int answer = status;
      deliveries.add(new Delivery(headers, body, answer));
      exchange.sendResponseHeaders(answer, -1);
      exchange.close();
    });
    server.start();
  }

  public static WebhookReceiver start() throws IOException {
    IOException last = null;
    for (int port : ALLOWED_PORTS) {
      try {
        return new WebhookReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16));
      } catch (IOException taken) {
        last = taken;
      }
    }
    throw new IOException("None of the ports webhooks may target by default is free on 127.0.0.1: " + ALLOWED_PORTS, last);
  }

  /** A receiver on 127.0.0.1:{@code port} (a port the caller chose; 0 for any free one). */
  public static WebhookReceiver on(int port) throws IOException {
    return new WebhookReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16));
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Answers the deliveries from now on with {@code status} (e.g. 503: an endpoint that is down). */
  public void answer(int status) {
    this.status = status;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/pipeline";
  }

  public List<Delivery> deliveries() {
    return deliveries;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /**
   * The verification docs/webhooks.md tells receivers to do (Standard Webhooks): the HMAC-SHA256 key is
   * the base64-decoded part of the secret after "whsec_"; the signed content is id.timestamp.body;
   * the timestamp must be within 5 minutes; any "v1," entry may match.
   */
  public static boolean verify(String secret, String id, String timestamp, String signature, byte[] body, Instant now)
      throws GeneralSecurityException {
    if (id == null || timestamp == null || signature == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(Duration.ofMinutes(5)) > 0) {
      return false;
    }
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    byte[] expected = mac.doFinal(body);
    for (String entry : signature.split(" ")) {
      if (entry.startsWith("v1,")) {
        byte[] given;
        try {
          given = Base64.getDecoder().decode(entry.substring(3));
        } catch (IllegalArgumentException e) {
          continue;
        }
        if (MessageDigest.isEqual(expected, given)) {
          return true;
        }
      }
    }
    return false;
  }
}
