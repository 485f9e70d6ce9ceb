package dev.eventpipeline.local.backend;

import dev.eventpipeline.local.lambda.ChildProcesses;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** moto_server started as a child process on 127.0.0.1 and stopped (with its children) on close. */
public final class MotoBackend implements Backend {
  private final Process process;
  private final int port;
  private final Path log;

  private MotoBackend(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts moto on {@code port} and waits until it answers.
   *
   * @param log where moto's output goes
   */
  public static MotoBackend start(int port, Path log, Duration timeout) {
    requireFreePort(port);
    String executable = findOnPath("moto_server").orElseThrow(() -> new BackendException(
        "moto_server is not installed (not on PATH): pip install 'moto[server]', or use --endpoint URL"));
    List<String> command = new ArrayList<>(ChildProcesses.ownSessionPrefix());
    command.addAll(List.of(executable, "-H", "127.0.0.1", "-p", Integer.toString(port)));
    Process process;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      throw new BackendException("Cannot start moto_server: " + e.getMessage(), e);
    }
    MotoBackend backend = new MotoBackend(process, port, log);
    backend.awaitReady(timeout);
    return backend;
  }

  /** Fails with a clear message when something already listens on the port. */
  static void requireFreePort(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new BackendException("Port " + port + " on 127.0.0.1 is already in use (another `pipeline up`, moto "
          + "or LocalStack?): stop it, pick another with --port, or use it with --endpoint http://127.0.0.1:" + port);
    }
  }

  static Optional<String> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      File f = new File(dir, name);
      if (f.isFile() && f.canExecute()) {
        return Optional.of(f.getAbsolutePath());
      }
    }
    return Optional.empty();
  }

  private void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new BackendException("moto_server exited with code " + process.exitValue() + ": " + tail());
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
      sleep(100);
    }
    close();
    throw new BackendException("moto_server did not answer within " + timeout.toSeconds() + " s: " + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public String description() {
    return "moto_server (child process " + process.pid() + ", log " + log + ")";
  }

  @Override
  public void close() {
    ChildProcesses.stop(process.toHandle(), Duration.ofSeconds(5));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendException("Interrupted while waiting for moto_server");
    }
  }
}
