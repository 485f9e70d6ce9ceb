package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.CommandSupport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `pipeline images`: Upload images to the uploads bucket. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "Upload images to the uploads bucket.",
    subcommands = {ImagesUploadCommand.class})
public final class ImagesCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    throw CommandSupport.missingSubcommand(spec);
  }
}
