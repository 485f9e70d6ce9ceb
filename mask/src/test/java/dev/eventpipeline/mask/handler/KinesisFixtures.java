package dev.eventpipeline.mask.handler;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Kinesis events built from AWS's own fixture (events/kinesis_event.json, aws-lambda-java-libs):
 * its record repeated with our payloads as data, consecutive sequence numbers and the enriched-logs
 * stream as source, then loaded with EventLoader exactly as the Lambda runtime would.
 */
final class KinesisFixtures {
  static final String SHARD = "shardId-000000000000";
  static final BigInteger FIRST_SEQUENCE = new BigInteger("49545115243490985018280067714973144582180062593244200961");
  static final String STREAM_ARN = "arn:aws:kinesis:us-east-1:123456789012:stream/enriched-logs";

  private KinesisFixtures() {}

  static String sequence(int index) {
    return FIRST_SEQUENCE.add(BigInteger.valueOf(index)).toString();
  }

  static KinesisEvent event(List<String> payloads) {
    return event(payloads, 0);
  }

  /** Records whose sequence numbers start at {@code sequence(firstIndex)}. */
  static KinesisEvent event(List<String> payloads, int firstIndex) {
    return eventOfBytes(payloads.stream().map(p -> p.getBytes(StandardCharsets.UTF_8)).toList(), firstIndex);
  }

  /** Records carrying these exact bytes (binary data, invalid UTF-8). */
  static KinesisEvent eventOfBytes(List<byte[]> payloads, int firstIndex) {
    try (InputStream in = KinesisFixtures.class.getResourceAsStream("/events/kinesis_event.json")) {
      ObjectNode root = (ObjectNode) Json.MAPPER.readTree(in);
      ObjectNode template = (ObjectNode) root.withArray("Records").get(0);
      ArrayNode records = Json.MAPPER.createArrayNode();
      for (int i = 0; i < payloads.size(); i++) {
        ObjectNode r = template.deepCopy();
        String seq = sequence(firstIndex + i);
        ObjectNode kinesis = (ObjectNode) r.get("kinesis");
        kinesis.put("data", Base64.getEncoder().encodeToString(payloads.get(i)));
        kinesis.put("sequenceNumber", seq);
        r.put("eventID", SHARD + ":" + seq);
        r.put("eventSourceARN", STREAM_ARN);
        records.add(r);
      }
      root.set("Records", records);
      Path file = Files.createTempFile("kinesis-event-", ".json");
      Files.write(file, Json.MAPPER.writeValueAsBytes(root));
      try {
        return EventLoader.loadKinesisEvent(file.toString());
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An enriched log record per docs/record-schema.md. */
  static String record(String id, String message) {
    return """
        {"schemaVersion":1,"id":"%s","timestamp":"2026-11-23T16:00:00.123Z","ingestedAt":"2026-11-23T16:00:01.456Z",\
        "level":"INFO","message":%s,"fields":{"user":{"email":"jane@example.com"}},\
        "origin":{"format":"json","stream":"raw-logs","shardId":"shardId-000000000000","sequenceNumber":"1",\
        "subSequenceNumber":0,"lineIndex":0,"partitionKey":"pk"},\
        "enrichment":{"environment":"test","service":"orders","host":"10.1.2.3"}}""".formatted(id, json(message));
  }

  private static String json(String s) {
    try {
      return Json.MAPPER.writeValueAsString(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
