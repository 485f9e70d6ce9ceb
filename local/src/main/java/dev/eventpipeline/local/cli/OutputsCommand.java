package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline outputs`: Print the stack outputs resolved to the local cloud. */
@Command(name = "outputs", mixinStandardHelpOptions = true, description = "Print the stack outputs resolved to the local cloud.")
public final class OutputsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline outputs: not available yet (issue 7)");
    return 1;
  }
}
