package dev.eventpipeline.enrich.handler;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.lifecycle.SnapStartPriming;
import dev.eventpipeline.common.lifecycle.SyntheticEvents;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.enrich.port.CatalogSource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Enrich's SnapStart priming ({@link SnapStartPriming}): a second handler, with an in-memory catalog
 * and a discarding sink, over normalized records of every origin it derives facts from (a Lambda
 * log group, an access log line with addresses, a record that is not JSON), so the snapshot holds
 * the catalog parser, the record reader and the enricher, compiled. The function's own catalog
 * cache is untouched: its first invocation still reads the real catalog.
 */
final class EnrichPriming {
  static final String CATALOG = "{\"formatVersion\":1,\"services\":{\"priming\":{\"team\":\"priming\",\"tier\":\"tier-3\","
      + "\"onCall\":\"priming@example.com\",\"aliases\":[\"priming-api\"]}},"
      + "\"networkZones\":[{\"cidr\":\"10.0.0.0/8\",\"zone\":\"internal\"},{\"cidr\":\"2001:db8::/32\",\"zone\":\"doc\"}]}";

  private EnrichPriming() {}

  static void register(EnrichConfig config) {
    SnapStartPriming.register("enrich", () -> prime(config, entries -> new RecordSink.Result(entries.size(), -1, null)));
  }

  static StreamsEventResponse prime(EnrichConfig config, RecordSink sink) {
    CatalogSource catalog = new CatalogSource() {
      @Override
      public Fetch fetch(String ifNoneMatch) {
        return new Found(CATALOG.getBytes(StandardCharsets.UTF_8), "priming");
      }

      @Override
      public String location() {
        return "priming (in memory)";
      }
    };
    EnrichHandler handler = new EnrichHandler(config, catalog, sink, Clock.systemUTC());
    return handler.handleRequest(SyntheticEvents.kinesis("priming", records()), null);
  }

  static List<byte[]> records() {
    String origin = "\"origin\":{\"format\":\"cwl\",\"stream\":\"priming\",\"shardId\":\"shardId-000000000000\","
        + "\"sequenceNumber\":\"1\",\"partitionKey\":\"priming\",\"logGroup\":\"/aws/lambda/priming-api\","
        + "\"logStream\":\"2026/01/01/[$LATEST]priming\"}";
    List<String> lines = List.of(
        "{\"schemaVersion\":1,\"id\":\"priming-0\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"ingestedAt\":"
            + "\"2026-01-01T00:00:00.000Z\",\"level\":\"INFO\",\"message\":\"priming\",\"fields\":{\"service\":\"priming\","
            + "\"clientIp\":\"10.1.2.3\",\"status\":200}," + origin + "}",
        "{\"schemaVersion\":1,\"id\":\"priming-1\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"ingestedAt\":"
            + "\"2026-01-01T00:00:00.000Z\",\"level\":\"WARN\",\"message\":\"10.0.0.1 - - \\\"GET /priming HTTP/1.1\\\" "
            + "503 12 from 2001:db8::1\",\"fields\":{}," + origin + "}",
        "not json: priming");
    List<byte[]> records = new ArrayList<>();
    for (String line : lines) {
      records.add(line.getBytes(StandardCharsets.UTF_8));
    }
    return records;
  }
}
