package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** Reads the CDK's *.assets.json manifests in cdk.out: which staged file is published under which object key. */
final class AssetManifest {
  private AssetManifest() {}

  static Optional<Path> find(Path cdkOut, String objectKey) {
    if (objectKey == null || objectKey.isEmpty()) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> manifests = Files.newDirectoryStream(cdkOut, "*.assets.json")) {
      for (Path manifest : manifests) {
        JsonNode files = Json.MAPPER.readTree(manifest.toFile()).path("files");
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
          JsonNode file = it.next().getValue();
          for (JsonNode destination : file.path("destinations")) {
            if (objectKey.equals(destination.path("objectKey").asText())) {
              return Optional.of(cdkOut.resolve(file.path("source").path("path").asText()).normalize());
            }
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
