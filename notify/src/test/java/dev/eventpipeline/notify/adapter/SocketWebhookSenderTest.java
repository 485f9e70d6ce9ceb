package dev.eventpipeline.notify.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.eventpipeline.notify.domain.SendResult;
import dev.eventpipeline.notify.domain.WebhookTarget;
import dev.eventpipeline.notify.domain.WebhookUrl;
import dev.eventpipeline.notify.testing.WebhookReceiver;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pinned-address HTTP client against real servers on 127.0.0.1. */
class SocketWebhookSenderTest {
  private static final byte[] BODY = "{\"specversion\":\"1.0\",\"id\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

  private final WebhookReceiver receiver = WebhookReceiver.start();
  private final SocketWebhookSender sender = new SocketWebhookSender(Duration.ofMillis(500), Duration.ofMillis(1500));

  @AfterEach
  void stop() {
    receiver.close();
  }

  @Test
  void postsToTheCheckedAddressWithTheUrlsHostAndNeverResolvesItAgain() {
    // hooks.test.invalid cannot resolve: the request only arrives because the checked address is used.
    WebhookTarget target = target(false, "hooks.test.invalid", receiver.port(), "/in?tenant=7", loopback());

    SendResult result = sender.post(target, headers(), BODY);

    assertThat(result.status()).isEqualTo(204);
    assertThat(result.failure()).isNull();
    WebhookReceiver.Received request = receiver.received().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/in?tenant=7");
    assertThat(request.header("host")).isEqualTo("hooks.test.invalid:" + receiver.port());
    assertThat(request.header("webhook-id")).isEqualTo("e1");
    assertThat(request.header("user-agent")).isEqualTo("test-agent");
    assertThat(request.header("content-length")).isEqualTo(Integer.toString(BODY.length));
    assertThat(request.body()).isEqualTo(BODY);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {200, 201, 202, 204, 301, 302, 307, 308, 400, 401, 404, 409, 410, 422, 429, 500, 502, 503})
  void reportsTheEndpointsStatus(int status) {
    receiver.respond("/s", status);

    assertThat(sender.post(target("/s"), headers(), BODY).status()).isEqualTo(status);
  }

  @Test
  void neverFollowsARedirect() {
    receiver.redirect("/moved", 302, receiver.url("/elsewhere"));

    SendResult result = sender.post(target("/moved"), headers(), BODY);

    assertThat(result.status()).isEqualTo(302);
    assertThat(receiver.received("/elsewhere")).isEmpty();
  }

  @Test
  void givesUpOnAnEndpointThatNeverAnswersAtTheTotalTimeout() {
    receiver.hang("/slow");

    SendResult result = sender.post(target("/slow"), headers(), BODY);

    assertThat(result.failure()).isEqualTo(SendResult.Failure.TIMEOUT);
    assertThat(result.status()).isZero();
    assertThat(result.detail()).contains("total 1500 ms");
  }

  @Test
  void reportsARefusedConnection() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    SendResult result = sender.post(target(false, "127.0.0.1", closedPort, "/", loopback()), headers(), BODY);

    assertThat(result.failure()).isEqualTo(SendResult.Failure.CONNECTION);
    assertThat(result.detail()).startsWith("connection: ");
  }

  @Test
  void triesTheNextCheckedAddressWhenOneRefuses() throws Exception {
    // 127.0.0.2 is loopback too, but nothing listens on it at this port.
    InetAddress refusing = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    WebhookTarget target = target(false, "hooks.test.invalid", receiver.port(), "/", List.of(refusing, loopback().get(0)));

    assertThat(sender.post(target, headers(), BODY).status()).isEqualTo(204);
  }

  @Test
  void reportsAPeerThatDoesNotSpeakHttp() throws Exception {
    try (RawServer server = new RawServer("SSH-2.0-OpenSSH_9.6\r\n")) {
      SendResult result = sender.post(target(false, "127.0.0.1", server.port(), "/", loopback()), headers(), BODY);

      assertThat(result.failure()).isEqualTo(SendResult.Failure.PROTOCOL);
    }
  }

  @Test
  void skipsInterimResponsesAndReportsTheFinalStatus() throws Exception {
    try (RawServer server = new RawServer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")) {
      SendResult result = sender.post(target(false, "127.0.0.1", server.port(), "/", loopback()), headers(), BODY);

      assertThat(result.status()).isEqualTo(202);
      assertThat(server.request.get()).startsWith("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
          .contains("Connection: close\r\n");
    }
  }

  @Test
  void httpsVerifiesTheCertificateAgainstTheUrlsHostNotTheAddress(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("hooks.p12");
    keytool("-genkeypair", "-alias", "hooks", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=hooks.test.internal", "-ext", "SAN=dns:hooks.test.internal", "-validity", "2",
        "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext serverTls = SSLContext.getInstance("TLS");
    serverTls.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store); // the test's self-signed certificate is the only trust anchor
    SSLContext clientTls = SSLContext.getInstance("TLS");
    clientTls.init(null, trust.getTrustManagers(), null);

    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
    AtomicReference<String> host = new AtomicReference<>();
    server.createContext("/", exchange -> {
      host.set(exchange.getRequestHeaders().getFirst("Host"));
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    try {
      int port = server.getAddress().getPort();
      SocketWebhookSender tlsSender = new SocketWebhookSender(Duration.ofSeconds(2), Duration.ofSeconds(5),
          clientTls.getSocketFactory());

      SendResult matching = tlsSender.post(target(true, "hooks.test.internal", port, "/", loopback()), headers(), BODY);
      SendResult otherName = tlsSender.post(target(true, "evil.test.internal", port, "/", loopback()), headers(), BODY);
      SendResult byAddress = tlsSender.post(target(true, "127.0.0.1", port, "/", loopback()), headers(), BODY);

      assertThat(matching.status()).isEqualTo(204);
      assertThat(host.get()).isEqualTo("hooks.test.internal:" + port);
      assertThat(otherName.failure()).isEqualTo(SendResult.Failure.CONNECTION);
      assertThat(otherName.detail()).startsWith("TLS: ");
      assertThat(byAddress.failure()).isEqualTo(SendResult.Failure.CONNECTION);
    } finally {
      server.stop(0);
    }
  }

  private WebhookTarget target(String path) {
    return target(false, "127.0.0.1", receiver.port(), path, loopback());
  }

  private static WebhookTarget target(boolean https, String host, int port, String path, List<InetAddress> addresses) {
    String scheme = https ? "https" : "http";
    return new WebhookTarget(new WebhookUrl(scheme + "://" + host + ":" + port + path, https, host, port, path,
        host + ":" + port), addresses);
  }

  private static List<InetAddress> loopback() {
    return List.of(InetAddress.getLoopbackAddress());
  }

  private static Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", "test-agent");
    headers.put("Content-Type", "application/json");
    headers.put("webhook-id", "e1");
    return headers;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
  }

  /** A TCP server that reads the request head and answers with fixed bytes. */
  private static final class RawServer implements AutoCloseable {
    final ServerSocket socket;
    final AtomicReference<String> request = new AtomicReference<>("");
    final Thread thread;

    RawServer(String reply) throws Exception {
      socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
      thread = new Thread(() -> {
        try (Socket client = socket.accept()) {
          InputStream in = client.getInputStream();
          StringBuilder head = new StringBuilder();
          while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
              break;
            }
            head.append((char) b);
          }
          request.set(head.toString());
          OutputStream out = client.getOutputStream();
          out.write(reply.getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(200);
        } catch (Exception ignored) {
          // the test asserts on what the client saw
        }
      });
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(2000);
    }
  }
}
