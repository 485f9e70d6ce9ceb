package dev.eventpipeline.cli;

import java.nio.file.Path;

/** The repository the CLI runs in: -Dpipeline.home (set by the ./pipeline launcher), else the working directory. */
public final class LocalHome {
  private LocalHome() {}

  public static Path path() {
    String home = System.getProperty("pipeline.home");
    return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
  }

  /** {@code <home>/.pipeline}: outputs.json and status.json of a running `pipeline up`. */
  public static Path stateDir() {
    return path().resolve(".pipeline");
  }
}
