package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.CommandSupport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `pipeline logs`: Push log files to the raw-logs stream. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Push log files to the raw-logs stream.",
    subcommands = {LogsPushCommand.class})
public final class LogsCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    throw CommandSupport.missingSubcommand(spec);
  }
}
