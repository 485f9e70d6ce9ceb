package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline thumbnail`: Make thumbnails of local images offline. */
@Command(name = "thumbnail", mixinStandardHelpOptions = true, description = "Make thumbnails of local images offline.")
public final class ThumbnailCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline thumbnail: not available yet (issue 4)");
    return 1;
  }
}
