package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline status`: Resources, queue depths, iterator age, DLQ counts, errors. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Resources, queue depths, iterator age, DLQ counts, errors.")
public final class StatusCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline status: not available yet (issue 7)");
    return 1;
  }
}
