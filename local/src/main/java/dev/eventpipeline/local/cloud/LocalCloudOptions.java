package dev.eventpipeline.local.cloud;

import dev.eventpipeline.local.lambda.InitGate;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What `up` was asked for.
 *
 * @param warm start one environment per function before ready, serially (provisioned concurrency)
 * @param initSlots function JVMs in their init at once, over all functions (0: one per two cores)
 * @param classData per-function class-data archives (made by a training run when missing, then mapped)
 * @param runTriggers invoke the template's CDK Triggers once the cloud is ready, as a deployment does
 */
public record LocalCloudOptions(Path home, Path stateDir, Path template, int port, URI endpoint, boolean localstack,
    boolean pretty, PrintStream out, int maxConcurrency, Duration idleTimeout, Duration readyTimeout, StackHook hook,
    boolean warm, int initSlots, boolean classData, boolean runTriggers) {

  /** Defaults for {@code home}: its infra/cdk/cdk.out template, moto on 4566, state in .pipeline/. */
  public static LocalCloudOptions defaults(Path home, PrintStream out) {
    return new LocalCloudOptions(home, home.resolve(".pipeline"), null, 4566, null, false, false, out, 2,
        Duration.ofMinutes(10), Duration.ofSeconds(120), StackHook.NONE, false, 0,
        !"off".equalsIgnoreCase(System.getenv("EVENTPIPELINE_CDS")), false);
  }


  /**
   * A copy with {@code change} applied to its fields, e.g.
   * {@code options.with(o -> { o.port = 0; o.warm = true; })}.
   */
  public LocalCloudOptions with(Consumer<Builder> change) {
    Builder f = new Builder(this);
    change.accept(f);
    return new LocalCloudOptions(f.home, f.stateDir, f.template, f.port, f.endpoint, f.localstack, f.pretty, f.out,
        f.maxConcurrency, f.idleTimeout, f.readyTimeout, f.hook, f.warm, f.initSlots, f.classData, f.runTriggers);
  }

  /** The fields of the options being copied by {@link #with}; see the record's components. */
  public static final class Builder {
    public Path home;
    public Path stateDir;
    public Path template;
    public int port;
    public URI endpoint;
    public boolean localstack;
    public boolean pretty;
    public PrintStream out;
    public int maxConcurrency;
    public Duration idleTimeout;
    public Duration readyTimeout;
    /** What this stack needs locally beyond its template (seed data, environment overrides). */
    public StackHook hook;
    /** Start one environment per function at start-up, serially, as provisioned concurrency does. */
    public boolean warm;
    /** How many function JVMs may be in their init at once (0: {@link InitGate#defaultSlots()}). */
    public int initSlots;
    /** Whether functions run from per-function class-data (AppCDS) archives, made on first use. */
    public boolean classData;
    /** Invoke the CDK Triggers once ready (up does; tests ask for it). */
    public boolean runTriggers;

    private Builder(LocalCloudOptions o) {
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
      runTriggers = o.runTriggers;
    }
  }
}
