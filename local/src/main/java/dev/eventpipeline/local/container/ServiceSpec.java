package dev.eventpipeline.local.container;

import java.nio.file.Path;
import java.util.Map;

/**
 * An ECS service of the template as the local cloud runs it: {@code desiredCount} tasks of its task
 * definition's one container, each a JVM running the jar its image is built around (the image asset's
 * directory holds it; there is no Docker here), with the container's environment, its memory as the
 * heap bound, and ECS's stop: SIGTERM, then SIGKILL after the container's stop timeout.
 *
 * @param jar the runnable jar found in the image asset's directory
 * @param memoryMiB the task's memory (the JVM gets three quarters of it as heap, as MaxRAMPercentage=75)
 */
public record ServiceSpec(String logicalId, String name, String containerName, Path jar,
    Map<String, String> environment, int memoryMiB, int desiredCount, int stopTimeoutSeconds) {

  public ServiceSpec {
    environment = Map.copyOf(environment);
  }
}
