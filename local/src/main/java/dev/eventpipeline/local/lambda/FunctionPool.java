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
import java.util.Locale;
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
  /** How long a training run may take to write its archive after SIGTERM before it is killed. */
  private static final Duration TRAINING_EXIT_GRACE = Duration.ofSeconds(60);

  /**
   * How this pool's processes start, shared by every function of a local cloud.
   *
   * @param initGate how many JVMs of the whole cloud may be in their init at once
   * @param classDataDir where the functions' class-data archives live, or null for none
   */
  public record ColdStarts(InitGate initGate, Path classDataDir) {
    /** Every process starts at once, no class-data archive (as before there was a choice). */
    public static final ColdStarts UNMANAGED = new ColdStarts(InitGate.unlimited(), null);
  }

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
  private final InitGate initGate;
  /** The function's class-data archive, or null when this function runs without one (and why). */
  private final ClassDataArchive classData;
  private final String noClassDataReason;
  private volatile FunctionWorker trainingWorker;
  private volatile CompletableFuture<Void> training;
  private volatile boolean trainingFailed;

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
    this(spec, environment, runtimeClasspath, extraJvmOptions, taskRoot, maxConcurrency, idleTimeout, console,
        scheduler, httpExecutor, ColdStarts.UNMANAGED);
  }

  /**
   * @param coldStarts the cloud's init gate and class-data directory
   */
  public FunctionPool(FunctionSpec spec, Map<String, String> environment, List<String> runtimeClasspath,
      List<String> extraJvmOptions, Path taskRoot, int maxConcurrency, Duration idleTimeout, FunctionConsole console,
      ScheduledExecutorService scheduler, ExecutorService httpExecutor, ColdStarts coldStarts) {
    this.spec = spec;
    this.environment = Map.copyOf(environment);
    this.taskRoot = taskRoot;
    this.initGate = coldStarts.initGate();
    List<String> options = new ArrayList<>(javaOptions(spec.memoryMb(), environment.get("JAVA_TOOL_OPTIONS")));
    options.addAll(extraJvmOptions);
    this.javaOptions = List.copyOf(options);
    List<String> packageCp;
    java.util.Optional<List<String>> sharingCp;
    try {
      packageCp = DeploymentPackage.install(spec.asset(), taskRoot);
      sharingCp = DeploymentPackage.sharingOrder(taskRoot, packageCp, runtimeClasspath);
    } catch (IOException e) {
      throw new UncheckedIOException(spec.name() + ": cannot install its deployment package: " + e.getMessage(), e);
    }
    String toolOptions = environment.getOrDefault("JAVA_TOOL_OPTIONS", "");
    if (coldStarts.classDataDir() == null) {
      noClassDataReason = "off";
    } else if (sharingCp.isEmpty()) {
      noClassDataReason = "off: the code is not all in lib/*.jar (the JVM archives classes from jars only)";
    } else if (toolOptions.contains("SharedArchiveFile") || toolOptions.contains("ArchiveClassesAtExit")
        || toolOptions.contains("-Xshare")) {
      noClassDataReason = "off: JAVA_TOOL_OPTIONS chooses its own";
    } else {
      noClassDataReason = null;
    }
    List<String> cp;
    if (noClassDataReason == null) {
      cp = sharingCp.get();
      try {
        Files.createDirectories(coldStarts.classDataDir());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create " + coldStarts.classDataDir(), e);
      }
      classData = ClassDataArchive.of(coldStarts.classDataDir(), spec.name(), cp, javaOptions);
    } else {
      cp = new ArrayList<>(packageCp);
      cp.addAll(runtimeClasspath);
      classData = null;
    }
    this.classpath = List.copyOf(cp);
    this.maxConcurrency = Math.max(1, maxConcurrency);
    this.idleTimeout = idleTimeout;
    this.console = console;
    this.scheduler = scheduler;
    this.httpExecutor = httpExecutor;
    this.stats = new FunctionStats(spec.name());
    scheduler.scheduleWithFixedDelay(this::reapIdle, 5, 5, TimeUnit.SECONDS);
  }

  /** The JVM flags Lambda's Java runtime uses, with the heap derived from the memory size. */
  static List<String> javaOptions(int memoryMb) {
    return javaOptions(memoryMb, null);
  }

  /**
   * The JVM flags Lambda's Java runtime uses, with the heap derived from the memory size. Like Lambda's
   * java17 and java21 runtimes, tiered compilation stops at C1 (level 1) unless the function's
   * JAVA_TOOL_OPTIONS (which its JVM reads) mentions tiered compilation: on this 2-core machine it
   * takes 30-45 % off an init (C2's compiler threads compete with the init for the cores), and costs
   * long invocations their C2 speed, as on Lambda.
   */
  static List<String> javaOptions(int memoryMb, String javaToolOptions) {
    long heapMb = Math.max(16, memoryMb * 85L / 100);
    List<String> o = new ArrayList<>(List.of("-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-Xshare:auto",
        "-Djava.net.preferIPv4Stack=true"));
    if (javaToolOptions == null || !javaToolOptions.contains("Tiered")) {
      o.add("-XX:+TieredCompilation");
      o.add("-XX:TieredStopAtLevel=1");
    }
    return List.copyOf(o);
  }

  InitGate initGate() {
    return initGate;
  }

  /** The class-data archive this function's processes would map, or null when it runs without one. */
  public Path classDataArchive() {
    return classData == null ? null : classData.path();
  }

  /** Whether a valid class-data archive is there for the next process to map. */
  public boolean hasClassData() {
    return classData != null && classData.valid().isPresent();
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
        spawn(FunctionWorker.Mode.ON_DEMAND);
      }
    }
  }

  /**
   * Starts one environment the way provisioned concurrency does: before any invocation, initialized
   * with AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency, never reaped when idle, and its
   * invocations are not cold starts (their REPORT has no Init Duration; the init is reported by an
   * INIT_REPORT line when it happens). The class-data archive is made first when there is none.
   *
   * @return completes with the init duration in ms, or exceptionally with the init error
   */
  public CompletableFuture<Double> warm() {
    CompletableFuture<Double> done = new CompletableFuture<>();
    ensureClassData().whenComplete((v, e) -> {
      if (spawn(FunctionWorker.Mode.PROVISIONED, done) == null) {
        done.completeExceptionally(new IllegalStateException(spec.name() + ": the local cloud is stopping"));
      }
    });
    return done;
  }

  private final Map<FunctionWorker, CompletableFuture<Double>> provisionedInit =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Makes the function's class-data archive when it has none: a training run inits the function in a JVM
   * started with {@code -XX:ArchiveClassesAtExit}, is stopped normally once its runtime asks for the first
   * invocation (no invocation runs in it), and the archive it writes on exit is checked and installed.
   * It takes an init slot like any start, and holds it until the archive is written. At most one run at a
   * time per function; a function whose training init failed is not trained again while the cloud runs.
   *
   * @return completes when the archive is there, or when making it failed or is not possible
   */
  public synchronized CompletableFuture<Void> ensureClassData() {
    if (classData == null || closed || trainingFailed || classData.valid().isPresent()) {
      return CompletableFuture.completedFuture(null);
    }
    if (training != null && !training.isDone()) {
      return training;
    }
    CompletableFuture<Void> t = new CompletableFuture<>();
    training = t;
    FunctionWorker w = new FunctionWorker(this, workerIds.incrementAndGet(), FunctionWorker.Mode.TRAINING);
    trainingWorker = w;
    httpExecutor.execute(() -> launch(w));
    return t;
  }

  void trainingInitialized(FunctionWorker worker, double initMillis) {
    console.platformLine(spec.label(), String.format(Locale.ROOT, "INIT_REPORT Init Duration: %.2f ms Phase: init "
        + "Status: success (class-data training run, no archive yet: writing %s)", initMillis,
        classData.path().getFileName()));
    trainingStartedExit.put(worker, System.nanoTime());
    httpExecutor.execute(() -> worker.retire(TRAINING_EXIT_GRACE)); // blocks while the archive is written
  }

  private final Map<FunctionWorker, Long> trainingStartedExit = new java.util.concurrent.ConcurrentHashMap<>();

  void trainingExited(FunctionWorker worker, int exitCode, String initError) {
    Long exitStart = trainingStartedExit.remove(worker);
    Path written = trainingFiles.remove(worker);
    CompletableFuture<Void> t = training;
    if (worker.initMillis() == null) {
      trainingFailed = true;
      String error = initError != null ? initError : "Runtime.ExitError: Runtime exited with error: exit status "
          + exitCode;
      if (!closed) {
        console.platformLine(spec.label(), "INIT failed (class-data training run): " + error
            + "; every invocation retries a fresh init, as Lambda does");
        stats.initFailure(error);
      }
      deleteQuietly(written);
    } else {
      long size = written == null ? -1 : classData.install(written);
      if (size > 0) {
        console.platformLine(spec.label(), String.format(Locale.ROOT, "class data: archived %s (%.1f MB, written in "
            + "%.2f s); processes started from now on map it", classData.path().getFileName(), size / 1e6,
            exitStart == null ? 0 : (System.nanoTime() - exitStart) / 1e9));
      } else if (!closed) {
        console.platformLine(spec.label(), "class data: the training run wrote no archive (exit status " + exitCode
            + "); processes start without one");
        trainingFailed = true;
      }
    }
    if (trainingWorker == worker) {
      trainingWorker = null;
    }
    if (t != null) {
      t.complete(null);
    }
    ensureCapacity();
  }

  private final Map<FunctionWorker, Path> trainingFiles = new java.util.concurrent.ConcurrentHashMap<>();

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignore) {
        // best effort
      }
    }
  }

  /**
   * Starts a worker's process once it holds an init slot: a training run writes the archive, any other
   * maps it when a valid one is there (checked now, so a process that waited behind a training run
   * gets its archive).
   */
  private void launch(FunctionWorker w) {
    long queued = System.nanoTime();
    try {
      initGate.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.remove(w);
      return;
    }
    w.holdInitSlot();
    long waitedMillis = (System.nanoTime() - queued) / 1_000_000;
    if (closed || w.isStopping()) {
      w.releaseInitSlot();
      workers.remove(w);
      if (w.mode() == FunctionWorker.Mode.TRAINING && training != null) {
        training.complete(null);
      }
      return;
    }
    List<String> options = new ArrayList<>(javaOptions);
    Path archive = null;
    String classDataNote;
    if (w.mode() == FunctionWorker.Mode.TRAINING) {
      Path file = classData.trainingFile();
      trainingFiles.put(w, file);
      options.add("-XX:ArchiveClassesAtExit=" + file);
      options.add("-Xlog:cds=off");
      options.add("-Xlog:cds+dynamic=off");
      classDataNote = "writing an archive at exit (training run)";
    } else if (classData == null) {
      classDataNote = noClassDataReason;
    } else {
      archive = classData.valid().orElse(null);
      if (archive != null) {
        options.add("-XX:SharedArchiveFile=" + archive);
        options.add("-Xlog:cds=off");
        options.add("-Xlog:cds+dynamic=off");
        classDataNote = "archive " + archive.getFileName();
      } else {
        classDataNote = "no archive yet";
      }
    }
    Map<String, String> env = environment;
    if (w.mode() == FunctionWorker.Mode.PROVISIONED) {
      env = new java.util.HashMap<>(environment);
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency");
    }
    console.platformLine(spec.label(), "INIT_START Runtime Version: java:" + Runtime.version().feature() + " (local, "
        + System.getProperty("java.vm.version") + ")" + (w.mode() == FunctionWorker.Mode.PROVISIONED
        ? " provisioned concurrency" : "") + " Class data sharing: " + classDataNote
        + (waitedMillis >= 100 ? " (waited " + waitedMillis + " ms for an init slot)" : ""));
    try {
      Files.createDirectories(taskRoot);
      if (!w.start(env, options, classpath, taskRoot, archive)) {
        w.releaseInitSlot();
        workers.remove(w);
      }
    } catch (IOException e) {
      w.releaseInitSlot();
      workers.remove(w);
      console.platformLine(spec.label(), "cannot start a runtime process: " + e.getMessage());
      firstInit.complete("cannot start a runtime process: " + e.getMessage());
      if (w.mode() == FunctionWorker.Mode.TRAINING) {
        trainingFailed = true;
        if (training != null) {
          training.complete(null);
        }
      }
      CompletableFuture<Double> p = provisionedInit.remove(w);
      if (p != null) {
        p.completeExceptionally(e);
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

  void initialized(FunctionWorker worker, double initMillis, boolean archiveMapped) {
    if (worker.mode() == FunctionWorker.Mode.PROVISIONED) {
      stats.provisioned(initMillis);
      console.platformLine(spec.label(), String.format(Locale.ROOT, "INIT_REPORT Init Duration: %.2f ms Phase: init "
          + "Status: success (provisioned concurrency: 1 environment started by up --warm)", initMillis));
      CompletableFuture<Double> p = provisionedInit.remove(worker);
      if (p != null) {
        p.complete(initMillis);
      }
    } else {
      stats.coldStart(initMillis);
    }
    firstInit.complete(null);
    if (worker.sharedArchive() != null && !archiveMapped && classData != null) {
      // The JVM refused it (it starts without one then): make it again.
      console.platformLine(spec.label(), "class data: the JVM did not map " + worker.sharedArchive().getFileName()
          + "; deleted, a training run makes it again");
      classData.discard();
      ensureClassData();
    }
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
    CompletableFuture<Double> provisioned = provisionedInit.remove(worker);
    if (provisioned != null) {
      provisioned.completeExceptionally(new IllegalStateException(error));
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
      if (spawn(FunctionWorker.Mode.ON_DEMAND) == null) {
        return;
      }
      ready++;
    }
  }

  /** A new worker, counted at once (STARTING); its process starts when it gets an init slot. */
  private FunctionWorker spawn(FunctionWorker.Mode mode) {
    return spawn(mode, null);
  }

  private synchronized FunctionWorker spawn(FunctionWorker.Mode mode, CompletableFuture<Double> onInit) {
    if (closed) {
      return null;
    }
    FunctionWorker w = new FunctionWorker(this, workerIds.incrementAndGet(), mode);
    if (onInit != null) {
      provisionedInit.put(w, onInit);
    }
    workers.add(w);
    httpExecutor.execute(() -> launch(w));
    return w;
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
    FunctionWorker trainee = trainingWorker;
    if (trainee != null) {
      // Let it finish writing when it is at it (bounded), otherwise stop it like the others.
      trainee.stop(trainingStartedExit.containsKey(trainee) ? TRAINING_EXIT_GRACE : STOP_GRACE);
    }
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
