package dev.eventpipeline.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point the `./pipeline` launcher uses for the offline commands, `thumbnail` and `mask`:
 * the same command classes as {@link PipelineCli}'s, under the same root name (so usage, help, errors
 * and exit codes are the same), but only the one asked for is built. The rest of the command tree,
 * and the local cloud's libraries behind it (AWS SDK, KCL, Netty, Testcontainers), are neither
 * loaded nor on the class path the launcher gives it (cli/target/offline-classpath.txt).
 * Anything else is handed to {@link PipelineCli}. A plain `thumbnail` argument list (see
 * {@link PlainThumbnailArgs}) skips picocli altogether.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
    description = "Lambda Event Pipeline: run the whole pipeline on this machine and talk to it.",
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error."})
public final class OfflineCli implements Runnable {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PlainThumbnailArgs plain = PlainThumbnailArgs.parse(args);
    if (plain != null) { // no parser needed: straight to the work, with picocli's own stdout/stderr writers
      System.exit(ThumbnailCommand.run(plain.images(), plain.size(), plain.outputDir(), new ThumbnailCommand.Create(),
          writer(System.out, "sun.stdout.encoding"), writer(System.err, "sun.stderr.encoding")));
    }
    CommandLine cli = args.length == 0 ? null : commandLine(args[0]);
    System.exit(cli == null ? PipelineCli.commandLine().execute(args) : cli.execute(args));
  }

  /** What picocli's CommandLine.getOut()/getErr() make of System.out/err: same encoding, autoflush. */
  static PrintWriter writer(OutputStream stream, String encodingProperty) {
    Charset charset = Charset.defaultCharset();
    String name = System.getProperty(encodingProperty);
    if (name != null) {
      try {
        charset = Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
      } catch (IllegalArgumentException e) {
        // picocli falls back to the default charset too
      }
    }
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
  }

  /** The root with only the named offline command under it; null when the name is not one. */
  static CommandLine commandLine(String command) {
    Object subcommand = switch (command) { // no lambdas: each would cost class loading at start-up
      case "thumbnail" -> new ThumbnailCommand();
      case "mask" -> new MaskCommand();
      default -> null;
    };
    return subcommand == null ? null : new CommandLine(new OfflineCli()).addSubcommand(command, subcommand);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }
}
