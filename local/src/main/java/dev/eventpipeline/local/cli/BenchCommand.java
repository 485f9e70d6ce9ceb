package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline bench`: End-to-end benchmark through the local cloud. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "End-to-end benchmark through the local cloud.")
public final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline bench: not available yet (issue 7)");
    return 1;
  }
}
