package dev.eventpipeline.ingest.handler;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.lifecycle.SnapStartPriming;
import dev.eventpipeline.common.lifecycle.SyntheticEvents;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.ingest.port.QuarantineStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Ingest's SnapStart priming ({@link SnapStartPriming}): the handler, with in-memory ports, over one
 * record of every format it decodes (JSON, NDJSON, plain text, a gzip CloudWatch Logs subscription
 * payload) and one it quarantines (binary), so the snapshot holds the decoders, the normalizer, the
 * quarantine's masking and the Kinesis event model, loaded and compiled.
 */
final class IngestPriming {
  private IngestPriming() {}

  /** {@code buildLazyClients}: the handler's clients built on first use, built here for the snapshot. */
  static void register(IngestConfig config, Runnable buildLazyClients) {
    SnapStartPriming.register("ingest", () -> {
      buildLazyClients.run();
      prime(config, entries -> new RecordSink.Result(entries.size(), -1, null));
    });
  }

  /** One synthetic batch through a handler whose ports are {@code sink}, a discarding quarantine and no events. */
  static StreamsEventResponse prime(IngestConfig config, RecordSink sink) {
    QuarantineStore quarantine = new QuarantineStore() {
      @Override
      public String bucket() {
        return config.quarantineBucket();
      }

      @Override
      public void put(QuarantinedObject object) {
        // priming: kept nowhere
      }
    };
    EventPublisher events = published -> { };
    IngestHandler handler = new IngestHandler(config, sink, quarantine, events);
    return handler.handleRequest(SyntheticEvents.kinesis("priming", payloads()), null);
  }

  static List<byte[]> payloads() {
    long now = System.currentTimeMillis();
    return List.of(
        utf8("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"level\":\"INFO\",\"message\":\"priming user=jane@example.com\","
            + "\"requestId\":\"priming\",\"status\":200}"),
        utf8("{\"level\":\"WARN\",\"message\":\"priming one\"}\n{\"level\":\"ERROR\",\"message\":\"priming two\"}\n"),
        utf8("2026-01-01T00:00:00Z ERROR priming plain text line card=4111 1111 1111 1111\n"),
        gzip(utf8("{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"000000000000\",\"logGroup\":\"/aws/lambda/priming\","
            + "\"logStream\":\"priming\",\"subscriptionFilters\":[\"priming\"],\"logEvents\":[{\"id\":\"1\",\"timestamp\":"
            + now + ",\"message\":\"START RequestId: priming\"},{\"id\":\"2\",\"timestamp\":" + now
            + ",\"message\":\"{\\\"level\\\":\\\"INFO\\\",\\\"message\\\":\\\"priming\\\"}\"}]}")),
        new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, 0, 0, 7});
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
