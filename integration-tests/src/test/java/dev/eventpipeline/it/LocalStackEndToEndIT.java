package dev.eventpipeline.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;
import org.testcontainers.DockerClientFactory;

/**
 * The same end-to-end suite on LocalStack, started through Testcontainers ({@code --localstack}).
 * Skipped, with the reason printed, where no Docker engine is reachable.
 */
class LocalStackEndToEndIT extends EndToEndSuite {
  @Override
  void requireBackend() {
    String reason = dockerUnavailableReason();
    if (reason != null) {
      // Printed as well: build logs do not show assumption messages unless a report is opened.
      System.err.println("SKIPPED LocalStackEndToEndIT: " + reason);
    }
    assumeTrue(reason == null, reason);
  }

  @Override
  LocalCloudOptions backend(LocalCloudOptions options) {
    return options.with(o -> { o.localstack = true; });
  }

  /** Null when Testcontainers reaches a Docker engine, else why not. */
  static String dockerUnavailableReason() {
    try {
      if (DockerClientFactory.instance().isDockerAvailable()) {
        return null;
      }
      return "no Docker engine is reachable (Testcontainers found none: DOCKER_HOST, /var/run/docker.sock, "
          + "~/.testcontainers.properties); the LocalStack run of the end-to-end suite needs one";
    } catch (RuntimeException | LinkageError e) {
      return "no Docker engine is reachable (" + e.getClass().getSimpleName() + ": " + e.getMessage()
          + "); the LocalStack run of the end-to-end suite needs one";
    }
  }
}
