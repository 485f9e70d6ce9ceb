package dev.eventpipeline.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.cli.client.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
public final class StatusCommand extends PipelineCommand {
  @Option(names = "--json", description = "Print the report as one JSON document.")
  private boolean json;

  @Override
  public Integer call() {
    return onPipeline((pipeline, out) -> {
      ObjectNode report = StatusReport.gather(pipeline);
      if (json) {
        out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        out.flush();
      } else {
        StatusReport.print(report, out);
      }
      return 0;
    });
  }
}
