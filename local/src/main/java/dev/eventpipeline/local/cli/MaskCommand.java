package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline mask`: Mask a log file offline with a masking policy. */
@Command(name = "mask", mixinStandardHelpOptions = true, description = "Mask a log file offline with a masking policy.")
public final class MaskCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline mask: not available yet (issue 3)");
    return 1;
  }
}
