package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline demo`: Start the local cloud, push sample logs and images, show the results, stop. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start the local cloud, push sample logs and images, show the results, stop.")
public final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline demo: not available yet (issue 7)");
    return 1;
  }
}
