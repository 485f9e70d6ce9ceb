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

/**
 * moto_server started as a child process on 127.0.0.1 and stopped (with its children) on close.
 * Started with the Kinesis patch ({@code moto-patch/sitecustomize.py}, extracted next to the log and
 * put first on the child's PYTHONPATH): moto 5.x's Kinesis shards become O(1) per record and safe
 * for concurrent reads and writes. The patch checks moto's version and the functions it replaces and
 * otherwise leaves moto alone; the line it prints says which ({@link #kinesisPatch()}).
 */
public final class MotoBackend implements Backend {
  /** The prefix of the one line the patch prints when moto's Python starts. */
  static final String PATCH_MARKER = "eventpipeline-moto-patch:";
  private static final String PATCH_RESOURCE = "/moto-patch/sitecustomize.py";
  private final Process process;
  private final int port;
  private final Path log;
  private String kinesisPatch = "not requested";

  private MotoBackend(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts moto, with the Kinesis patch, on {@code port} and waits until it answers.
   *
   * @param log where moto's output goes
   */
  public static MotoBackend start(int port, Path log, Duration timeout) {
    return start(port, log, timeout, true);
  }

  /**
   * Starts moto on {@code port} and waits until it answers.
   *
   * @param log where moto's output goes; the patch is extracted to {@code moto-patch/} beside it
   * @param kinesisPatch whether to load the Kinesis patch into moto's Python
   */
  public static MotoBackend start(int port, Path log, Duration timeout, boolean kinesisPatch) {
    requireFreePort(port);
    String executable = findOnPath("moto_server").orElseThrow(() -> new BackendException(
        "moto_server is not installed (not on PATH): pip install 'moto[server]', or use --endpoint URL"));
    List<String> command = new ArrayList<>(ChildProcesses.ownSessionPrefix());
    // a `pipeline up` killed with SIGKILL must not leave moto holding the port
    command.addAll(ChildProcesses.stoppedWithThisJvm(
        List.of(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))));
    Process process;
    try {
      Path dir = log.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      ProcessBuilder builder = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      if (kinesisPatch) {
        Path patchDir = extractPatch(dir.resolve("moto-patch"));
        String existing = builder.environment().get("PYTHONPATH");
        builder.environment().put("PYTHONPATH", existing == null || existing.isBlank()
            ? patchDir.toString() : patchDir + File.pathSeparator + existing);
      }
      process = builder.start();
    } catch (IOException e) {
      throw new BackendException("Cannot start moto_server: " + e.getMessage(), e);
    }
    MotoBackend backend = new MotoBackend(process, port, log);
    backend.awaitReady(timeout);
    backend.kinesisPatch = kinesisPatch ? backend.patchReport() : "not applied (switched off by the caller)";
    return backend;
  }

  /** Writes the patch (sitecustomize.py) into {@code dir}, replacing an older copy. */
  static Path extractPatch(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var in = MotoBackend.class.getResourceAsStream(PATCH_RESOURCE)) {
      if (in == null) {
        throw new IOException("resource " + PATCH_RESOURCE + " is missing from the local module");
      }
      Files.write(dir.resolve("sitecustomize.py"), in.readAllBytes());
    }
    return dir;
  }

  /** What the patch said when moto's Python started (it prints before moto listens). */
  private String patchReport() {
    try {
      for (String line : Files.readAllLines(log)) {
        int at = line.indexOf(PATCH_MARKER);
        if (at >= 0) {
          return line.substring(at + PATCH_MARKER.length()).trim();
        }
      }
    } catch (IOException e) {
      return "unknown (moto's log is unreadable: " + e.getMessage() + ")";
    }
    return "not applied (moto's Python did not load it; is PYTHONPATH ignored by its launcher?)";
  }

  /** The patch's own report: "applied to moto 5.2.1: ..." or "not applied ...: why". */
  public String kinesisPatch() {
    return kinesisPatch;
  }

  /** Whether moto runs with the Kinesis patch. */
  public boolean kinesisPatchApplied() {
    return kinesisPatch.startsWith("applied");
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
    return "moto_server (child process " + process.pid() + ", log " + log + "); Kinesis patch " + kinesisPatch;
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
