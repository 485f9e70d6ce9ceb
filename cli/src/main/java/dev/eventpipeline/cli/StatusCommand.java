package dev.eventpipeline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.cli.client.CommandSupport;
import dev.eventpipeline.cli.client.PipelineTarget;
import dev.eventpipeline.cli.client.StatusReport;
import dev.eventpipeline.cli.client.TargetOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `pipeline status`: Resources, queue depths, iterator age, DLQ counts, errors. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Resources, queue depths, iterator age, DLQ counts, errors.",
        "Streams (status, open shards, each consumer's iterator age), queues and dead-letter queues "
            + "(ApproximateNumberOfMessages visible / not visible), buckets (objects, counted up to 1000), "
            + "topics (subscriptions), and per function invocations, errors and the last errors.",
        "Consumer positions and function figures come from .pipeline/status.json, which the local cloud "
            + "writes; they show as n/a without it."},
    footer = {"", "Exit codes: 0 ok (a resource that cannot be read is shown as ERROR), 1 no pipeline to talk to, "
        + "2 usage error."})
public final class StatusCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Option(names = "--json", description = "Print the report as one JSON document.")
  private boolean json;

  @Mixin
  private TargetOptions target;

  @Override
  public Integer call() {
    return CommandSupport.run(spec, () -> {
      try (PipelineTarget pipeline = PipelineTarget.resolve(target)) {
        ObjectNode report = StatusReport.gather(pipeline);
        if (json) {
          spec.commandLine().getOut().println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
          spec.commandLine().getOut().flush();
        } else {
          StatusReport.print(report, spec.commandLine().getOut());
        }
        return 0;
      }
    });
  }
}
