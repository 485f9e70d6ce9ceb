package dev.eventpipeline.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns the client commands' failures into one clear line on stderr and the CLI's exit codes. */
public final class CommandSupport {
  private CommandSupport() {}

  /**
   * Runs {@code body}: its result on success; 1 with "pipeline CMD: message" on a {@link TargetException}
   * or an SDK failure; a picocli usage error (exit 2, with usage help) for {@link TargetException#usage()}.
   */
  public static int run(CommandSpec spec, Callable<Integer> body) {
    try {
      return body.call();
    } catch (TargetException e) {
      if (e.usage()) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      error(spec, e.getMessage());
      return 1;
    } catch (SdkException e) {
      error(spec, e.getMessage());
      return 1;
    } catch (CommandLine.ParameterException e) {
      throw e;
    } catch (Exception e) {
      error(spec, e.getClass().getSimpleName() + ": " + e.getMessage());
      return 1;
    }
  }

  public static void error(CommandSpec spec, String message) {
    spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
    spec.commandLine().getErr().flush();
  }

  /** A command that only groups subcommands was called on its own: a usage error. */
  public static CommandLine.ParameterException missingSubcommand(CommandSpec spec) {
    return new CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: " + String.join(", ", spec.subcommands().keySet()));
  }
}
