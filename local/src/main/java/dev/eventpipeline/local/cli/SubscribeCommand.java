package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline subscribe`: Register a webhook subscription. */
@Command(name = "subscribe", mixinStandardHelpOptions = true, description = "Register a webhook subscription.")
public final class SubscribeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline subscribe: not available yet (issue 5)");
    return 1;
  }
}
