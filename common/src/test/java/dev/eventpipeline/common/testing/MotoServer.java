package dev.eventpipeline.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A real moto server on a free loopback port, for adapter and end-to-end tests: started as a child
 * process, stopped (with its children) on {@link #close()}. Tests fail with a clear message when
 * moto_server is not installed.
 */
public final class MotoServer implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private MotoServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static MotoServer start() {
    int port = freePort();
    try {
      Path log = Files.createTempFile("moto-" + port + "-", ".log");
      // Wrapped so that moto stops with this JVM even when the JVM is SIGKILLed (an interrupted build):
      // the shell sends it SIGTERM once the JVM's end of its stdin pipe closes. The local cloud starts
      // its moto the same way (local's ChildProcesses.stoppedWithThisJvm, tested there).
      ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
          "exec 3<&0; \"$@\" 3<&- </dev/null & child=$!; { cat <&3 >/dev/null; kill -TERM \"$child\" 2>/dev/null; } & "
              + "wait \"$child\"", "sh", "moto_server", "-H", "127.0.0.1", "-p", Integer.toString(port))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start moto_server through /bin/sh: " + e.getMessage(), e);
      }
      MotoServer server = new MotoServer(process, port, log);
      server.awaitReady(Duration.ofSeconds(30));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The environment a function (or an AwsClients) needs to talk to this server. */
  public Map<String, String> clientEnvironment() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_ENDPOINT_URL", endpoint().toString());
    env.put("AWS_ACCESS_KEY_ID", "testing");
    env.put("AWS_SECRET_ACCESS_KEY", "testing");
    env.put("CBOR_ENABLED", "false");
    return env;
  }

  /** Sets the JVM-wide settings the SDK reads (credentials, CBOR off) for in-process clients. */
  public MotoServer configureSdkSystemProperties() {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
    System.setProperty("aws.cborEnabled", "false");
    return this;
  }

  private void awaitReady(Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(process.exitValue() == 127
            ? "moto_server is not installed (pip install 'moto[server]')"
            : "moto_server exited: " + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
        c.setConnectTimeout(200);
        c.setReadTimeout(2000);
        if (c.getResponseCode() > 0) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new IllegalStateException("moto_server did not start within " + timeout);
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
