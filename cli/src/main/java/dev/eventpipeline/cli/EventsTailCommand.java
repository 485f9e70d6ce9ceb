package dev.eventpipeline.cli;

import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.cli.client.EventTail;
import dev.eventpipeline.cli.client.TargetException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

/** `pipeline events tail`: watch the events topic through a temporary, filtered SQS subscription. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Print pipeline events as they are published: creates a temporary SQS queue, subscribes it to the "
        + "events topic (raw delivery; a filter policy on eventType with --type), and removes both on exit "
        + "(Ctrl-C, SIGTERM, --max-events or --duration).",
        "One line per event: time, type, subject, a summary of its data; --json prints each CloudEvent as received."},
    footer = {"", "Examples:", "  ./pipeline events tail",
        "  ./pipeline events tail --type ThumbnailCreated --type ThumbnailFailed",
        "  ./pipeline events tail --json --max-events 1 | jq .data",
        "", "Exit codes: 0 ok, 1 failure, 2 usage error (e.g. an unknown event type)."})
public final class EventsTailCommand extends PipelineCommand {
  @Option(names = {"-t", "--type"}, paramLabel = "T", split = ",",
      description = "Only events of this type (repeatable, or comma-separated): ${COMPLETION-CANDIDATES}.",
      completionCandidates = EventTypes.class)
  private List<String> types;

  @Option(names = "--json", description = "Print each event as its raw CloudEvent JSON, one per line.")
  private boolean json;

  @Option(names = {"-n", "--max-events"}, paramLabel = "N", description = "Stop after N events.")
  private Integer maxEvents;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds.")
  private Integer duration;

  @Option(names = "--topic-arn", paramLabel = "ARN", description = "Topic (default: stack output EventsTopicArn).")
  private String topicArn;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "5", hidden = true,
      description = "Long-poll wait of each ReceiveMessage (1-20).")
  private int waitSeconds;

  /** Candidate values for --type. */
  static final class EventTypes implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Arrays.stream(EventType.values()).map(Enum::name).iterator();
    }
  }

  @Override
  public Integer call() {
    Set<String> filter = validatedTypes();
    if (maxEvents != null && maxEvents < 1 || duration != null && duration < 1 || waitSeconds < 1 || waitSeconds > 20) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--max-events and --duration must be positive; --wait between 1 and 20");
    }
    return onPipeline((pipeline, out) -> {
      String topic = pipeline.name(topicArn, "EventsTopicArn", "--topic-arn ARN");
      return tail(new EventTail(pipeline.sqs(), pipeline.sns(), topic), topic, filter);
    });
  }

  private int tail(EventTail tail, String topic, Set<String> filter) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // The hook first: a Ctrl-C/SIGTERM while the queue and subscription are being made removes them too
    // (close() waits for start() to finish; a tail closed before it starts refuses to start).
    Thread cleanup = new Thread(() -> cleanUp(tail, err), "events-tail-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      tail.start(filter);
    } catch (RuntimeException e) {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
      throw e;
    }
    err.println("Tailing " + topic + " through temporary queue " + tail.queueName()
        + (filter.isEmpty() ? "" : " (eventType in " + filter + ")") + "; Ctrl-C to stop.");
    err.flush();
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration * 1_000_000_000L;
    int seen = 0;
    try {
      while (maxEvents == null || seen < maxEvents) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        int wait = (int) Math.max(1, Math.min(waitSeconds, left / 1_000_000_000L));
        List<EventTail.Received> received;
        try {
          received = tail.poll(wait);
        } catch (SdkException e) {
          if (Thread.currentThread().isInterrupted()) {
            break;
          }
          throw e;
        }
        // A whole batch is printed even past --max-events: those messages are already deleted.
        for (EventTail.Received event : received) {
          out.println(json ? event.body().replace('\n', ' ') : EventTail.summaryLine(event));
          seen++;
        }
        out.flush();
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
        cleanUp(tail, err);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting and the hook cleans up: let it finish before our clients are closed.
        try {
          cleanup.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    return 0;
  }

  private static void cleanUp(EventTail tail, PrintWriter err) {
    if (tail.closed()) {
      return;
    }
    try {
      tail.close();
      err.println("Removed the subscription and queue " + tail.queueName() + ".");
    } catch (TargetException | SdkException e) {
      err.println("events tail: " + e.getMessage());
    }
    err.flush();
  }

  private Set<String> validatedTypes() {
    Set<String> result = new LinkedHashSet<>();
    if (types == null) {
      return result;
    }
    for (String type : types) {
      String name = type.trim();
      if (EventType.parse(name).isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--type: unknown event type '" + name
            + "' (one of " + Arrays.stream(EventType.values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
      }
      result.add(name);
    }
    return result;
  }
}
