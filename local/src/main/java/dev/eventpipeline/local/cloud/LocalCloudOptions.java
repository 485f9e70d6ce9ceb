package dev.eventpipeline.local.cloud;

import dev.eventpipeline.local.lambda.InitGate;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What `up` was asked for.
 *
 * @param warm start one environment per function before ready, serially (provisioned concurrency)
 * @param initSlots function JVMs in their init at once, over all functions (0: one per two cores)
 * @param classData per-function class-data archives (made by a training run when missing, then mapped)
 */
public record LocalCloudOptions(Path home, Path stateDir, Path template, int port, URI endpoint, boolean localstack,
    boolean pretty, PrintStream out, int maxConcurrency, Duration idleTimeout, Duration readyTimeout, StackHook hook,
    boolean warm, int initSlots, boolean classData) {

  /** Defaults for {@code home}: its infra/cdk/cdk.out template, moto on 4566, state in .pipeline/. */
  public static LocalCloudOptions defaults(Path home, PrintStream out) {
    return new LocalCloudOptions(home, home.resolve(".pipeline"), null, 4566, null, false, false, out, 2,
        Duration.ofMinutes(10), Duration.ofSeconds(120), StackHook.NONE, false, 0,
        !"off".equalsIgnoreCase(System.getenv("EVENTPIPELINE_CDS")));
  }


  public LocalCloudOptions withTemplate(Path t) {
    return with(o -> o.template = t);
  }

  public LocalCloudOptions withPort(int p) {
    return with(o -> o.port = p);
  }

  public LocalCloudOptions withEndpoint(URI e) {
    return with(o -> o.endpoint = e);
  }

  public LocalCloudOptions withLocalstack(boolean l) {
    return with(o -> o.localstack = l);
  }

  public LocalCloudOptions withPretty(boolean p) {
    return with(o -> o.pretty = p);
  }

  public LocalCloudOptions withStateDir(Path d) {
    return with(o -> o.stateDir = d);
  }

  /** What this stack needs locally beyond its template (seed data, environment overrides). */
  public LocalCloudOptions withHook(StackHook h) {
    return with(o -> o.hook = h);
  }

  public LocalCloudOptions withMaxConcurrency(int m) {
    return with(o -> o.maxConcurrency = m);
  }

  /** Start one environment per function at start-up, serially, as provisioned concurrency does ({@code up --warm}). */
  public LocalCloudOptions withWarm(boolean w) {
    return with(o -> o.warm = w);
  }

  /** How many function JVMs may be in their init at once (0: {@link InitGate#defaultSlots()}). */
  public LocalCloudOptions withInitSlots(int n) {
    return with(o -> o.initSlots = n);
  }

  /** Whether functions run from per-function class-data (AppCDS) archives, made on first use. */
  public LocalCloudOptions withClassData(boolean c) {
    return with(o -> o.classData = c);
  }

  /** A copy with {@code change} applied to its fields. */
  private LocalCloudOptions with(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new LocalCloudOptions(f.home, f.stateDir, f.template, f.port, f.endpoint, f.localstack, f.pretty, f.out,
        f.maxConcurrency, f.idleTimeout, f.readyTimeout, f.hook, f.warm, f.initSlots, f.classData);
  }

  /** The fields of an Options being copied (withers change one). */
  private static final class Fields {
    Path home;
    Path stateDir;
    Path template;
    int port;
    URI endpoint;
    boolean localstack;
    boolean pretty;
    PrintStream out;
    int maxConcurrency;
    Duration idleTimeout;
    Duration readyTimeout;
    StackHook hook;
    boolean warm;
    int initSlots;
    boolean classData;

    Fields(LocalCloudOptions o) {
      home = o.home;
      stateDir = o.stateDir;
      template = o.template;
      port = o.port;
      endpoint = o.endpoint;
      localstack = o.localstack;
      pretty = o.pretty;
      out = o.out;
      maxConcurrency = o.maxConcurrency;
      idleTimeout = o.idleTimeout;
      readyTimeout = o.readyTimeout;
      hook = o.hook;
      warm = o.warm;
      initSlots = o.initSlots;
      classData = o.classData;
    }
  }
}
