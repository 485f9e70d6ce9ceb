package dev.eventpipeline.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A function's partial batch response ({"batchItemFailures":[{"itemIdentifier":...}]}) read with
 * Lambda's rules: no response, an empty object or an empty list is full success; invalid JSON, or an
 * item identifier that is missing, empty or not in the batch, makes the whole batch a failure.
 */
public record BatchResponse(boolean valid, List<String> failedIds) {

  public static BatchResponse parse(byte[] payload, Collection<String> idsInBatch) {
    JsonNode n;
    try {
      n = payload.length == 0 ? null : Json.MAPPER.readTree(payload);
    } catch (Exception notJson) {
      return new BatchResponse(false, List.of());
    }
    if (n == null || n.isNull() || !n.isObject() || !n.has("batchItemFailures") || n.get("batchItemFailures").isNull()) {
      return new BatchResponse(true, List.of());
    }
    JsonNode failures = n.get("batchItemFailures");
    if (!failures.isArray()) {
      return new BatchResponse(false, List.of());
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode f : failures) {
      String id = f.path("itemIdentifier").asText("");
      if (id.isEmpty() || !idsInBatch.contains(id)) {
        return new BatchResponse(false, List.of());
      }
      ids.add(id);
    }
    return new BatchResponse(true, ids);
  }

  public boolean fullSuccess() {
    return valid && failedIds.isEmpty();
  }
}
