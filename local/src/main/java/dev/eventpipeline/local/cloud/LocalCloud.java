package dev.eventpipeline.local.cloud;

import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.container.ServiceSpec;
import dev.eventpipeline.local.container.ServiceTasks;
import dev.eventpipeline.local.backend.Backend;
import dev.eventpipeline.local.backend.ExternalBackend;
import dev.eventpipeline.local.backend.LocalStackBackend;
import dev.eventpipeline.local.backend.MotoBackend;
import dev.eventpipeline.local.esm.AlarmStateBridge;
import dev.eventpipeline.local.esm.FailureDestination;
import dev.eventpipeline.local.esm.FunctionUrlServer;
import dev.eventpipeline.local.esm.KinesisMapping;
import dev.eventpipeline.local.esm.MappingSpec;
import dev.eventpipeline.local.esm.SqsMapping;
import dev.eventpipeline.local.esm.TriggerSpec;
import dev.eventpipeline.local.esm.UrlSpec;
import dev.eventpipeline.local.iam.LocalIamKeys;
import dev.eventpipeline.local.iam.SigV4Verifier;
import dev.eventpipeline.local.lambda.FunctionConsole;
import dev.eventpipeline.local.lambda.FunctionPool;
import dev.eventpipeline.local.lambda.FunctionSpec;
import dev.eventpipeline.local.lambda.InitGate;
import dev.eventpipeline.local.lambda.InvocationResult;
import dev.eventpipeline.local.lambda.LambdaEnvironment;
import dev.eventpipeline.local.lambda.PrettyConsole;
import dev.eventpipeline.local.lambda.RuntimeClasspath;
import dev.eventpipeline.local.provision.ProvisionedStack;
import dev.eventpipeline.local.provision.ProvisionedStack.LocalResource;
import dev.eventpipeline.local.provision.Provisioner;
import dev.eventpipeline.local.template.CfnTemplate;
import dev.eventpipeline.local.template.TemplateSource;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local cloud: runs the synthesized stack on this machine. Starts (or connects to) the backend,
 * provisions the template's resources into it, runs every function in its own JVM processes behind
 * a local Lambda Runtime API, polls its event sources with Lambda's semantics, serves its function
 * URLs, publishes the stack outputs in {@code .pipeline/outputs.json}, and on close stops it all in
 * order: pollers, in-flight invocations (bounded), function processes, backend.
 */
public final class LocalCloud implements AutoCloseable {
  private final LocalCloudOptions options;
  private final PrintStream out;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, daemon("local-cloud"));
  private final ExecutorService httpExecutor = Executors.newCachedThreadPool(daemon("runtime-api"));
  private final Map<String, FunctionPool> pools = new LinkedHashMap<>();
  private final List<KinesisMapping> kinesisMappings = new ArrayList<>();
  private final List<SqsMapping> sqsMappings = new ArrayList<>();
  private final List<FunctionUrlServer> urlServers = new ArrayList<>();
  /** The function URLs' servers, bound when their ports were chosen at provisioning, until they are started. */
  private final Map<Integer, HttpServer> boundUrlPorts = new ConcurrentHashMap<>();
  private final List<ServiceTasks> services = new ArrayList<>();
  private AlarmStateBridge alarmBridge;
  private final List<AutoCloseable> clients = new ArrayList<>();
  private final Instant started = Instant.now();
  private Backend backend;
  private LocalAws aws;
  private ProvisionedStack stack;
  private Path templateFile;
  private Map<String, String> outputs = Map.of();
  private volatile boolean ready;
  private InitGate initGate;
  /** When each start-up phase ended, in order, for the `Started in` line. */
  private final Map<String, Long> phases = new LinkedHashMap<>();
  private long phaseStart = System.nanoTime();
  private Thread trainer;

  private void phase(String name) {
    long now = System.nanoTime();
    phases.put(name, (now - phaseStart) / 1_000_000);
    phaseStart = now;
  }

  public LocalCloud(LocalCloudOptions options) {
    this.options = options;
    this.out = options.out();
  }

  /** Starts everything and returns when the stack is ready; on failure, stops what was started and rethrows. */
  public LocalCloud start() {
    try {
      doStart();
      return this;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  private void doStart() {
    templateFile = options.template() != null ? options.template()
        : TemplateSource.resolve(options.home(), msg -> out.println(msg));
    CfnTemplate template = CfnTemplate.read(templateFile);
    Provisioner.validate(template);
    phase("template");

    backend = startBackend();
    phase("backend");
    out.println("Backend: " + backend.endpoint() + "  " + backend.description());
    aws = new LocalAws(backend.endpoint(), "us-east-1");

    List<String> provisionLog = new ArrayList<>();
    AtomicInteger nextUrlPort = new AtomicInteger(backend.endpoint().getPort() + 1);
    try {
      stack = new Provisioner(template, aws, TemplateSource.STACK, () -> bindUrlPort(nextUrlPort), provisionLog).provision();
    } finally {
      provisionLog.forEach(out::println);
    }

    phase("provisioning");
    options.hook().afterProvision(stack, aws, out::println);
    phase("reference data");
    startFunctions();
    phase(options.warm() ? "functions (warm)" : "functions");
    startEventSources();
    phase("event sources");
    startServices();
    phase(services.isEmpty() ? "services (none)" : "services");
    awaitReady();
    phase("shard leases");
    outputs = outputsWithEndpoint();
    StateFiles.write(options.stateDir().resolve("outputs.json"), Json.MAPPER.valueToTree(outputs));
    writeStatus();
    scheduler.scheduleWithFixedDelay(this::writeStatusQuietly, 2, 2, TimeUnit.SECONDS);
    out.print(new StackSummary(stack, pools, urlServers, options, backend.endpoint(), aws.region(), templateFile,
        this::pollers).render());
    ready = true;
    StringBuilder where = new StringBuilder();
    phases.forEach((name, millis) -> where.append(where.length() == 0 ? "" : ", ").append(name).append(' ')
        .append(String.format(Locale.ROOT, "%.1f s", millis / 1000.0)));
    out.println("Started: " + where + " (this JVM up " + String.format(Locale.ROOT, "%.1f s",
        java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0) + ")");
    out.printf(Locale.ROOT, "Local cloud ready in %.1f s (Ctrl-C to stop)%n",
        Duration.between(started, Instant.now()).toMillis() / 1000.0);
    out.flush();
    trainInBackground();
    runTriggers();
  }

  /**
   * The template's CDK Triggers, as a deployment runs them once everything else exists: each function is
   * invoked once, in the background (the cloud is ready meanwhile), and its result printed; a failure is
   * what would fail the deployment on AWS.
   */
  private void runTriggers() {
    if (!options.runTriggers() || stack.triggers().isEmpty()) {
      return;
    }
    for (TriggerSpec t : stack.triggers()) {
      FunctionPool pool = pools.get(t.functionLogicalId());
      out.println("[trigger] " + t.logicalId() + ": invoking " + pool.spec().name() + " (as a deployment would)");
      long start = System.nanoTime();
      CompletableFuture<InvocationResult> run = pool.invoke("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          t.handlerArn()).orTimeout(t.timeoutMillis(), TimeUnit.MILLISECONDS);
      triggerResults.put(t.logicalId(), run);
      run.whenComplete((result, error) -> {
        String took = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
        synchronized (out) {
          if (error == null && result.succeeded()) {
            out.println("[trigger] " + t.logicalId() + " PASSED in " + took + ": " + result.payloadText());
          } else {
            out.println("[trigger] " + t.logicalId() + " FAILED in " + took + " (on AWS the deployment would fail and"
                + " roll back): " + (error != null ? error.toString() : result.describeError()));
          }
          out.flush();
        }
      });
    }
  }

  private final Map<String, CompletableFuture<InvocationResult>> triggerResults = new ConcurrentHashMap<>();

  /** The CDK Triggers' invocations by logical id (started once ready when {@code runTriggers}). */
  public Map<String, CompletableFuture<InvocationResult>> triggerResults() {
    return java.util.Collections.unmodifiableMap(triggerResults);
  }

  private Backend startBackend() {
    if (options.endpoint() != null) {
      return ExternalBackend.connect(options.endpoint());
    }
    if (options.localstack()) {
      return LocalStackBackend.start();
    }
    return MotoBackend.start(options.port(), options.stateDir().resolve("moto.log"), Duration.ofSeconds(60));
  }

  /**
   * Chooses a function URL's port and binds it at once (the server is handed over when the URL is served):
   * a port only checked free here could be taken, before it is bound, by an outgoing connection's local
   * port when it lies in the ephemeral range (as a random backend port's neighbours do).
   */
  private int bindUrlPort(AtomicInteger next) {
    // Predictable ports next to the backend's (4567, 4568, ...) when free, else any free port.
    for (int i = 0; i < 20; i++) {
      int candidate = next.getAndIncrement();
      if (candidate > 1024 && candidate < 65536) {
        try {
          return keepBound(FunctionUrlServer.bind(candidate));
        } catch (IOException taken) {
          // next candidate
        }
      }
    }
    try {
      return keepBound(FunctionUrlServer.bind(0));
    } catch (IOException e) {
      throw new IllegalStateException("No free port for a function URL", e);
    }
  }

  private int keepBound(HttpServer server) {
    int port = server.getAddress().getPort();
    boundUrlPorts.put(port, server);
    return port;
  }

  // ---- functions

  /**
   * Sets up every function's pool (its package unpacked, or found unpacked from the last run). No process
   * starts here unless {@code warm}: functions start on demand, as on Lambda, at most
   * {@link LocalCloudOptions#initSlots()} inits at a time. A function without a class-data archive gets one
   * made by a training run: in the background (serially, one function after the other) without
   * {@code warm}; with {@code warm}, before its provisioned environment starts, and one function after
   * the other.
   */
  private void startFunctions() {
    List<String> runtimeClasspath = RuntimeClasspath.find();
    List<String> jvmOptions = List.of(RuntimeClasspath.jniOption(options.stateDir().resolve("runtime")));
    int width = stack.functions().stream().mapToInt(f -> f.label().length()).max().orElse(10);
    FunctionConsole console = new PrettyConsole(out, options.pretty(), width);
    Map<String, Integer> concurrency = concurrencyPerFunction();
    initGate = InitGate.of(options.initSlots() > 0 ? options.initSlots() : InitGate.defaultSlots());
    FunctionPool.ColdStarts coldStarts = new FunctionPool.ColdStarts(initGate,
        options.classData() ? options.stateDir().resolve("cds") : null);
    List<FunctionSpec> specs = stack.functions();
    List<CompletableFuture<FunctionPool>> setUp = new ArrayList<>();
    for (FunctionSpec f : specs) {
      Path taskRoot = options.stateDir().resolve("functions").resolve(f.name());
      Map<String, String> env = LambdaEnvironment.of(f, aws.clientEnvironment(), taskRoot,
          options.hook().environmentOverrides(f));
      // Unpacking (when the package changed) and hashing it run in parallel; two functions sharing an
      // asset have task roots of their own.
      setUp.add(CompletableFuture.supplyAsync(() -> new FunctionPool(f, env, runtimeClasspath, jvmOptions, taskRoot,
          concurrency.get(f.logicalId()), options.idleTimeout(), console, scheduler, httpExecutor, coldStarts),
          httpExecutor));
    }
    for (int i = 0; i < specs.size(); i++) {
      try {
        pools.put(specs.get(i).logicalId(), setUp.get(i).join());
      } catch (java.util.concurrent.CompletionException e) {
        setUp.forEach(f -> f.thenAccept(FunctionPool::close));
        pools.values().forEach(FunctionPool::close);
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    out.println("Functions: start on demand, at most " + initGate.slots() + " init(s) at a time; class data sharing "
        + (options.classData() ? "on (" + pools.values().stream().filter(FunctionPool::hasClassData).count() + " of "
        + pools.size() + " archives there; missing ones are made by a training run)" : "off")
        + (options.warm() ? "; --warm: one provisioned environment per function now, one after the other" : ""));
    if (options.warm()) {
      warmUp();
    }
  }

  /**
   * Without --warm: the training runs of the functions without an archive, one after the other in the
   * background, from when the cloud is ready (before, they would slow down the start-up they do not
   * belong to; a cold start meanwhile starts without an archive, or waits behind the training run of
   * its own function and gets the archive).
   */
  private void trainInBackground() {
    if (options.warm() || pools.values().stream().allMatch(p -> p.classDataArchive() == null || p.hasClassData())) {
      return;
    }
    trainer = new Thread(() -> {
      for (FunctionPool p : pools.values()) {
        if (closed.get()) {
          return;
        }
        p.ensureClassData().join();
      }
    }, "class-data-training");
    trainer.setDaemon(true);
    trainer.start();
  }

  /** up --warm: per function, in template order, its archive (when missing) and then one provisioned environment. */
  private void warmUp() {
    long deadline = System.nanoTime() + options.readyTimeout().toNanos();
    for (FunctionPool p : pools.values()) {
      try {
        p.warm().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        warmErrors.add(p.spec().name() + ": " + e.getCause().getMessage());
      } catch (java.util.concurrent.TimeoutException e) {
        warmErrors.add(p.spec().name() + ": not initialized within " + options.readyTimeout().toSeconds() + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while starting", e);
      }
    }
  }

  private final List<String> warmErrors = new ArrayList<>();

  /** Up to one process per shard or SQS poller, two per function URL; never above reserved concurrency. */
  private Map<String, Integer> concurrencyPerFunction() {
    Map<String, Integer> n = new LinkedHashMap<>();
    try (KinesisClient kinesis = aws.kinesis()) {
      for (MappingSpec m : stack.mappings()) {
        int c = m.sourceKind() == MappingSpec.Kind.KINESIS
            ? kinesis.listShards(b -> b.streamName(m.sourceName())).shards().size()
            : pollers(m);
        n.merge(m.functionLogicalId(), Math.max(1, c), Integer::sum);
      }
    }
    for (UrlSpec u : stack.urls()) {
      n.merge(u.functionLogicalId(), 2, Integer::sum);
    }
    for (FunctionSpec f : stack.functions()) {
      int c = n.getOrDefault(f.logicalId(), 1);
      if (f.reservedConcurrency() > 0) {
        c = Math.min(c, f.reservedConcurrency());
      }
      n.put(f.logicalId(), Math.max(1, c));
    }
    return n;
  }

  private int pollers(MappingSpec m) {
    int wanted = m.maximumConcurrency() > 0 ? m.maximumConcurrency() : SqsMapping.DEFAULT_POLLERS;
    return options.maxConcurrency() > 0 ? Math.min(wanted, options.maxConcurrency()) : wanted;
  }

  // ---- event sources

  private void startEventSources() {
    SqsClient sqs = aws.sqs();
    SnsClient sns = aws.sns();
    clients.add(sqs);
    clients.add(sns);
    SigV4Verifier verifier = null;
    if (!stack.urls().isEmpty()) {
      software.amazon.awssdk.services.iam.IamClient iam = aws.iam();
      clients.add(iam);
      verifier = new SigV4Verifier(aws.region(), "lambda", new LocalIamKeys(aws.endpoint(), LocalAws.ACCOUNT_ID,
          LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY, iam, this::urlLog, java.time.Clock.systemUTC()),
          java.time.Clock.systemUTC());
    }
    for (UrlSpec u : stack.urls()) {
      HttpServer bound = boundUrlPorts.remove(u.port());
      if (bound == null) {
        throw new IllegalStateException("The function URL " + u.url() + " has no server bound to port " + u.port());
      }
      FunctionUrlServer server = new FunctionUrlServer(u, bound, pools.get(u.functionLogicalId()), httpExecutor,
          verifier, LocalAws.ACCOUNT_ID, this::urlLog);
      server.start();
      urlServers.add(server);
    }
    for (MappingSpec m : stack.mappings()) {
      if (!m.enabled()) {
        out.println("Event source mapping " + m.logicalId() + " is disabled (Enabled: false): not started");
        continue;
      }
      FunctionPool pool = pools.get(m.functionLogicalId());
      if (m.sourceKind() == MappingSpec.Kind.SQS) {
        SqsMapping mapping = new SqsMapping(withPollers(m), pool, sqs, aws.region(), this::mappingLog);
        mapping.start();
        sqsMappings.add(mapping);
      } else {
        kinesisMappings.add(new KinesisMapping(m, pool, aws, destination(m, sqs, sns), this::mappingLog));
      }
    }
    startAlarmBridge(sqs);
    // Each Kinesis mapping seeds its lease table (create, wait until active, one lease per shard) before its
    // scheduler starts: the mappings do that side by side.
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    for (KinesisMapping mapping : kinesisMappings) {
      starting.add(CompletableFuture.runAsync(mapping::start, httpExecutor));
    }
    try {
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Alarm state changes to the EventBridge rules that match them, when the stack has rules with Lambda targets. */
  private void startAlarmBridge(SqsClient sqs) {
    if (stack.rules().stream().noneMatch(r -> r.enabled() && !r.targets().isEmpty())) {
      return;
    }
    List<String> alarms = stack.resources().values().stream().filter(r -> r.type().equals("AWS::CloudWatch::Alarm"))
        .map(LocalResource::name).toList();
    alarmBridge = new AlarmStateBridge(aws.cloudWatchAlarms(), sqs, alarms, stack.rules(),
        (fn, payload, arn) -> pools.get(fn).invoke(payload, arn), arn -> {
      LocalResource q = stack.byArn(arn);
      return q == null ? null : q.url();
    }, aws.region(), LocalAws.ACCOUNT_ID, scheduler, this::eventsLog);
    alarmBridge.start();
    out.println("EventBridge: " + stack.rules().size() + " rule(s); state changes of " + alarms.size()
        + " alarm(s) are routed to them (aws cloudwatch set-alarm-state ...)");
  }

  private void eventsLog(String line) {
    synchronized (out) {
      out.println("[eventbridge] " + line);
    }
  }

  private MappingSpec withPollers(MappingSpec m) {
    return new MappingSpec(m.logicalId(), m.uuid(), m.functionLogicalId(), m.sourceKind(), m.sourceArn(),
        m.sourceName(), m.batchSize(), m.batchingWindowSeconds(), m.startingPosition(), m.startingPositionTimestamp(),
        m.reportBatchItemFailures(), m.bisectOnError(), m.maximumRetryAttempts(), m.maximumRecordAgeSeconds(),
        m.onFailureArn(), pollers(m), m.enabled(), m.notEmulated());
  }

  private FailureDestination destination(MappingSpec m, SqsClient sqs, SnsClient sns) {
    if (m.onFailureArn() == null) {
      return null;
    }
    LocalResource target = stack.byArn(m.onFailureArn());
    return target.type().equals("AWS::SQS::Queue") ? FailureDestination.sqs(sqs, target.url())
        : FailureDestination.sns(sns, target.arn());
  }

  private void urlLog(String line) {
    synchronized (out) {
      out.println("[function url] " + line);
    }
  }

  private void mappingLog(String line) {
    synchronized (out) {
      out.println("[event source] " + line);
    }
  }

  // ---- ECS services

  /** Each ECS service's tasks, as processes with the container's environment and the backend's settings. */
  private void startServices() {
    for (ServiceSpec s : stack.services()) {
      Map<String, String> env = new java.util.TreeMap<>(s.environment());
      env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
      env.put("LANG", "en_US.UTF-8");
      env.put("TZ", ":UTC");
      env.put("AWS_REGION", aws.region());
      env.put("AWS_DEFAULT_REGION", aws.region());
      env.put("AWS_XRAY_CONTEXT_MISSING", "IGNORE_ERROR");
      env.putAll(aws.clientEnvironment());
      ServiceTasks tasks = new ServiceTasks(s, env, scheduler, line -> {
        synchronized (out) {
          out.println("[" + s.name() + "] " + line);
        }
      });
      tasks.start();
      services.add(tasks);
      out.println("ECS service " + s.name() + ": " + s.desiredCount() + " task(s) of " + s.containerName() + " ("
          + s.jar().getFileName() + ", " + s.memoryMiB() + " MiB)");
    }
  }

  /** The ECS services' running tasks (tests stop and kill them). */
  public List<ServiceTasks> services() {
    return List.copyOf(services);
  }

  // ---- readiness

  private void awaitReady() {
    long deadline = System.nanoTime() + options.readyTimeout().toNanos();
    List<String> initErrors = new ArrayList<>(warmErrors);
    if (!kinesisMappings.isEmpty()) {
      out.println("Waiting for the Kinesis pollers to take their shard leases (KCL waits up to 30 s on a fresh "
          + "lease table)...");
      try (KinesisClient kinesis = aws.kinesis()) {
        for (KinesisMapping m : kinesisMappings) {
          List<String> shards = kinesis.listShards(b -> b.streamName(m.spec().sourceName())).shards().stream()
              .filter(s -> s.sequenceNumberRange().endingSequenceNumber() == null).map(s -> s.shardId()).toList();
          while (!m.activeShards().containsAll(shards)) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException("The Kinesis poller of " + m.spec().sourceName() + " did not take its "
                  + "shard leases within " + options.readyTimeout().toSeconds() + " s (lease table " + m.leaseTable()
                  + ")");
            }
            sleep(200);
          }
        }
      }
    }
    if (!initErrors.isEmpty()) {
      out.println("WARNING: functions that failed to initialize (each invocation retries a fresh init, as Lambda does):");
      initErrors.forEach(e -> out.println("  " + e));
    }
  }

  // ---- outputs and status

  private Map<String, String> outputsWithEndpoint() {
    Map<String, String> o = new LinkedHashMap<>(stack.outputs());
    o.put("Endpoint", backend.endpoint().toString());
    o.put("Region", aws.region());
    return o;
  }

  private void writeStatusQuietly() {
    try {
      writeStatus();
    } catch (RuntimeException e) {
      // the next round tries again
    }
  }

  /** .pipeline/status.json, read by `pipeline status` (format in docs/local-cloud.md). */
  private void writeStatus() {
    if (!closed.get()) {
      StateFiles.writeStatus(options.stateDir(), backend.endpoint(), pools, kinesisMappings, sqsMappings);
    }
  }

  // ---- accessors (tests, demo)

  public boolean isReady() {
    return ready;
  }

  public URI endpoint() {
    return backend.endpoint();
  }

  public LocalAws aws() {
    return aws;
  }

  public ProvisionedStack stack() {
    return stack;
  }

  public Map<String, String> outputs() {
    return outputs;
  }

  public Backend backend() {
    return backend;
  }

  /** Per Kinesis mapping (by source stream): its shards' largest iterator age in ms, -1 when not known yet. */
  public Map<String, Long> iteratorAgesMillis() {
    Map<String, Long> ages = new LinkedHashMap<>();
    for (KinesisMapping m : kinesisMappings) {
      long max = -1;
      for (KinesisMapping.ShardPosition p : m.shardPositions().values()) {
        if (p.millisBehindLatest() != null) {
          max = Math.max(max, p.millisBehindLatest());
        }
      }
      ages.put(m.spec().sourceName(), max);
    }
    return ages;
  }

  /** How many function JVMs may init at once, and how many did at most (tests). */
  public InitGate initGate() {
    return initGate;
  }

  /** Every function's pool, in template order. */
  public List<FunctionPool> functions() {
    return List.copyOf(pools.values());
  }

  /** The pool of a function, by logical id, name or label. */
  public FunctionPool function(String id) {
    return pools.values().stream().filter(p -> p.spec().logicalId().equals(id) || p.spec().name().equals(id)
        || p.spec().label().equals(id)).findFirst().orElseThrow(() -> new IllegalArgumentException("No function " + id));
  }

  /** Every child process the local cloud runs right now (backend, function processes). */
  public List<Long> childPids() {
    List<Long> pids = new ArrayList<>();
    ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
    return pids;
  }

  // ---- shutdown

  /** Stops everything in order; safe to call twice, and from a shutdown hook. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ready = false;
    if (alarmBridge != null) {
      alarmBridge.close();
    }
    kinesisMappings.forEach(KinesisMapping::stopPolling);
    sqsMappings.forEach(SqsMapping::stopPolling);
    // ECS tasks stop as ECS stops them (SIGTERM, their graceful shutdown, SIGKILL after the stop timeout)
    List<CompletableFuture<Void>> tasksStopping = new ArrayList<>();
    for (ServiceTasks s : services) {
      tasksStopping.add(CompletableFuture.runAsync(s::close));
    }
    Duration drain = Duration.ofSeconds(Math.min(30, pools.values().stream()
        .mapToInt(p -> p.spec().timeoutSeconds()).max().orElse(3) + 2));
    List<CompletableFuture<Void>> draining = new ArrayList<>();
    for (FunctionPool p : pools.values()) {
      draining.add(CompletableFuture.runAsync(() -> p.drain(drain)));
    }
    draining.forEach(CompletableFuture::join);
    tasksStopping.forEach(CompletableFuture::join);
    urlServers.forEach(FunctionUrlServer::close);
    boundUrlPorts.values().forEach(s -> {
      s.start(); // a server never started keeps its socket open through stop (JDK 17's HttpServer)
      s.stop(0);
    });
    boundUrlPorts.clear();
    sqsMappings.forEach(SqsMapping::close);
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    for (KinesisMapping m : kinesisMappings) {
      stopping.add(CompletableFuture.runAsync(m::close));
    }
    stopping.forEach(f -> {
      try {
        f.get(25, TimeUnit.SECONDS);
      } catch (Exception e) {
        // stopping anyway
      }
    });
    List<CompletableFuture<Void>> pooled = new ArrayList<>();
    for (FunctionPool p : pools.values()) {
      pooled.add(CompletableFuture.runAsync(p::close));
    }
    pooled.forEach(CompletableFuture::join);
    for (AutoCloseable c : clients) {
      try {
        c.close();
      } catch (Exception ignore) {
        // closing
      }
    }
    if (aws != null) {
      aws.close();
    }
    if (backend != null) {
      backend.close();
    }
    scheduler.shutdownNow();
    httpExecutor.shutdownNow();
    try {
      Files.deleteIfExists(options.stateDir().resolve("outputs.json"));
      Files.deleteIfExists(options.stateDir().resolve("status.json"));
    } catch (IOException ignore) {
      // best effort
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting", e);
    }
  }
}
