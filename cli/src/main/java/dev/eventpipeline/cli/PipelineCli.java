package dev.eventpipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `./pipeline` command line: runs the local cloud and talks to a running pipeline. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Lambda Event Pipeline: run the whole pipeline on this machine and talk to it.",
    subcommands = {
      UpCommand.class, DemoCommand.class, LogsCommand.class, ImagesCommand.class, EventsCommand.class,
      StatusCommand.class, DlqCommand.class, OutputsCommand.class, SubscribeCommand.class, SubscriptionsCommand.class,
      MaskCommand.class, ThumbnailCommand.class, SynthCommand.class, BenchCommand.class,
      VersionCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error."})
public final class PipelineCli implements Runnable {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  public static CommandLine commandLine() {
    // picocli's defaults are our contract: 0 ok, 1 failure (an exception), 2 usage error.
    return new CommandLine(new PipelineCli());
  }

  @Override
  public void run() {
    // No subcommand: show usage and signal a usage error.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }
}
