package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.StackOutputs;
import dev.eventpipeline.cli.client.Units;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.cli.demo.Demo;
import dev.eventpipeline.cli.demo.DemoResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `pipeline demo`: Start the local cloud, push sample logs and images, show the results, stop. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Start the local cloud, push sample logs and images, show the results, stop.",
        "Pushes samples/logs in four formats (NDJSON, a CloudWatch Logs subscription payload, plain text, KPL "
            + "aggregates; with e-mail addresses, card numbers, IPs and keys to mask), uploads samples/images "
            + "(one of them not an image), waits for the results, then prints masked archived records, the "
            + "thumbnails written, the events received on a temporary queue subscribed to the topic, and a "
            + "per-function summary. The local cloud's own output (function logs, REPORT lines) goes to "
            + ".pipeline/demo/local-cloud.log."},
    footer = {"", "Exit codes: 0 everything expected arrived, 1 something is missing (named) or the local cloud "
        + "did not start, 2 usage error."})
public final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", paramLabel = "P", defaultValue = "0",
      description = "Port of the moto backend (default: 4566 when free, else any free port).")
  int port;

  @Option(names = "--template", paramLabel = "FILE",
      description = "Run this synthesized template as is (no synthesis) instead of infra/cdk/cdk.out/EventPipeline.template.json.")
  Path template;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "90",
      description = "How long to wait for the results once everything is pushed (default ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Override
  public Integer call() throws IOException {
    if (port < 0 || port > 65535 || waitSeconds < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535 and --wait positive");
    }
    PrintStream out = System.out;
    long start = System.nanoTime();
    try (CommandCloud own = CommandCloud.prepare("demo", port, template, false, out)) {
      LocalCloud cloud = own.start();
      if (cloud == null) {
        return 1;
      }
      out.printf(Locale.ROOT, "Local cloud ready in %s%n%n", Units.duration(Duration.ofNanos(System.nanoTime() - start)));
      DemoResult result = new Demo(cloud, StackOutputs.home().resolve("samples"), out, Duration.ofSeconds(waitSeconds)).run();
      out.println("\nStopping the local cloud...");
      out.flush();
      cloud.close();
      out.printf(Locale.ROOT, "Stopped. Demo took %s in all.%n", Units.duration(Duration.ofNanos(System.nanoTime() - start)));
      return result.success() ? 0 : 1;
    }
  }
}
