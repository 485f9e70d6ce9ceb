package dev.eventpipeline.mask.handler;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.lifecycle.SnapStartPriming;
import dev.eventpipeline.common.lifecycle.SyntheticEvents;
import dev.eventpipeline.mask.port.ArchiveStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Mask's SnapStart priming ({@link SnapStartPriming}): a second handler, with an in-memory archive,
 * no events and a throwaway hash key, over a batch of enriched records carrying every kind of value
 * the detectors look for, so the snapshot holds the masking engine, the in-place JSON masker, the
 * archive's NDJSON and gzip, compiled. The function's own handler (and its record-id memory) is
 * untouched.
 */
final class MaskPriming {
  private static final byte[] PRIMING_KEY = "snapstart-priming-only".getBytes(StandardCharsets.UTF_8);

  private MaskPriming() {}

  static void register(MaskConfig config) {
    SnapStartPriming.register("mask", () -> prime(config, new DiscardingStore(config.archiveBucket())));
  }

  static StreamsEventResponse prime(MaskConfig config, ArchiveStore store) {
    EventPublisher events = published -> { };
    MaskHandler handler = new MaskHandler(config, store, events, () -> PRIMING_KEY.clone());
    return handler.handleRequest(SyntheticEvents.kinesis("priming", records()), null);
  }

  static List<byte[]> records() {
    String[] messages = {
        "priming: user jane.doe@example.com paid with 4111 1111 1111 1111 from 203.0.113.7",
        "priming: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcmltaW5nIn0.c2lnbmF0dXJlLXByaW1pbmc status=200",
        "priming: aws_access_key_id=AKIAIOSFODNN7EXAMPLE password=%TB2ALbuctVF phone +14155552671",
        "priming: nothing sensitive here, GET /health 200 3 ms"};
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      records.add(("{\"schemaVersion\":1,\"id\":\"priming-" + i + "\",\"timestamp\":\"2026-01-01T00:00:00.000Z\","
          + "\"ingestedAt\":\"2026-01-01T00:00:00.000Z\",\"level\":\"INFO\",\"message\":\"" + messages[i] + "\","
          + "\"fields\":{\"user\":{\"email\":\"jane@example.com\",\"password\":\"hunter2\"},\"amount\":12.5},"
          + "\"origin\":{\"format\":\"json\",\"stream\":\"priming\",\"shardId\":\"shardId-000000000000\","
          + "\"sequenceNumber\":\"" + i + "\",\"partitionKey\":\"priming\"},"
          + "\"enrichment\":{\"environment\":\"priming\",\"service\":\"priming\"}}").getBytes(StandardCharsets.UTF_8));
    }
    return records;
  }

  /** Keeps nothing, has nothing. */
  record DiscardingStore(String bucket) implements ArchiveStore {
    @Override
    public void put(String key, byte[] body, String contentType, String contentEncoding) {
      // priming: stored nowhere
    }

    @Override
    public Optional<byte[]> read(String key) {
      return Optional.empty();
    }
  }
}
