package dev.eventpipeline.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.cli.client.CommandSupport;
import dev.eventpipeline.cli.client.DeadLetterQueues;
import dev.eventpipeline.cli.client.DeadLetterQueues.Dlq;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `pipeline dlq`: dead-letter queues and on-failure destinations: their depths, and their redrive. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
    description = {"Dead-letter queues and on-failure destinations (the stack outputs ending in DlqUrl).",
        "An SQS dead-letter queue is redriven to the queue whose redrive policy names it; a Kinesis on-failure "
            + "destination holds Lambda's failure records (shard + sequence range): redrive reads those records "
            + "back from the stream and puts them again, so the event source mapping processes them again."},
    subcommands = {DlqCommand.ListCommand.class, DlqCommand.RedriveCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error."})
public final class DlqCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    throw CommandSupport.missingSubcommand(spec);
  }

  /** `pipeline dlq list`. */
  @Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false,
      description = "Each dead-letter queue / on-failure destination: what feeds it and its depth.",
      footer = {"", "Exit codes: 0 ok, 1 no pipeline to talk to or a failed call, 2 usage error."})
  static final class ListCommand extends PipelineCommand {
    @Option(names = "--json", description = "Print one JSON array.")
    private boolean json;

    @Override
    public Integer call() {
      return onPipeline((pipeline, out) -> {
        List<Dlq> dlqs = new DeadLetterQueues(pipeline.sqs(), pipeline.kinesis(), pipeline.outputs()).list();
        if (json) {
          ArrayNode array = Json.MAPPER.createArrayNode();
          for (Dlq d : dlqs) {
            array.addObject().put("name", d.name()).put("outputKey", d.outputKey()).put("url", d.url())
                .put("kind", d.sourceQueueUrl() == null ? "on-failure" : "sqs-dlq")
                .put("sourceQueueUrl", d.sourceQueueUrl()).put("visible", d.visible()).put("inFlight", d.inFlight());
          }
          out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } else {
          int width = Math.max(3, dlqs.stream().mapToInt(d -> d.name().length()).max().orElse(3));
          int kindWidth = Math.max(4, dlqs.stream().mapToInt(d -> d.kind().length()).max().orElse(4));
          out.printf(Locale.ROOT, "%-" + width + "s  %-" + kindWidth + "s  %7s  %9s%n", "DLQ", "KIND", "VISIBLE",
              "IN FLIGHT");
          for (Dlq d : dlqs) {
            out.printf(Locale.ROOT, "%-" + width + "s  %-" + kindWidth + "s  %7d  %9d%s%n", d.name(), d.kind(),
                d.visible(), d.inFlight(), d.visible() > 0 ? "  <- `pipeline dlq redrive " + d.name() + "`" : "");
          }
          if (dlqs.isEmpty()) {
            out.println("(no stack output ends in DlqUrl)");
          }
        }
        out.flush();
        return 0;
      });
    }
  }

  /** `pipeline dlq redrive NAME`. */
  @Command(name = "redrive", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Replays what a dead-letter queue holds.",
          "SQS dead-letter queue: each message is sent back to its source queue (same body and attributes), "
              + "then deleted.",
          "Kinesis on-failure destination: for each Lambda failure record, the records of its shard and sequence "
              + "range are read from the stream and put again (same partition keys, same order); the failure "
              + "record is deleted once all of them were put. Records past the stream's retention cannot be "
              + "replayed: the failure record stays, and the exit code is 1."},
      footer = {"", "Exit codes: 0 everything redriven (or nothing to do), 1 something stayed in the queue or a call "
          + "failed, 2 usage error (e.g. an unknown NAME)."})
  static final class RedriveCommand extends PipelineCommand {
    @Parameters(paramLabel = "NAME", description = "The queue: its name (e.g. EventPipeline-MaskDlq), its stack "
        + "output key (MaskDlq or MaskDlqUrl), or its URL.")
    private String name;

    @Option(names = "--max", paramLabel = "N", description = "Redrive at most N messages (default: all visible at "
        + "the start).")
    private Integer max;

    @Override
    public Integer call() {
      if (max != null && max < 1) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--max must be at least 1");
      }
      return onPipeline((pipeline, out) -> {
        DeadLetterQueues queues = new DeadLetterQueues(pipeline.sqs(), pipeline.kinesis(), pipeline.outputs());
        Dlq dlq = queues.find(name);
        String to = dlq.sourceQueueUrl() != null ? dlq.sourceQueueUrl().substring(
            dlq.sourceQueueUrl().lastIndexOf('/') + 1) : "their Kinesis streams";
        out.println("Redriving " + dlq.name() + " (" + dlq.kind() + ", " + dlq.visible() + " visible) to " + to);
        out.flush();
        DeadLetterQueues.Result r = queues.redrive(dlq, max == null ? Integer.MAX_VALUE : max, line -> {
          out.println("  " + line);
          out.flush();
        });
        out.println(dlq.sourceQueueUrl() != null
            ? "Moved " + r.messagesRedriven() + " message(s) back to " + to
            : "Replayed " + r.messagesRedriven() + " failure record(s): " + r.recordsReplayed()
                + " Kinesis record(s) put again");
        out.flush();
        if (r.messagesLeft() > 0) {
          r.problems().forEach(p -> CommandSupport.error(spec, p));
          CommandSupport.error(spec, r.messagesLeft() + " message(s) left in " + dlq.name());
          return 1;
        }
        return 0;
      });
    }
  }
}
