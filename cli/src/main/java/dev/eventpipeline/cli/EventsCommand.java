package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.CommandSupport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `pipeline events`: Tail pipeline events. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Tail pipeline events.",
    subcommands = {EventsTailCommand.class})
public final class EventsCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    throw CommandSupport.missingSubcommand(spec);
  }
}
