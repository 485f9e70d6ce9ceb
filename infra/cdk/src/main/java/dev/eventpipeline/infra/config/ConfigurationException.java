package dev.eventpipeline.infra.config;

/** A setting or an input of synthesis is missing or invalid; the message says what to do. */
public final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }
}
