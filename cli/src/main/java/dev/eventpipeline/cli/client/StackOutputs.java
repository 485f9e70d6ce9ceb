package dev.eventpipeline.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CLI finds the pipeline it talks to, and the one reader of stack outputs files: the
 * repository ({@code -Dpipeline.home}, set by the ./pipeline launcher, else the working directory),
 * its {@code .pipeline/} state directory and the {@code outputs.json} a running {@code pipeline up}
 * writes there.
 */
public final class StackOutputs {
  private StackOutputs() {}

  /** The repository the CLI runs in. */
  public static Path home() {
    String home = System.getProperty("pipeline.home");
    return Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize();
  }

  /** {@code <home>/.pipeline}: where {@code pipeline up} writes outputs.json and status.json. */
  public static Path stateDirectory() {
    return stateDirectory(home());
  }

  public static Path stateDirectory(Path home) {
    return home.resolve(".pipeline");
  }

  /** {@code <home>/.pipeline/outputs.json}. */
  public static Path localFile(Path home) {
    return stateDirectory(home).resolve("outputs.json");
  }

  /**
   * Reads stack outputs, in file order: a flat JSON object {key: value} (what {@code pipeline up}
   * writes), {@code cdk deploy --outputs-file} output ({stack: {key: value}}), or {@code aws
   * cloudformation describe-stacks} output ({"Stacks":[{"Outputs":[{"OutputKey","OutputValue"}]}]})
   * or just its Outputs array.
   *
   * @throws TargetException when the file cannot be read or is none of these
   */
  public static Map<String, String> read(Path file) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new TargetException("cannot read stack outputs from " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    JsonNode list = root == null ? null
        : root.has("Stacks") ? root.path("Stacks").path(0).path("Outputs")
        : root.isArray() ? root : null;
    if (list != null) {
      for (JsonNode output : list) {
        outputs.put(output.path("OutputKey").asText(), output.path("OutputValue").asText());
      }
    } else if (root != null && root.isObject()) {
      root.fields().forEachRemaining(e -> {
        if (e.getValue().isValueNode()) {
          outputs.put(e.getKey(), e.getValue().asText());
        } else if (e.getValue().isObject()) { // cdk --outputs-file: one object per stack
          e.getValue().fields().forEachRemaining(o -> {
            if (o.getValue().isValueNode()) {
              outputs.putIfAbsent(o.getKey(), o.getValue().asText());
            }
          });
        }
      });
    } else {
      throw new TargetException(file + " is not a stack outputs document (expected a JSON object)");
    }
    return outputs;
  }
}
