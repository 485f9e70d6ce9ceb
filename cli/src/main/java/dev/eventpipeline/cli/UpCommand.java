package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.StackOutputs;
import dev.eventpipeline.local.backend.BackendException;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;
import dev.eventpipeline.local.template.TemplateException;
import dev.eventpipeline.local.template.TemplateSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `pipeline up`: Run the local cloud: the synthesized stack on this machine. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Run the local cloud: the synthesized stack on this machine, until Ctrl-C.",
        "Starts moto on 127.0.0.1 (or uses --endpoint / --localstack), provisions infra/cdk/cdk.out/"
            + "EventPipeline.template.json (synthesizing it first when stale), runs every function in its own JVM "
            + "through the Lambda runtime interface client, polls the event sources with Lambda's semantics and "
            + "serves the function URLs. Prints `Local cloud ready` when all of it runs; the stack outputs are in "
            + ".pipeline/outputs.json meanwhile (./pipeline outputs)."})
public final class UpCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "4566", description = "Port of the moto backend on 127.0.0.1 (default ${DEFAULT-VALUE}).")
  int port;

  @CommandLine.ArgGroup(exclusive = true)
  BackendChoice backend = new BackendChoice();

  /** --endpoint and --localstack exclude each other. */
  static final class BackendChoice {
    @Option(names = "--endpoint", paramLabel = "URL", description = "Use an AWS-compatible endpoint someone else runs (moto, LocalStack).")
    URI endpoint;

    @Option(names = "--localstack", description = "Start LocalStack through Testcontainers (needs Docker).")
    boolean localstack;
  }

  @Option(names = "--pretty", description = "Render the functions' JSON log lines readably.")
  boolean pretty;

  @Option(names = "--template", paramLabel = "FILE", description = "Run this synthesized template instead of infra/cdk/cdk.out/EventPipeline.template.json (no synthesis).")
  Path template;

  @Option(names = "--max-concurrency", paramLabel = "N", defaultValue = "2",
      description = "Cap on SQS pollers per mapping, hence on warm processes per SQS-driven function (default ${DEFAULT-VALUE}; 0 = the template's MaximumConcurrency).")
  int maxConcurrency;

  @Option(names = "--warm", description = "Start one environment per function before `Local cloud ready`, one after "
      + "the other, as provisioned concurrency does (its invocations are not cold starts). Without it functions start "
      + "on demand, as on Lambda.")
  boolean warm;

  @Option(names = "--max-concurrent-inits", paramLabel = "N", defaultValue = "0",
      description = "Function JVMs in their init at once, over all functions (default 0: one per two cores, at least one); "
          + "the others wait their turn.")
  int initSlots;

  @Option(names = "--no-triggers", description = "Do not run the stack's CDK Triggers (the post-deploy smoke test) "
      + "once ready.")
  boolean noTriggers;

  @Option(names = "--log-compute", paramLabel = "lambda|kcl", defaultValue = "lambda",
      description = "Where the log stages run: lambda (default: ingest, enrich and mask as functions behind Kinesis "
          + "event source mappings) or kcl (the stack synthesized with -c logCompute=fargate into "
          + "infra/cdk/cdk.out-fargate: the logs worker, one KCL application, runs as the ECS service's task, a local "
          + "process).")
  String logCompute;

  @Option(names = "--no-class-data", description = "Start functions without their class-data (AppCDS) archives "
      + "(also EVENTPIPELINE_CDS=off).")
  boolean noClassData;

  @Override
  public Integer call() {
    if (port < 1 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 1 and 65535");
    }
    Path home = StackOutputs.home();
    if (!logCompute.equals("lambda") && !logCompute.equals("kcl")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--log-compute must be lambda or kcl");
    }
    if (logCompute.equals("kcl") && template != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--log-compute kcl and --template exclude each other"
          + " (synthesize with -c logCompute=fargate and pass that template instead)");
    }
    Path chosen;
    try {
      chosen = logCompute.equals("kcl") ? TemplateSource.resolve(home, true, System.out::println) : template;
    } catch (TemplateException e) {
      System.err.println("pipeline up: " + e.getMessage());
      return 1;
    }
    LocalCloudOptions options = LocalCloudOptions.defaults(home, System.out).with(o -> {
      o.hook = new PipelineStackHook(home);
      o.port = port;
      o.endpoint = backend.endpoint;
      o.localstack = backend.localstack;
      o.pretty = pretty;
      o.template = chosen;
      o.maxConcurrency = maxConcurrency;
      o.warm = warm;
      o.initSlots = initSlots;
      o.runTriggers = !noTriggers;
    });
    if (noClassData) {
      options = options.with(o -> { o.classData = false; });
    }
    if (initSlots < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-concurrent-inits must be 0 or more");
    }
    LocalCloud cloud = new LocalCloud(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      System.out.println("\nStopping the local cloud: pollers, in-flight invocations, functions, backend...");
      cloud.close();
      System.out.println("Local cloud stopped");
      System.out.flush();
      stopped.countDown();
    }, "local-cloud-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      cloud.start();
    } catch (BackendException | TemplateException e) {
      removeHook(hook);
      System.err.println("pipeline up: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      removeHook(hook);
      System.err.println("pipeline up: " + e.getMessage());
      if (System.getenv("PIPELINE_DEBUG") != null) {
        e.printStackTrace();
      }
      return 1;
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
