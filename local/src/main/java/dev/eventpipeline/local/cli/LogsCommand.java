package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline logs`: Push log files to the raw-logs stream. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Push log files to the raw-logs stream.")
public final class LogsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline logs: not available yet (issue 7)");
    return 1;
  }
}
