package dev.eventpipeline.common.logging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs two lines through the configured layout and exits. The build runs it from each shaded
 * function jar to prove the JSON layout survived shading (the functions' trimmed Log4j2Plugins.dat
 * holds every plugin the configuration needs), with and without an exception.
 */
public final class LoggingSelfCheck {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingSelfCheck.class);

  private LoggingSelfCheck() {}

  public static void main(String[] args) {
    try (var scope = LambdaLogging.with("selfCheck", "true")) {
      LOG.info("logging self-check");
      LOG.warn("logging self-check with an exception", new IllegalStateException("self-check"));
    }
  }
}
