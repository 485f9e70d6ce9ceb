package dev.eventpipeline.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.esm.KinesisMapping;
import dev.eventpipeline.local.esm.SqsMapping;
import dev.eventpipeline.local.lambda.FunctionPool;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The files a running local cloud keeps in its state directory ({@code .pipeline/}): outputs.json
 * once it is ready, status.json every two seconds (functions, mappings, shard positions), which
 * {@code pipeline status} reads (format in docs/local-cloud.md).
 */
final class StateFiles {
  private StateFiles() {}

  static void writeStatus(Path stateDir, URI endpoint, Map<String, FunctionPool> pools,
      List<KinesisMapping> kinesisMappings, List<SqsMapping> sqsMappings) {
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("updatedAt", Instant.now().toString());
    status.put("endpoint", endpoint.toString());
    ObjectNode functions = status.putObject("functions");
    for (FunctionPool p : pools.values()) {
      ObjectNode f = p.stats().toJson();
      f.put("logicalId", p.spec().logicalId());
      f.put("maxConcurrency", p.maxConcurrency());
      ArrayNode pids = f.putArray("pids");
      p.pids().forEach(pids::add);
      functions.set(p.spec().name(), f);
    }
    ArrayNode mappings = status.putArray("mappings");
    for (KinesisMapping m : kinesisMappings) {
      ObjectNode n = mappings.addObject();
      n.put("uuid", m.spec().uuid());
      n.put("function", pools.get(m.spec().functionLogicalId()).spec().name());
      n.put("kind", "kinesis");
      n.put("source", m.spec().sourceName());
      n.put("state", "Enabled");
      n.put("leaseTable", m.leaseTable());
      ArrayNode shards = n.putArray("shards");
      m.shardPositions().forEach((shard, pos) -> {
        ObjectNode s = shards.addObject();
        s.put("shardId", shard);
        s.put("checkpoint", pos.checkpoint());
        if (pos.millisBehindLatest() != null) {
          s.put("iteratorAgeMillis", pos.millisBehindLatest());
        }
      });
    }
    for (SqsMapping m : sqsMappings) {
      ObjectNode n = mappings.addObject();
      n.put("uuid", m.spec().uuid());
      n.put("function", pools.get(m.spec().functionLogicalId()).spec().name());
      n.put("kind", "sqs");
      n.put("source", m.spec().sourceName().substring(m.spec().sourceName().lastIndexOf('/') + 1));
      n.put("state", "Enabled");
      n.put("pollers", m.spec().maximumConcurrency());
    }
    write(stateDir.resolve("status.json"), status);
  }

  /** Writes {@code json} to {@code file} atomically (a reader never sees half a file). */
  static void write(Path file, JsonNode json) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), json);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
