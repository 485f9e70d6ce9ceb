package dev.eventpipeline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The demo's view of the log archive: the archived records (gzip NDJSON objects, quarantine excluded)
 * whose raw record carried the demo's partition key, de-duplicated by record id. Each refresh reads
 * only objects that are new or were rewritten (a retried batch overwrites its deterministic key).
 */
final class Archive {
  private final S3Client s3;
  private final String bucket;
  private final String partitionKey;
  private final Map<String, String> etags = new HashMap<>();
  private final Map<String, List<JsonNode>> byKey = new HashMap<>();

  Archive(S3Client s3, String bucket, String partitionKey) {
    this.s3 = s3;
    this.bucket = bucket;
    this.partitionKey = partitionKey;
  }

  void refresh() {
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      if (!o.key().endsWith(".ndjson.gz") || o.key().startsWith("quarantine/") || o.eTag().equals(etags.get(o.key()))) {
        continue;
      }
      byte[] gz = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
      List<JsonNode> ours = new ArrayList<>();
      for (JsonNode record : lines(gz)) {
        if (partitionKey.equals(record.path("origin").path("partitionKey").asText())) {
          ours.add(record);
        }
      }
      etags.put(o.key(), o.eTag());
      byKey.put(o.key(), ours);
    }
  }

  /** The demo's archived records, one per id, in archive order. */
  List<JsonNode> records() {
    Map<String, JsonNode> unique = new LinkedHashMap<>();
    byKey.keySet().stream().sorted().forEach(k -> byKey.get(k).forEach(r -> unique.putIfAbsent(r.path("id").asText(), r)));
    return List.copyOf(unique.values());
  }

  /** The JSON lines of a gzip NDJSON object. */
  static List<JsonNode> lines(byte[] gz) {
    List<JsonNode> records = new ArrayList<>();
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          records.add(Json.MAPPER.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("archive object is not gzip NDJSON: " + e.getMessage(), e);
    }
    return records;
  }
}
