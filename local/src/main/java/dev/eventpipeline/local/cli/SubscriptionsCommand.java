package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline subscriptions`: List, delete or test webhook subscriptions. */
@Command(name = "subscriptions", mixinStandardHelpOptions = true, description = "List, delete or test webhook subscriptions.")
public final class SubscriptionsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline subscriptions: not available yet (issue 5)");
    return 1;
  }
}
