package dev.eventpipeline.local.lambda;

import dev.eventpipeline.local.lambda.InvocationResult.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The execution environments of one function: invocations queue here and up to {@code maxConcurrency}
 * JVM processes take them through their Runtime API. A process starts on demand (a cold start),
 * stays warm between invocations, is reaped after {@code idleTimeout}, and is killed and replaced
 * when an invocation overruns the function's timeout or the runtime dies.
 */
public final class FunctionPool implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(3);

  private final FunctionSpec spec;
  private final Map<String, String> environment;
  private final List<String> javaOptions;
  /** The function's code (its unpacked deployment package), then the runtime interface client's jars. */
  private final List<String> classpath;
  private final Path taskRoot;
  private final int maxConcurrency;
  private final Duration idleTimeout;
  private final FunctionConsole console;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService httpExecutor;
  private final FunctionStats stats;

  private final LinkedBlockingDeque<Invocation> queue = new LinkedBlockingDeque<>();
  private final List<FunctionWorker> workers = new CopyOnWriteArrayList<>();
  private final AtomicInteger workerIds = new AtomicInteger();
  private final CompletableFuture<String> firstInit = new CompletableFuture<>();
  private volatile boolean closed;
  private volatile long respawnNotBeforeNanos;

  /**
   * @param environment the process environment (template variables plus Lambda's reserved ones)
   * @param runtimeClasspath the runtime interface client's jars
   * @param extraJvmOptions further JVM options (the client's unpacked JNI library)
   * @param taskRoot the working directory of the processes, where the deployment package is unpacked
   * @throws UncheckedIOException when the function's deployment package cannot be installed (Lambda would
   *     refuse it: not a zip, or over its unzipped size limit)
   */
  public FunctionPool(FunctionSpec spec, Map<String, String> environment, List<String> runtimeClasspath,
      List<String> extraJvmOptions, Path taskRoot, int maxConcurrency, Duration idleTimeout, FunctionConsole console,
      ScheduledExecutorService scheduler, ExecutorService httpExecutor) {
    this.spec = spec;
    this.environment = Map.copyOf(environment);
    this.taskRoot = taskRoot;
    List<String> cp;
    try {
      cp = new ArrayList<>(DeploymentPackage.install(spec.asset(), taskRoot));
    } catch (IOException e) {
      throw new UncheckedIOException(spec.name() + ": cannot install its deployment package: " + e.getMessage(), e);
    }
    cp.addAll(runtimeClasspath);
    this.classpath = List.copyOf(cp);
    this.maxConcurrency = Math.max(1, maxConcurrency);
    this.idleTimeout = idleTimeout;
    this.console = console;
    this.scheduler = scheduler;
    this.httpExecutor = httpExecutor;
    this.stats = new FunctionStats(spec.name());
    List<String> options = new ArrayList<>(javaOptions(spec.memoryMb()));
    options.addAll(extraJvmOptions);
    this.javaOptions = List.copyOf(options);
    scheduler.scheduleWithFixedDelay(this::reapIdle, 5, 5, TimeUnit.SECONDS);
  }

  /** The JVM flags Lambda's Java runtime uses, with the heap derived from the memory size. */
  static List<String> javaOptions(int memoryMb) {
    long heapMb = Math.max(16, memoryMb * 85L / 100);
    return List.of("-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-Xshare:auto", "-Djava.net.preferIPv4Stack=true");
  }

  public FunctionSpec spec() {
    return spec;
  }

  public FunctionStats stats() {
    return stats;
  }

  public int maxConcurrency() {
    return maxConcurrency;
  }

  FunctionConsole console() {
    return console;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  ExecutorService httpExecutor() {
    return httpExecutor;
  }

  boolean isClosed() {
    return closed;
  }

  /** Invokes the function with its own ARN as the invoked ARN. */
  public CompletableFuture<InvocationResult> invoke(byte[] payload) {
    return invoke(payload, spec.arn());
  }

  /** Queues an invocation; the future completes when a process answered, failed, timed out or died. */
  public CompletableFuture<InvocationResult> invoke(byte[] payload, String invokedArn) {
    Invocation inv = new Invocation(payload, invokedArn == null ? spec.arn() : invokedArn);
    if (closed) {
      inv.future.complete(new InvocationResult(inv.requestId, Outcome.CRASH,
          FunctionWorker.errorDocument("Local.Stopping", "The local cloud is stopping"), "Local.Stopping",
          "The local cloud is stopping", 0, false));
      return inv.future;
    }
    queue.offerLast(inv);
    ensureCapacity();
    return inv.future;
  }

  /** Starts one process now, so that init errors show at startup and the first invocation finds it warm. */
  public void prewarm() {
    synchronized (this) {
      if (workers.isEmpty()) {
        spawn();
      }
    }
  }

  /** Completes with null when a process finished its init, or with the init error. */
  public CompletableFuture<String> firstInit() {
    return firstInit;
  }

  Invocation take(Duration wait) throws InterruptedException {
    return queue.pollFirst(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  void requeue(Invocation inv) {
    queue.offerFirst(inv);
    ensureCapacity();
  }

  void initialized(FunctionWorker worker, double initMillis) {
    stats.coldStart(initMillis);
    firstInit.complete(null);
  }

  void finished(FunctionWorker worker, InvocationResult result, long maxMemoryMb) {
    stats.record(result, maxMemoryMb);
  }

  void workerExited(FunctionWorker worker, FunctionWorker.State before, boolean diedInInit, String error,
      boolean killedOnPurpose) {
    workers.remove(worker);
    if (closed) {
      return;
    }
    if (diedInInit) {
      firstInit.complete(error);
      console.platformLine(spec.label(), "INIT failed: " + error);
      stats.initFailure(error);
      // Lambda fails the invocation that paid for the failed init; the next one tries a fresh environment.
      Invocation inv = queue.pollFirst();
      if (inv != null && inv.claimFinish()) {
        String[] parts = error.split(": ", 2);
        InvocationResult r = new InvocationResult(inv.requestId, Outcome.CRASH,
            FunctionWorker.errorDocument(parts[0], parts.length > 1 ? parts[1] : error), parts[0],
            parts.length > 1 ? parts[1] : error, 0, true);
        stats.record(r, 0);
        inv.future.complete(r);
      }
      respawnNotBeforeNanos = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      scheduler.schedule(this::ensureCapacity, 1, TimeUnit.SECONDS);
    } else if (!killedOnPurpose) {
      console.platformLine(spec.label(), "runtime process " + worker.pid() + " exited; the next invocation starts a new one");
    }
    ensureCapacity();
  }

  /** Starts processes while queued invocations outnumber the processes that can take them. */
  private synchronized void ensureCapacity() {
    if (closed || System.nanoTime() < respawnNotBeforeNanos) {
      return;
    }
    long ready = workers.stream().filter(w -> w.state == FunctionWorker.State.STARTING
        || w.state == FunctionWorker.State.AVAILABLE).count();
    int demand = queue.size();
    while (demand > ready && workers.size() < maxConcurrency) {
      if (spawn() == null) {
        return;
      }
      ready++;
    }
  }

  private FunctionWorker spawn() {
    FunctionWorker w = new FunctionWorker(this, workerIds.incrementAndGet());
    try {
      Files.createDirectories(taskRoot);
      workers.add(w);
      w.start(environment, javaOptions, classpath, taskRoot);
      return w;
    } catch (IOException e) {
      workers.remove(w);
      console.platformLine(spec.label(), "cannot start a runtime process: " + e.getMessage());
      firstInit.complete("cannot start a runtime process: " + e.getMessage());
      return null;
    }
  }

  private void reapIdle() {
    if (closed) {
      return;
    }
    for (FunctionWorker w : workers) {
      if (w.idleLongerThan(idleTimeout)) {
        console.platformLine(spec.label(), "runtime process " + w.pid() + " idle for " + idleTimeout.toSeconds()
            + " s: stopped (the next invocation is a cold start)");
        workers.remove(w);
        w.stop(STOP_GRACE);
      }
    }
  }

  /** Invocations queued or running. */
  public int inFlight() {
    return queue.size() + (int) workers.stream().filter(w -> w.current != null).count();
  }

  /** Process ids of the running environments (for tests and the no-orphans check). */
  public List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    workers.forEach(w -> pids.add(w.pid()));
    return pids;
  }

  /** Waits up to {@code timeout} for queued and running invocations to finish. */
  public void drain(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops every process; invocations still queued fail. */
  @Override
  public void close() {
    closed = true;
    for (FunctionWorker w : workers) {
      w.stop(STOP_GRACE);
    }
    workers.clear();
    Invocation inv;
    while ((inv = queue.pollFirst()) != null) {
      if (inv.claimFinish()) {
        inv.future.complete(new InvocationResult(inv.requestId, Outcome.CRASH,
            FunctionWorker.errorDocument("Local.Stopping", "The local cloud is stopping"), "Local.Stopping",
            "The local cloud is stopping", 0, false));
      }
    }
    firstInit.complete("stopped");
  }

  /** A payload as UTF-8 bytes. */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
