package dev.eventpipeline.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.lambda.InvocationResult.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One execution environment of a function: a JVM running the official runtime interface client
 * against a Lambda Runtime API (2018-06-01) served for it alone on a loopback port. `next` blocks
 * until the pool has work for it (the client's native code crashes when `next` answers an error).
 */
final class FunctionWorker {
  private static final String PREFIX = "/2018-06-01/runtime/";

  enum State { STARTING, AVAILABLE, BUSY, DEAD }

  /**
   * Why the process runs: an on-demand environment (started for invocations; its first one is a cold
   * start), a provisioned one (started by {@code up --warm} before any invocation, as provisioned
   * concurrency is: its invocations are not cold starts), or a class-data training run (inits, then
   * exits normally so that the JVM writes the function's class-data archive; it takes no invocation).
   */
  enum Mode { ON_DEMAND, PROVISIONED, TRAINING }

  private final FunctionPool pool;
  private final int id;
  private final FunctionSpec spec;
  private final Mode mode;
  private final java.util.concurrent.atomic.AtomicBoolean holdsInitSlot = new java.util.concurrent.atomic.AtomicBoolean();
  /** The class-data archive the process maps, or null. */
  private volatile Path sharedArchive;
  private HttpServer server;
  private Process process;
  private long startNanos;
  private volatile Double initMillis;
  private volatile boolean servedAny;
  private volatile boolean killedOnPurpose;
  private volatile String initError;
  /** Set while the process is being stopped: `next` keeps waiting (no answer) until the process is gone. */
  private volatile boolean stopping;
  volatile State state = State.STARTING;
  volatile Invocation current;
  volatile long availableSinceNanos;

  FunctionWorker(FunctionPool pool, int id) {
    this(pool, id, Mode.ON_DEMAND);
  }

  FunctionWorker(FunctionPool pool, int id, Mode mode) {
    this.pool = pool;
    this.id = id;
    this.spec = pool.spec();
    this.mode = mode;
  }

  Mode mode() {
    return mode;
  }

  Double initMillis() {
    return initMillis;
  }

  /** Called once the worker holds an init slot of the pool's {@link InitGate}. */
  void holdInitSlot() {
    holdsInitSlot.set(true);
  }

  /** Gives the init slot back (once): the init is over, failed, or the process is gone. */
  void releaseInitSlot() {
    if (holdsInitSlot.compareAndSet(true, false)) {
      pool.initGate().release();
    }
  }

  boolean isStopping() {
    return stopping;
  }

  int id() {
    return id;
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  /**
   * @param classpath the function's code, then the runtime interface client (see {@link DeploymentPackage})
   * @param sharedArchive the class-data archive the options map, or null
   * @return false when the worker was stopped before its process could start (nothing started)
   */
  boolean start(Map<String, String> environment, List<String> javaOptions, List<String> classpath,
      Path taskRoot, Path sharedArchive) throws IOException {
    this.sharedArchive = sharedArchive;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext(PREFIX, this::handle);
    server.setExecutor(pool.httpExecutor());
    server.start();

    List<String> command = new ArrayList<>(ChildProcesses.ownSessionPrefix());
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add(RuntimeClasspath.MAIN_CLASS);
    command.add(spec.handler());

    ProcessBuilder pb = new ProcessBuilder(command).directory(taskRoot.toFile());
    pb.environment().clear();
    pb.environment().putAll(environment);
    pb.environment().put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
    synchronized (this) {
      if (stopping) {
        server.stop(0);
        state = State.DEAD;
        return false;
      }
      startNanos = System.nanoTime();
      try {
        process = pb.start();
      } catch (IOException e) {
        server.stop(0);
        throw e;
      }
    }
    pipe(process.getInputStream(), "stdout");
    pipe(process.getErrorStream(), "stderr");
    process.onExit().thenRun(this::onExit);
    return true;
  }

  private void pipe(InputStream in, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          pool.console().functionLine(spec.label(), line);
        }
      } catch (IOException closed) {
        // the process is gone
      }
    }, spec.label() + "-" + id + "-" + name);
    t.setDaemon(true);
    t.start();
  }

  // ---- Runtime API

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath().substring(PREFIX.length());
      String method = ex.getRequestMethod();
      if (path.equals("invocation/next") && method.equals("GET")) {
        next(ex);
      } else if (path.startsWith("invocation/") && path.endsWith("/response") && method.equals("POST")) {
        response(ex, path.substring("invocation/".length(), path.length() - "/response".length()));
      } else if (path.startsWith("invocation/") && path.endsWith("/error") && method.equals("POST")) {
        error(ex, path.substring("invocation/".length(), path.length() - "/error".length()));
      } else if (path.equals("init/error") && method.equals("POST")) {
        initError(ex);
      } else {
        send(ex, 404, "{\"errorMessage\":\"Unknown Runtime API path\",\"errorType\":\"InvalidRequest\"}");
      }
    } finally {
      ex.close();
    }
  }

  private void next(HttpExchange ex) throws IOException {
    if (initMillis == null) {
      initMillis = (System.nanoTime() - startNanos) / 1e6;
      if (mode == Mode.TRAINING) {
        // Init done: stop it normally (SIGTERM) so that the JVM writes the archive on its way out; the
        // request stays unanswered until then. It keeps its init slot until the archive is written.
        stopping = true;
        pool.trainingInitialized(this, initMillis);
      } else {
        releaseInitSlot();
        pool.initialized(this, initMillis, sharedArchiveMapped());
      }
    }
    current = null;
    state = State.AVAILABLE;
    availableSinceNanos = System.nanoTime();
    while (state != State.DEAD) {
      if (stopping) {
        // Hold the request open until the process has exited: dropping it would make the runtime client
        // print "Failed to get next invocation" while it is being stopped.
        if (!sleepQuietly(100)) {
          return;
        }
        continue;
      }
      Invocation inv;
      try {
        inv = pool.take(Duration.ofMillis(250));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (inv == null) {
        continue;
      }
      if (state == State.DEAD || stopping) {
        pool.requeue(inv);
        if (stopping) {
          continue;
        }
        return;
      }
      dispatch(ex, inv);
      return;
    }
    // Going away: no answer at all (an error answer would crash the client); the process is being stopped.
  }

  private void dispatch(HttpExchange ex, Invocation inv) throws IOException {
    state = State.BUSY;
    current = inv;
    inv.worker = this;
    inv.coldStart = !servedAny && mode == Mode.ON_DEMAND;
    servedAny = true;
    long timeoutMillis = spec.timeoutSeconds() * 1000L;
    inv.startNanos = System.nanoTime();
    inv.deadlineEpochMillis = System.currentTimeMillis() + timeoutMillis;
    pool.console().platformLine(spec.label(), "START RequestId: " + inv.requestId + " Version: $LATEST");
    ex.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", inv.requestId);
    ex.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(inv.deadlineEpochMillis));
    ex.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", inv.invokedArn);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    try {
      ex.sendResponseHeaders(200, inv.payload.length == 0 ? -1 : inv.payload.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(inv.payload);
      }
    } catch (IOException e) {
      // The process went away between `next` and our answer: the invocation was never seen; run it elsewhere.
      current = null;
      state = State.DEAD;
      pool.requeue(inv);
      throw e;
    }
    inv.watchdog = pool.scheduler().schedule(() -> timedOut(inv), timeoutMillis, TimeUnit.MILLISECONDS);
  }

  private void response(HttpExchange ex, String requestId) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    Invocation inv = current;
    if (inv == null || !inv.requestId.equals(requestId)) {
      send(ex, 400, "{\"errorMessage\":\"Unknown request id\",\"errorType\":\"InvalidRequestID\"}");
      return;
    }
    // Finish before answering: once the client has its 202 it asks for the next invocation, and that
    // must find this one finished (otherwise finishing it would clear the next one).
    finish(inv, Outcome.SUCCESS, body, null, null);
    send(ex, 202, "{\"status\":\"OK\"}");
  }

  private void error(HttpExchange ex, String requestId) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    Invocation inv = current;
    if (inv == null || !inv.requestId.equals(requestId)) {
      send(ex, 400, "{\"errorMessage\":\"Unknown request id\",\"errorType\":\"InvalidRequestID\"}");
      return;
    }
    String[] typeAndMessage = errorOf(body, ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"));
    finish(inv, Outcome.FUNCTION_ERROR, body, typeAndMessage[0], typeAndMessage[1]);
    send(ex, 202, "{\"status\":\"OK\"}");
  }

  private void initError(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String[] typeAndMessage = errorOf(body, ex.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"));
    // Before answering: the client exits right after, and the exit must find the reason.
    initError = typeAndMessage[0] + ": " + typeAndMessage[1];
    send(ex, 202, "{\"status\":\"OK\"}");
    pool.console().platformLine(spec.label(), "INIT_REPORT Init Duration: "
        + String.format(Locale.ROOT, "%.2f", (System.nanoTime() - startNanos) / 1e6) + " ms Phase: init Status: error "
        + "Error Type: " + typeAndMessage[0] + " Error: " + typeAndMessage[1]);
    // Lambda discards an environment whose init failed; the next invocation starts a new one.
    killedOnPurpose = true;
    state = State.DEAD;
    ChildProcesses.kill(process.toHandle());
    releaseInitSlot();
  }

  private static String[] errorOf(byte[] body, String headerType) {
    String type = headerType;
    String message = "";
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n != null) {
        type = n.path("errorType").asText(type);
        message = n.path("errorMessage").asText("");
      }
    } catch (IOException notJson) {
      message = new String(body, StandardCharsets.UTF_8);
    }
    return new String[] {type == null ? "Unhandled" : type, message};
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  // ---- endings

  private void timedOut(Invocation inv) {
    if (inv.isFinished()) {
      return;
    }
    killedOnPurpose = true;
    state = State.DEAD;
    ChildProcesses.kill(process.toHandle());
    String message = String.format(Locale.ROOT, "Task timed out after %.2f seconds", (double) spec.timeoutSeconds());
    pool.console().platformLine(spec.label(), inv.requestId + " " + message);
    finish(inv, Outcome.TIMEOUT, errorDocument("Sandbox.Timedout", message), "Sandbox.Timedout", message);
  }

  private void onExit() {
    State before = state;
    state = State.DEAD;
    server.stop(0);
    Invocation inv = current;
    int code = process.exitValue();
    if (mode == Mode.TRAINING) {
      pool.trainingExited(this, code, initError);
      releaseInitSlot();
      return;
    }
    releaseInitSlot();
    if (inv != null && !inv.isFinished()) {
      String message = "RequestId: " + inv.requestId + " Error: Runtime exited with error: exit status " + code;
      finish(inv, Outcome.CRASH, errorDocument("Runtime.ExitError", message), "Runtime.ExitError", message);
    }
    pool.workerExited(this, before, !servedAny && initMillis == null && !pool.isClosed(),
        initError != null ? initError : "Runtime.ExitError: Runtime exited with error: exit status " + code,
        killedOnPurpose);
  }

  private void finish(Invocation inv, Outcome outcome, byte[] payload, String errorType, String errorMessage) {
    if (!inv.claimFinish()) {
      return;
    }
    if (inv.watchdog != null) {
      inv.watchdog.cancel(false);
    }
    double duration = (System.nanoTime() - inv.startNanos) / 1e6;
    if (outcome == Outcome.TIMEOUT) {
      duration = spec.timeoutSeconds() * 1000.0;
    }
    if (current == inv) {
      current = null;
      if (state != State.DEAD) {
        state = State.AVAILABLE;
        availableSinceNanos = System.nanoTime();
      }
    }
    long maxMemoryMb = peakResidentMb();
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
            + "Memory Size: %d MB\tMax Memory Used: %d MB", inv.requestId, duration, (long) Math.ceil(duration),
        spec.memoryMb(), maxMemoryMb));
    if (inv.coldStart && initMillis != null) {
      report.append(String.format(Locale.ROOT, "\tInit Duration: %.2f ms", initMillis));
    }
    if (outcome == Outcome.TIMEOUT) {
      report.append("\tStatus: timeout");
    } else if (outcome == Outcome.CRASH) {
      report.append("\tStatus: error\tError Type: Runtime.ExitError");
    }
    pool.console().platformLine(spec.label(), "END RequestId: " + inv.requestId);
    pool.console().platformLine(spec.label(), report.toString());
    InvocationResult result = new InvocationResult(inv.requestId, outcome, payload, errorType, errorMessage, duration,
        inv.coldStart);
    pool.finished(this, result, maxMemoryMb);
    inv.future.complete(result);
  }

  static byte[] errorDocument(String type, String message) {
    return Json.MAPPER.createObjectNode().put("errorType", type).put("errorMessage", message).toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Peak resident memory of the process (VmHWM), what Lambda reports as Max Memory Used. */
  private long peakResidentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return Math.round(kb / 1024.0);
        }
      }
    } catch (IOException | RuntimeException gone) {
      // process already gone, or not Linux
    }
    return 0;
  }

  boolean idleLongerThan(Duration idle) {
    return mode == Mode.ON_DEMAND && state == State.AVAILABLE && current == null && System.nanoTime() - availableSinceNanos > idle.toNanos();
  }

  /**
   * Stops the process (SIGTERM, then SIGKILL after the grace period), and only then its Runtime API:
   * a blocked {@code next} stays unanswered until the process is gone.
   */
  void stop(Duration grace) {
    Process p;
    synchronized (this) {
      killedOnPurpose = true;
      stopping = true;
      p = process;
    }
    if (p != null) {
      ChildProcesses.stop(p.toHandle(), grace);
    }
    state = State.DEAD;
    if (server != null) {
      server.stop(0);
    }
    if (p == null) {
      releaseInitSlot();
    }
  }

  /**
   * Ends a training run normally: SIGTERM, which the JVM answers with an orderly exit that writes the
   * archive; SIGKILL only after {@code grace} (a JVM killed while writing leaves a partial file, which
   * is not installed).
   */
  void retire(Duration grace) {
    Process p;
    synchronized (this) {
      stopping = true;
      p = process;
    }
    if (p != null) {
      ChildProcesses.stop(p.toHandle(), grace);
    }
  }

  /** Whether the JVM mapped the archive it was given (it silently starts without one it refuses). */
  boolean sharedArchiveMapped() {
    Path a = sharedArchive;
    if (a == null || process == null) {
      return false;
    }
    try {
      String name = a.getFileName().toString();
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "maps"))) {
        if (line.endsWith(name)) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException notLinux) {
      return true; // cannot tell: assume it is used
    }
  }

  Path sharedArchive() {
    return sharedArchive;
  }

  /** False when interrupted. */
  private static boolean sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
