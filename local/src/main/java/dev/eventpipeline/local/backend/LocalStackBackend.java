package dev.eventpipeline.local.backend;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack started through Testcontainers (needs a reachable Docker engine). */
public final class LocalStackBackend implements Backend {
  private static final String IMAGE = "localstack/localstack:4.4";
  private final LocalStackContainer container;

  private LocalStackBackend(LocalStackContainer container) {
    this.container = container;
  }

  public static LocalStackBackend start() {
    boolean docker;
    try {
      docker = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      docker = false;
    }
    if (!docker) {
      throw new BackendException("--localstack needs a Docker engine and none is reachable here; "
          + "run without --localstack to use moto (no Docker needed), or --endpoint URL for a LocalStack you run");
    }
    LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
        .withServices("s3", "sqs", "sns", "kinesis", "dynamodb", "secretsmanager");
    try {
      container.start();
    } catch (RuntimeException e) {
      throw new BackendException("LocalStack did not start: " + e.getMessage(), e);
    }
    return new LocalStackBackend(container);
  }

  @Override
  public URI endpoint() {
    return container.getEndpoint();
  }

  @Override
  public String description() {
    return "LocalStack " + IMAGE + " (Testcontainers, container " + container.getContainerId() + ")";
  }

  @Override
  public void close() {
    container.stop();
  }
}
