package dev.eventpipeline.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.cli.PipelineCli;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.cli.PipelineStackHook;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;
import dev.eventpipeline.it.faults.FaultInjectingProxy;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The real stack for the reliability tests: the CDK app synthesized once per test JVM (optionally
 * with a few properties overridden, e.g. a shorter timeout), moto started by the test, a
 * {@link FaultInjectingProxy} in front of it that every function and every poller talks through,
 * and the test's own clients talking to moto directly (the test's calls are never faulted).
 */
final class ReliableCloud implements AutoCloseable {
  static final Path HOME = Path.of(System.getProperty("pipeline.home", "..")).toAbsolutePath().normalize();
  private static final Path FIGURES = Path.of("target", "reliability-figures.txt");
  private static final Map<String, Path> SYNTHESIZED = new java.util.HashMap<>();

  final Path dir;
  final MotoServer moto;
  final FaultInjectingProxy proxy;
  final Console console = new Console();
  final LocalAws direct;
  final KinesisClient kinesis;
  final S3Client s3;
  final SqsClient sqs;
  private final Path template;
  LocalCloud cloud;
  Map<String, String> outputs;
  private Process up;
  private java.util.function.Consumer<LocalCloudOptions.Builder> options = o -> { };

  private ReliableCloud(Path template, Path dir, boolean withProxy) throws IOException {
    this.template = template;
    this.dir = dir;
    this.moto = MotoServer.start().configureSdkSystemProperties();
    this.proxy = withProxy ? FaultInjectingProxy.start(moto.endpoint(), 0) : null;
    this.direct = new LocalAws(moto.endpoint(), "us-east-1");
    this.kinesis = direct.kinesis();
    this.s3 = direct.s3();
    this.sqs = direct.sqs();
  }

  /** Starts moto, the proxy (when asked) and the local cloud on {@code template}; returns when it is ready. */
  static ReliableCloud start(Path template, Path dir, boolean withProxy) throws IOException {
    return start(template, dir, withProxy, o -> { });
  }

  /** As {@link #start(Path, Path, boolean)}, with {@code options} applied to the local cloud's options. */
  static ReliableCloud start(Path template, Path dir, boolean withProxy,
      java.util.function.Consumer<LocalCloudOptions.Builder> options) throws IOException {
    ReliableCloud c = new ReliableCloud(template, dir, withProxy);
    c.options = options;
    try {
      c.startCloud();
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  /** Starts (again) the local cloud against the same backend, as `pipeline up --endpoint URL` does. */
  void startCloud() {
    long start = System.nanoTime();
    cloud = new LocalCloud(LocalCloudOptions.defaults(HOME, console.stream).with(o -> {
      o.hook = new PipelineStackHook(HOME);
      o.template = template;
      o.stateDir = dir.resolve(".pipeline");
      o.endpoint = proxy != null ? proxy.endpoint() : moto.endpoint();
      options.accept(o);
    }))
        .start();
    outputs = cloud.outputs();
    figure("local cloud ready in " + millis(start) + " ms");
  }

  /** Stops the local cloud (Ctrl-C's path); the backend keeps its state. */
  void stopCloud() {
    if (cloud != null) {
      cloud.close();
      cloud = null;
    }
  }

  /**
   * Starts `pipeline up --endpoint URL --template FILE` in a JVM of its own against the same backend, as a user
   * runs it in a terminal (its output goes to the console prefixed "up> "); returns once it is ready. Stopped
   * by {@link #killUpProcess()}.
   */
  void startUpProcess() throws IOException {
    long start = System.nanoTime();
    long readyBefore = console.count("up> Local cloud ready");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dpipeline.home=" + dir,
        "dev.eventpipeline.cli.PipelineCli", "up", "--template", template.toString(),
        "--endpoint", (proxy != null ? proxy.endpoint() : moto.endpoint()).toString())
        .redirectErrorStream(true).start();
    up = p;
    Thread output = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          console.stream.println("up> " + line);
        }
      } catch (IOException ended) {
        // the process is gone
      }
    }, "up-output");
    output.setDaemon(true);
    output.start();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(180))
        .until(() -> console.count("up> Local cloud ready") > readyBefore || !p.isAlive());
    assertThat(p.isAlive()).as("pipeline up is running").isTrue();
    figure("pipeline up (own process) ready in " + millis(start) + " ms");
  }

  /**
   * Kills the `up` process and every process it started (the function JVMs) with SIGKILL, as `kill -9` or a
   * crash would: nothing is drained, no lease released, no checkpoint written. Returns the pids killed.
   */
  List<Long> killUpProcess() {
    List<ProcessHandle> all = new ArrayList<>();
    all.add(up.toHandle());
    up.descendants().forEach(all::add);
    all.forEach(ProcessHandle::destroyForcibly);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
        .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
    up = null;
    return all.stream().map(ProcessHandle::pid).toList();
  }

  // ---- the template

  /** The CDK app synthesized once per JVM, the way `pipeline synth` does, into target/. */
  static Path synthesized() throws Exception {
    return synthesized(new String[0]);
  }

  /**
   * The CDK app synthesized once per JVM and {@code context} (KEY=VALUE, as `pipeline synth -c`), the way
   * `pipeline synth` does.
   */
  static synchronized Path synthesized(String... context) throws Exception {
    String key = String.join(" ", context);
    if (SYNTHESIZED.containsKey(key)) {
      return SYNTHESIZED.get(key);
    }
    Path module = HOME.resolve("infra/cdk");
    Path classpath = module.resolve("target/classpath.txt");
    assumeTrue(Files.isRegularFile(classpath) && Files.isDirectory(module.resolve("target/classes")),
        "infra/cdk is not built (" + classpath + " missing): build it first (./mvnw install -DskipTests)");
    for (String fn : List.of("ingest", "enrich", "mask", "thumbnail", "notify", "remediate", "smoketest")) {
      Path pkg = HOME.resolve(fn).resolve("target").resolve(fn + "-function.zip");
      assumeTrue(Files.isRegularFile(pkg), "function artifact " + pkg + " is missing: build the functions first");
    }
    Path outdir = Files.createTempDirectory("reliability-cdk-out-");
    // the synthesized assets are the function packages (~50 MB): gone with the test JVM
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> files = Files.walk(outdir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException ignore) {
        // best effort
      }
    }));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        module.resolve("target/classes") + java.io.File.pathSeparator + Files.readString(classpath).trim(),
        "dev.eventpipeline.infra.EventPipelineApp")
        .directory(module.toFile()).redirectErrorStream(true);
    for (String entry : context) {
      pb.command().add("-c");
      pb.command().add(entry);
    }
    pb.environment().put("CDK_OUTDIR", outdir.toString());
    pb.environment().put("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("synthesis output:\n" + out).isZero();
    Path synthesized = outdir.resolve("EventPipeline.template.json");
    assertThat(synthesized).exists();
    SYNTHESIZED.put(key, synthesized);
    return synthesized;
  }

  /**
   * The synthesized template with {@code edit} applied, written next to it (so its assets resolve) as
   * EventPipeline.NAME.template.json.
   */
  static Path override(String name, Consumer<ObjectNode> edit) throws Exception {
    Path base = synthesized();
    ObjectNode t = (ObjectNode) Json.MAPPER.readTree(base.toFile());
    edit.accept(t);
    Path file = base.resolveSibling("EventPipeline." + name + ".template.json");
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), t);
    return file;
  }

  /** Sets {@code property} of resource {@code logicalId} in a template. */
  static void set(ObjectNode template, String logicalId, String property, Object value) {
    JsonNode resource = template.path("Resources").path(logicalId);
    assertThat(resource.isObject()).as("resource " + logicalId + " in the template").isTrue();
    ((ObjectNode) resource.path("Properties")).set(property, Json.MAPPER.valueToTree(value));
  }

  // ---- logs in, archive out

  /** Puts records {@code from}..{@code to}-1 of run {@code run} into the raw-logs stream, in order. */
  void pushLogs(String run, int from, int to) {
    String stream = outputs.get("RawLogsStreamName");
    for (int start = from; start < to; start += 500) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>();
      for (int i = start; i < Math.min(to, start + 500); i++) {
        entries.add(PutRecordsRequestEntry.builder().partitionKey("pk-" + (i % 16))
            .data(SdkBytes.fromUtf8String("{\"level\":\"INFO\",\"message\":\"rel " + run + " " + i
                + " order placed\",\"service\":\"reliability\"}")).build());
      }
      var response = kinesis.putRecords(b -> b.streamName(stream).records(entries));
      assertThat(response.failedRecordCount()).isZero();
    }
  }

  /**
   * What the archive holds for a run: archived lines, distinct record ids, distinct input records, the
   * objects holding them, and the ids archived more than once with different content.
   */
  record Tally(int lines, int distinctIds, Set<Integer> records, int objects, int conflicting) {
    int duplicates() {
      return lines - distinctIds;
    }
  }

  Tally archive(String run) {
    String bucket = outputs.get("ArchiveBucketName");
    String marker = "rel " + run + " ";
    int lines = 0;
    int objects = 0;
    java.util.Map<String, String> byId = new java.util.HashMap<>();
    Set<String> conflicting = new HashSet<>();
    Set<Integer> records = new HashSet<>();
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("logs/")).contents()) {
      byte[] gz = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
      boolean ours = false;
      for (String line : gunzip(gz).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode r = json(line);
        String message = r.path("message").asText();
        int at = message.indexOf(marker);
        if (at < 0) {
          continue;
        }
        ours = true;
        lines++;
        String previous = byId.putIfAbsent(r.path("id").asText(), line);
        if (previous != null && !previous.equals(line)) {
          conflicting.add(r.path("id").asText());
        }
        String rest = message.substring(at + marker.length());
        records.add(Integer.parseInt(rest.substring(0, rest.indexOf(' '))));
      }
      if (ours) {
        objects++;
      }
    }
    return new Tally(lines, byId.size(), records, objects, conflicting.size());
  }

  /**
   * Records of run {@code run} in the stream named by output {@code streamOutput} (copies included),
   * read from the start of every shard.
   */
  int streamRecords(String streamOutput, String run) {
    String stream = outputs.get(streamOutput);
    String marker = "rel " + run + " ";
    int n = 0;
    for (Shard shard : kinesis.listShards(b -> b.streamName(stream)).shards()) {
      String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard.shardId())
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      while (iterator != null) {
        String current = iterator;
        GetRecordsResponse page = kinesis.getRecords(b -> b.shardIterator(current).limit(10_000));
        for (software.amazon.awssdk.services.kinesis.model.Record r : page.records()) {
          if (r.data().asUtf8String().contains(marker)) {
            n++;
          }
        }
        iterator = page.records().isEmpty() ? null : page.nextShardIterator();
      }
    }
    return n;
  }

  /** Quarantined objects (any run). */
  int quarantined() {
    String bucket = outputs.get("ArchiveBucketName");
    int n = 0;
    for (S3Object ignored : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("quarantine/")).contents()) {
      n++;
    }
    return n;
  }

  long visible(String queueUrl) {
    return Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  // ---- the CLI, in-process, against this cloud

  /** What a CLI run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  /** Runs `pipeline ARGS...` with pipeline.home at this test's directory (its .pipeline/outputs.json). */
  Run pipeline(String... args) {
    String previous = System.getProperty("pipeline.home");
    System.setProperty("pipeline.home", dir.toString());
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = PipelineCli.commandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute(args);
      return new Run(code, out.toString(), err.toString());
    } finally {
      if (previous == null) {
        System.clearProperty("pipeline.home");
      } else {
        System.setProperty("pipeline.home", previous);
      }
    }
  }

  // ---- figures

  /** Prints a measured figure and appends it to target/reliability-figures.txt (for docs/reliability.md). */
  static void figure(String line) {
    String caller = StackWalker.getInstance().walk(s -> s.skip(1).findFirst().map(f ->
        f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()).orElse("?"));
    String text = "RELIABILITY " + caller + ": " + line;
    System.out.println(text);
    try {
      Files.createDirectories(FIGURES.toAbsolutePath().getParent());
      Files.writeString(FIGURES, text + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long millis(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  static String gunzip(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kills a process the way `kill -9` does. */
  static void kill9(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  @Override
  public void close() {
    if (up != null) {
      killUpProcess();
    }
    List<Long> children = cloud == null ? List.of() : cloud.childPids();
    stopCloud();
    Stream.of(kinesis, s3, sqs).forEach(c -> c.close());
    direct.close();
    if (proxy != null) {
      proxy.close();
    }
    moto.close();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() ->
        children.forEach(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
            .as("child process " + pid + " left behind").isFalse()));
  }

  /** The local cloud's console, captured line by line (and echoed to the test log). */
  static final class Console extends OutputStream {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        String line = current.toString(StandardCharsets.UTF_8);
        current.reset();
        lines.add(line);
        System.out.println(line);
      } else {
        current.write(b);
      }
    }

    long count(String fragment) {
      return lines.stream().filter(l -> l.contains(fragment)).count();
    }

    /** The sum of a metric over every EMF line printed so far (pretty "Name=1.0" or raw "\"Name\":1.0"). */
    long metricSum(String name) {
      java.util.regex.Pattern value = java.util.regex.Pattern.compile(
          "(?<![A-Za-z])" + name + "\"?[=:]([0-9]+(?:\\.[0-9]+)?)");
      long sum = 0;
      for (String line : lines) {
        java.util.regex.Matcher m = value.matcher(line);
        if (m.find()) {
          sum += (long) Double.parseDouble(m.group(1));
        }
      }
      return sum;
    }
  }
}
