package dev.eventpipeline.bench.init;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What a cold start's init costs each function: its handler constructed in a fresh JVM, from its
 * deployment package unpacked the way Lambda unpacks it (the task root with {@code lib/*.jar}) and
 * loaded the way the runtime interface client loads it (a class loader that is not parallel capable:
 * {@link InitProbe}), with the JVM flags of Lambda's Java 17+ runtimes ({@code -XX:TieredStopAtLevel=1}, serial GC, the JDK's
 * default class-data sharing) and the function's environment (dummy names, credentials in the
 * environment as Lambda provides them; no AWS call is made at init).
 *
 * <p>Rounds are interleaved across functions; per function it prints the median and best of: wall
 * time from process start to the handler constructed (what Lambda reports as Init Duration, less the
 * runtime's own bootstrap), the handler's class loading + construction alone, and the process' CPU.
 * Extra JVM options (e.g. what the stack puts in JAVA_TOOL_OPTIONS) with {@code -Dinit.jvm="..."}.
 *
 * <p>Usage, from the repository root after {@code ./mvnw package}:
 * {@code java -cp bench/target/benchmarks.jar dev.eventpipeline.bench.init.HandlerInitTime [ROUNDS] [FUNCTION...] [LABEL=CHECKOUT...]}
 * — each {@code LABEL=CHECKOUT} adds the packages built in another checkout (e.g. {@code before=/tmp/old}),
 * measured interleaved with this one's ({@code now}), so that a before/after comparison shares the
 * machine's conditions.
 */
public final class HandlerInitTime {
  record Function(String name, String module, String handler) {}

  static final List<Function> FUNCTIONS = List.of(
      new Function("ingest", "ingest", "dev.eventpipeline.ingest.handler.IngestHandler"),
      new Function("enrich", "enrich", "dev.eventpipeline.enrich.handler.EnrichHandler"),
      new Function("mask", "mask", "dev.eventpipeline.mask.handler.MaskHandler"),
      new Function("thumbnail", "thumbnail", "dev.eventpipeline.thumbnail.handler.ThumbnailHandler"),
      new Function("notify", "notify", "dev.eventpipeline.notify.handler.NotifyHandler"),
      new Function("subscriptions", "notify", "dev.eventpipeline.notify.handler.SubscriptionApiHandler"),
      new Function("remediate", "remediate", "dev.eventpipeline.remediate.handler.RemediateHandler"),
      new Function("smoketest", "smoketest", "dev.eventpipeline.smoketest.handler.SmokeTestHandler"));

  record Sample(double wallMs, double constructMs, double cpuMs) {}

  private HandlerInitTime() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    List<String> only = new ArrayList<>();
    Map<String, Path> checkouts = new LinkedHashMap<>();
    checkouts.put("now", Path.of(""));
    for (String arg : Arrays.asList(args).subList(Math.min(1, args.length), args.length)) {
      int eq = arg.indexOf('=');
      if (eq > 0) {
        checkouts.put(arg.substring(0, eq), Path.of(arg.substring(eq + 1)));
      } else {
        only.add(arg);
      }
    }
    Path work = Files.createTempDirectory("handler-init");
    Path probe = writeProbe(work.resolve("probe"));
    Map<Function, Path> taskRoots = new LinkedHashMap<>();
    for (Function f : FUNCTIONS) {
      if (only.isEmpty() || only.contains(f.name())) {
        for (Map.Entry<String, Path> c : checkouts.entrySet()) {
          Function labelled = checkouts.size() == 1 ? f : new Function(f.name() + "@" + c.getKey(), f.module(), f.handler());
          taskRoots.put(labelled, taskRoot(labelled, c.getValue(), work));
        }
      }
    }
    String extra = System.getProperty("init.jvm", "").trim();
    System.out.printf("%d rounds, JVM %s, extra options [%s]%n", rounds, System.getProperty("java.version"), extra);
    Map<Function, List<Sample>> samples = new LinkedHashMap<>();
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<Function, Path> e : taskRoots.entrySet()) {
        samples.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(run(e.getKey(), e.getValue(), probe, extra));
      }
    }
    System.out.printf("%-24s %22s %22s %22s%n", "function", "wall ms median (best)", "construct median (best)",
        "CPU ms median (best)");
    for (Map.Entry<Function, List<Sample>> e : samples.entrySet()) {
      List<Sample> s = e.getValue();
      System.out.printf("%-24s %14.0f (%5.0f) %14.0f (%5.0f) %14.0f (%5.0f)%n", e.getKey().name(),
          median(s, Sample::wallMs), best(s, Sample::wallMs), median(s, Sample::constructMs),
          best(s, Sample::constructMs), median(s, Sample::cpuMs), best(s, Sample::cpuMs));
    }
  }

  /**
   * {@code -Dinit.loader=classpath}: the handler from the JVM's class path, as this benchmark measured
   * until 2026-12-07 (parallel-capable class loading: about 10-15 % less init than Lambda's loader).
   */
  static final boolean CLASS_PATH_LOADER = "classpath".equals(System.getProperty("init.loader"));

  static Sample run(Function f, Path taskRoot, Path probe, String extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx512m"));
    if (!extra.isEmpty()) {
      command.addAll(Arrays.asList(extra.split("\\s+")));
    }
    if (CLASS_PATH_LOADER) {
      command.addAll(List.of("-cp", probe + ":" + taskRoot.resolve("lib") + "/*", InitProbe.class.getName(), f.handler()));
    } else {
      command.addAll(List.of("-cp", probe.toString(), InitProbe.class.getName(), f.handler(), taskRoot.toString()));
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.clear();
    env.putAll(environment(f, taskRoot));
    long start = System.nanoTime();
    Process p = pb.start();
    String result = null;
    StringBuilder output = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("INIT ") && result == null) {
          result = line + " " + (System.nanoTime() - start) / 1_000_000.0;
        } else {
          output.append(line).append('\n');
        }
      }
    }
    if (p.waitFor() != 0 || result == null) {
      throw new IllegalStateException(f.name() + ": the handler did not construct:\n" + output);
    }
    String[] parts = result.split(" ");
    return new Sample(Double.parseDouble(parts[3]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
  }

  /** What the stack sets (names only need to be well formed: init makes no AWS call). */
  static Map<String, String> environment(Function f, Path taskRoot) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
    env.put("AWS_LAMBDA_FUNCTION_NAME", f.name().replaceAll("@.*", ""));
    env.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
    env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    env.put("AWS_SESSION_TOKEN", "session-token");
    env.put("TZ", ":UTC");
    env.put("EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events");
    env.put("OUTPUT_STREAM_NAME", "out");
    env.put("QUARANTINE_BUCKET", "archive");
    env.put("ARCHIVE_BUCKET", "archive");
    env.put("ENVIRONMENT_NAME", "bench");
    env.put("PIPELINE_VERSION", "1");
    env.put("CATALOG_BUCKET", "catalog");
    env.put("THUMBNAILS_BUCKET", "thumbnails");
    env.put("SUBSCRIPTIONS_TABLE", "subscriptions");
    env.put("DELIVERIES_TABLE", "deliveries");
    env.put("SUBSCRIPTIONS_KEY_ID", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    env.put("REMEDIATION_TABLE", "remediations");
    env.put("REMEDIATION_TARGETS", "[{\"alarm\":\"ThumbnailJobsDlqNotEmpty\",\"dlq\":\"https://sqs.us-east-1.amazonaws.com/"
        + "123456789012/thumbnail-dlq\",\"source\":\"https://sqs.us-east-1.amazonaws.com/123456789012/thumbnail-jobs\"},"
        + "{\"alarm\":\"EnrichIteratorAge\",\"stream\":\"normalized-logs\",\"minShards\":1,\"maxShards\":4}]");
    env.put("CANARY_STREAM_NAME", "raw-logs");
    env.put("UPLOADS_BUCKET", "uploads");
    env.put("THUMBNAIL_SIZES", "128,256,512");
    return env;
  }

  /** The package unpacked as Lambda unpacks it. */
  static Path taskRoot(Function f, Path checkout, Path work) throws IOException {
    Path zip = checkout.resolve(f.module()).resolve("target").resolve(f.module() + "-function.zip");
    if (!Files.isRegularFile(zip)) {
      throw new IllegalStateException("No package at " + zip.toAbsolutePath() + ": run ./mvnw package first");
    }
    Path root = work.resolve(f.name());
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("Entry outside the task root: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
    return root;
  }

  static Path writeProbe(Path dir) throws IOException {
    for (Class<?> c : List.of(InitProbe.class, InitProbe.TaskRootClassLoader.class)) {
      String resource = c.getName().replace('.', '/') + ".class";
      Path target = dir.resolve(resource);
      Files.createDirectories(target.getParent());
      try (InputStream in = HandlerInitTime.class.getClassLoader().getResourceAsStream(resource)) {
        Files.copy(in, target);
      }
    }
    return dir;
  }

  static double median(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
    double[] v = s.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static double best(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
    return s.stream().mapToDouble(f).min().orElse(Double.NaN);
  }
}
