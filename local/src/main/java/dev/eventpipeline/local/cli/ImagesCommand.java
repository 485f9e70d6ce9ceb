package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline images`: Upload images to the uploads bucket. */
@Command(name = "images", mixinStandardHelpOptions = true, description = "Upload images to the uploads bucket.")
public final class ImagesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline images: not available yet (issue 7)");
    return 1;
  }
}
