package dev.eventpipeline.cli;

import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.cli.bench.BenchReport;
import dev.eventpipeline.cli.bench.E2eBench;
import dev.eventpipeline.cli.client.StackOutputs;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.template.TemplateSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import dev.eventpipeline.cli.bench.SingleRecordLatency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `pipeline bench`: End-to-end benchmark through the local cloud. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "End-to-end benchmark through the local cloud.",
    subcommands = {BenchCommand.E2e.class},
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error."})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark: e2e");
  }

  /** `pipeline bench e2e`. */
  @Command(name = "e2e", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Push N log records and M images through a local cloud of its own and measure.",
          "Starts the local cloud (moto on 127.0.0.1, state in .pipeline/bench/, the cloud's own output in "
              + ".pipeline/bench/local-cloud.log), pushes N generated log lines (JSON, access and syslog lines, "
              + "about 5% with PII) as KPL aggregates and M generated JPEGs (640x480, 1600x1200, 3000x2000) plus "
              + "bad uploads, waits until every record is archived or quarantined and every image has "
              + "ThumbnailCreated or ThumbnailFailed (or --timeout), then reports throughput, latency "
              + "percentiles, per-function invocations, cold starts, errors and durations, and the "
              + "completeness check (records in = archived + quarantined; images in = created + failed)."},
      footer = {"", "Exit codes: 0 complete, 1 incomplete or failed, 2 usage error."})
  static final class E2e implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--records", paramLabel = "N", defaultValue = "10000", description = "Log records (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--images", paramLabel = "M", defaultValue = "20", description = "Good images (default ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--bad-images", paramLabel = "K", defaultValue = "-1",
        description = "Bad uploads (default: 2% of M, at least 2).")
    int badImages;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0",
        description = "Port of the moto backend (default: 4566 when free, else any free port).")
    int port;

    @Option(names = "--template", paramLabel = "FILE",
        description = "Run this synthesized template as is (no synthesis) instead of infra/cdk/cdk.out/EventPipeline.template.json.")
    Path template;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1200",
        description = "Give up waiting after this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated log lines (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the report as one JSON document (progress goes to stderr).")
    boolean json;

    @Option(names = "--single", paramLabel = "N", defaultValue = "0",
        description = "Latency mode instead: push N single log records one at a time (each after the previous one's "
            + "LogBatchArchived) and report push -> LogBatchArchived p50/p90/max and, per hop, the time in poll, "
            + "batching window, invocation and checkpoint. --records and --images are ignored.")
    int single;

    @Option(names = "--log-compute", paramLabel = "lambda|kcl", defaultValue = "lambda",
        description = "Where the log stages run, as `up --log-compute` (default ${DEFAULT-VALUE}); the report gives "
            + "records per CPU-second of their processes.")
    String logCompute;

    @Option(names = "--warm", description = "Start the cloud as `up --warm` does (one provisioned environment per "
        + "function before the run).")
    boolean warm;

    @Override
    public Integer call() throws IOException {
      if (records < 0 || images < 0 || timeoutSeconds < 1 || port < 0 || port > 65535 || single < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--records and --images must be >= 0, --timeout positive, --port 0..65535");
      }
      if (!logCompute.equals("lambda") && !logCompute.equals("kcl")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--log-compute must be lambda or kcl");
      }
      int bad = badImages >= 0 ? badImages : Math.max(2, images / 50);
      PrintStream out = System.out;
      PrintStream progress = json ? System.err : System.out;
      Path chosen = template;
      if (logCompute.equals("kcl")) {
        if (template != null) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--log-compute kcl and --template exclude each other");
        }
        chosen = TemplateSource.resolve(StackOutputs.home(), true, progress::println);
      }
      try (CommandCloud own = CommandCloud.prepare("bench", port, chosen, warm, progress)) {
        LocalCloud cloud = own.start();
        if (cloud == null) {
          return 1;
        }
        if (single > 0) {
          progress.println("Local cloud ready; pushing " + single + " single records, one at a time...");
          SingleRecordLatency.Result result = new SingleRecordLatency(cloud, new SingleRecordLatency.Options(single,
              Duration.ofMillis(500), Duration.ofSeconds(Math.min(timeoutSeconds, 120))), progress).run();
          if (json) {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result.toJson()));
          } else {
            result.print(out);
          }
          out.flush();
          progress.println("Stopping the local cloud...");
          return result.missing() == 0 ? 0 : 1;
        }
        progress.println("Local cloud ready; pushing...");
        BenchReport report = new E2eBench(cloud, new E2eBench.Options(records, images, bad,
            Duration.ofSeconds(timeoutSeconds), seed), progress).run();
        if (json) {
          out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report.toJson()));
        } else {
          report.print(out);
        }
        out.flush();
        progress.println("Stopping the local cloud...");
        return report.recordsComplete() && report.imagesComplete() ? 0 : 1;
      }
    }
  }
}
