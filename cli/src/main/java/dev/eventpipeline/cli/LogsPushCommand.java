package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.CommandSupport;
import dev.eventpipeline.cli.client.LogFormat;
import dev.eventpipeline.cli.client.LogPusher;
import dev.eventpipeline.cli.client.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `pipeline logs push`: PutRecords log files (or stdin) to the raw-logs stream, with progress. */
@Command(name = "push", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Push log files (or stdin) to the raw-logs stream with batched PutRecords",
        "(at most 500 records / 5 MiB per call; entries Kinesis refuses are retried).",
        "",
        "Formats:",
        "  text  one record per line (--lines-per-record N joins N lines); bytes as",
        "        they are, binary included",
        "  json  one record per JSON value: NDJSON, concatenated values, or the",
        "        elements of a top-level array",
        "  cwl   lines wrapped into CloudWatch Logs subscription payloads (gzip JSON",
        "        DATA_MESSAGE); a file that already is one (gzip or JSON) goes as it is",
        "  kpl   lines aggregated into KPL aggregated records (F3 89 9A C2 +",
        "        protobuf + MD5, at most 50 KiB each)",
        "  auto  per input: gzip is opened (a CloudWatch Logs payload inside goes as",
        "        it is); a JSON document or array goes as json; NDJSON and anything",
        "        else as text lines",
        ""},
    footer = {"", "Examples:",
        "  ./pipeline logs push samples/logs/app.ndjson samples/logs/access.log",
        "  ./pipeline logs push --format kpl --rate 200 samples/logs/syslog.txt",
        "  tail -f /var/log/syslog | ./pipeline logs push -",
        "", "Exit codes: 0 every record pushed, 1 failure (records refused, a record over 1 MiB, invalid JSON), "
        + "2 usage error (e.g. a missing file)."})
public final class LogsPushCommand extends PipelineCommand {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files to push; - reads stdin.")
  private List<String> files;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "auto",
      description = "auto, text, json, cwl or kpl (default: ${DEFAULT-VALUE}).")
  private String format;

  @Option(names = "--rate", paramLabel = "N", description = "At most N stream records per second (default: unlimited).")
  private double rate;

  @Option(names = {"-k", "--partition-key"}, paramLabel = "K",
      description = "Partition key of every record (default: a random key per record, spreading over shards).")
  private String partitionKey;

  @Option(names = "--lines-per-record", paramLabel = "N", defaultValue = "1",
      description = "text: join N lines into one record (default: ${DEFAULT-VALUE}).")
  private int linesPerRecord;

  @Option(names = "--log-group", paramLabel = "NAME", description = "cwl: log group (default: /pipeline/<file name>).")
  private String logGroup;

  @Option(names = "--log-stream", paramLabel = "NAME", defaultValue = "pipeline-cli",
      description = "cwl: log stream (default: ${DEFAULT-VALUE}).")
  private String logStream;

  @Option(names = "--owner", paramLabel = "ACCOUNT", defaultValue = "123456789012",
      description = "cwl: owner account id in the payload (default: ${DEFAULT-VALUE}).")
  private String owner;

  @Option(names = "--stream", paramLabel = "NAME", description = "Stream name (default: stack output RawLogsStreamName).")
  private String stream;

  @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
      description = "Progress bar on stderr: auto (when run in a terminal), always or never.")
  private String progress;

  @Override
  public Integer call() {
    LogFormat logFormat = parseFormat();
    if (rate < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be positive");
    }
    if (linesPerRecord < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--lines-per-record must be at least 1");
    }
    List<LogPusher.Input> inputs = inputs();
    Progress bar = progress(inputs);
    return onPipeline((pipeline, out) -> {
      String streamName = pipeline.name(stream, "RawLogsStreamName", "--stream NAME");
      LogPusher pusher = new LogPusher(pipeline.kinesis(), streamName, new LogPusher.Options(logFormat, rate,
          partitionKey, linesPerRecord, logGroup, logStream, owner));
      LogPusher.Summary summary = pusher.push(inputs, bar);
      for (LogPusher.InputReport report : summary.inputs()) {
        out.printf(Locale.ROOT, "  %s: %s, %,d log records -> %,d stream records%n", report.name(), report.format(),
            report.logRecords(), report.streamRecords());
      }
      out.println(summary.describe(streamName));
      out.flush();
      if (!summary.complete()) {
        CommandSupport.error(spec, summary.tooLarge().size() + " record(s) over Kinesis' 1 MiB limit were not pushed: "
            + String.join(", ", summary.tooLarge().subList(0, Math.min(5, summary.tooLarge().size())))
            + (summary.tooLarge().size() > 5 ? ", ..." : ""));
        return 1;
      }
      return 0;
    });
  }

  private LogFormat parseFormat() {
    try {
      return LogFormat.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--format: unknown format '" + format + "' (auto, text, json, cwl, kpl)");
    }
  }

  /** Every input is checked before anything is sent: a typo must not leave half the files pushed. */
  private List<LogPusher.Input> inputs() {
    List<LogPusher.Input> inputs = new ArrayList<>();
    boolean stdin = false;
    for (String file : files) {
      if ("-".equals(file)) {
        if (stdin) {
          throw new CommandLine.ParameterException(spec.commandLine(), "- (stdin) can be given only once");
        }
        stdin = true;
        inputs.add(LogPusher.Input.stdin());
        continue;
      }
      Path path = Path.of(file);
      if (!Files.exists(path)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "No such file: " + file);
      }
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "Not a readable file: " + file);
      }
      inputs.add(LogPusher.Input.file(path));
    }
    return inputs;
  }

  private Progress progress(List<LogPusher.Input> inputs) {
    boolean enabled = switch (progress.toLowerCase(Locale.ROOT)) {
      case "always" -> true;
      case "never" -> false;
      case "auto" -> System.console() != null;
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "--progress: expected auto, always or never, not '" + progress + "'");
    };
    long total = 0;
    for (LogPusher.Input input : inputs) {
      if (input.path() == null) {
        total = -1;
        break;
      }
      try {
        total += Files.size(input.path());
      } catch (java.io.IOException e) {
        total = -1;
        break;
      }
    }
    return new Progress(spec.commandLine().getErr(), enabled, total);
  }
}
