package dev.eventpipeline.common.config;

/** A missing or invalid configuration value; the message always names the variable. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String variable;

  public ConfigException(String variable, String message) {
    super(message);
    this.variable = variable;
  }

  /** The name of the environment variable at fault. */
  public String variable() {
    return variable;
  }
}
