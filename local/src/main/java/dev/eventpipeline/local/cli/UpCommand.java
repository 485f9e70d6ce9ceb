package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline up`: Run the local cloud: the synthesized stack on this machine. */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Run the local cloud: the synthesized stack on this machine.")
public final class UpCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline up: not available yet (issue 7)");
    return 1;
  }
}
