package dev.eventpipeline.cli.client;

/**
 * A client command cannot do its job (no reachable pipeline, a missing stack output, a failed call):
 * the message says what and what to do; the command prints it and exits 1, or 2 when {@link #usage()}.
 */
public final class TargetException extends RuntimeException {
  private final boolean usage;

  public TargetException(String message) {
    this(message, false, null);
  }

  public TargetException(String message, Throwable cause) {
    this(message, false, cause);
  }

  private TargetException(String message, boolean usage, Throwable cause) {
    super(message, cause);
    this.usage = usage;
  }

  /** A problem with what the user typed: exit code 2. */
  public static TargetException usage(String message) {
    return new TargetException(message, true, null);
  }

  public boolean usage() {
    return usage;
  }
}
