package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline events`: Tail pipeline events. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Tail pipeline events.")
public final class EventsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline events: not available yet (issue 7)");
    return 1;
  }
}
