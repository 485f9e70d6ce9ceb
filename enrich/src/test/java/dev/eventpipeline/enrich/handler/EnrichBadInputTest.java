package dev.eventpipeline.enrich.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.MutableClock;
import dev.eventpipeline.common.testing.OutputCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What enrich does when hostile input reaches normalized-logs anyway (a producer writing to it
 * directly, or a bug upstream): issue 8's log cases, through the real handler on the fixture's
 * three-record batch with the first record replaced. Nothing is dropped and nothing fails the
 * batch: every record is forwarded, enriched, wrapped (with enrichment.error) or unchanged.
 */
class EnrichBadInputTest {
  private static final EnrichConfig CONFIG = new EnrichConfig("enriched-logs", "prod", "us-east-2", "1.4.2",
      "reference", "catalog.json", Duration.ofMinutes(5));
  private static final int ONE_MIB = 1024 * 1024;

  private final EnrichHandlerTest.RecordingSink sink = new EnrichHandlerTest.RecordingSink();
  private final EnrichHandler handler = new EnrichHandler(CONFIG, new EnrichHandlerTest.FakeCatalogSource(), sink,
      new MutableClock(Instant.parse("2026-11-23T16:00:00Z")));

  private static KinesisEvent batchWithFirstRecord(byte[] data) {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis_normalized_records.json");
    event.getRecords().get(0).getKinesis().setData(ByteBuffer.wrap(data));
    return event;
  }

  private static JsonNode json(byte[] data) {
    try {
      return Json.MAPPER.readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A schemaVersion 1 log record as ingest writes it, with these fields and message. */
  private static String logRecord(String fields, String message) {
    return "{\"schemaVersion\":1,\"id\":\"shardId-000000000000.1.0.0\",\"timestamp\":\"2026-11-23T16:00:00.123Z\","
        + "\"ingestedAt\":\"2026-11-23T16:00:01.456Z\",\"level\":\"INFO\",\"message\":\"" + message + "\","
        + "\"fields\":" + fields + ",\"origin\":{\"format\":\"json\",\"stream\":\"raw-logs\","
        + "\"shardId\":\"shardId-000000000000\",\"sequenceNumber\":\"1\",\"subSequenceNumber\":0,\"lineIndex\":0}}";
  }

  static Stream<Arguments> wrapped() {
    byte[] garbage = new byte[4096];
    new Random(8).nextBytes(garbage);
    garbage[0] = 0x42;
    byte[] kpl = new byte[64];
    new Random(9).nextBytes(kpl);
    kpl[0] = (byte) 0xF3;
    kpl[1] = (byte) 0x89;
    kpl[2] = (byte) 0x9A;
    kpl[3] = (byte) 0xC2;
    byte[] invalidUtf8Record = utf8(logRecord("{}", "caf? au lait"));
    for (int i = 0; i < invalidUtf8Record.length; i++) {
      if (invalidUtf8Record[i] == '?') {
        invalidUtf8Record[i] = (byte) 0xE9; // Latin-1 e-acute: not UTF-8
      }
    }
    return Stream.of(
        Arguments.of("invalid gzip", new byte[] {0x1F, (byte) 0x8B, 8, 0, 1, 2, 3}, "not valid JSON: unexpected character"),
        Arguments.of("a KPL aggregate (truncated or with a wrong MD5)", kpl, "not valid JSON: unexpected character"),
        Arguments.of("binary garbage", garbage, "not valid JSON: unexpected character"),
        Arguments.of("a log record with invalid UTF-8", invalidUtf8Record, "invalid UTF-8 replaced"),
        Arguments.of("JSON nested 200,000 deep", utf8("{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}"),
            "nest"));
  }

  @ParameterizedTest(name = "{0} -> wrapped, error contains \"{2}\"")
  @MethodSource("wrapped")
  void wrapsWhatIsNotAJsonObjectIntoARecordCarryingTheReason(String name, byte[] data, String error) {
    StreamsEventResponse response;
    OutputCapture emf = OutputCapture.start();
    try (emf) {
      response = handler.handleRequest(batchWithFirstRecord(data), new EnrichHandlerTest.FakeContext());
    }

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sink.written).hasSize(3);
    JsonNode wrapper = json(sink.written.get(0).data());
    assertThat(wrapper.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(wrapper.get("id").asText()).endsWith(".invalid");
    assertThat(wrapper.at("/origin/format").asText()).isEqualTo("invalid");
    assertThat(wrapper.at("/enrichment/error").asText()).contains(error);
    assertThat(wrapper.get("message").asText()).hasSizeGreaterThan(0);
    assertThat(sink.written.get(0).data().length).isLessThanOrEqualTo(ONE_MIB);
    assertThat(emf.metric("RecordsWrapped")).isEqualTo(2); // and the fixture's own "This is only a test."
    assertThat(emf.metric("RecordsForwarded")).isEqualTo(3);
    assertThat(emf.metric("RecordsNotForwarded")).isZero();
    assertThat(emf.logMessages("WARN")).first().asString().startsWith("Record forwarded as WRAPPED: ");
  }

  @Test
  void aLogRecordWith100kFieldsIsEnrichedLikeAnyOther() {
    String fields = IntStream.range(0, 100_000).mapToObj(i -> "\"" + Integer.toString(i, 36) + "\":0")
        .collect(Collectors.joining(",", "{\"service\":\"orders\",", "}"));
    byte[] record = utf8(logRecord(fields, "wide"));
    assertThat(record.length).as("fits in one Kinesis record").isLessThan(900_000);

    StreamsEventResponse response = handler.handleRequest(batchWithFirstRecord(record), new EnrichHandlerTest.FakeContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    JsonNode out = json(sink.written.get(0).data());
    assertThat(out.get("fields").size()).isEqualTo(100_001);
    assertThat(out.at("/enrichment/service").asText()).isEqualTo("orders");
    assertThat(out.at("/enrichment/team").asText()).isEqualTo("payments");
  }

  @Test
  void aOneMebibyteRecordThatEnrichmentWouldPushOverTheLimitIsForwardedUnchanged() {
    // A very long line that reached normalized-logs in one piece: Kinesis' 1 MiB limit leaves no room.
    int overhead = utf8(logRecord("{}", "")).length;
    byte[] record = utf8(logRecord("{}", "x".repeat(ONE_MIB - overhead - 64)));
    assertThat(record.length).isEqualTo(ONE_MIB - 64);

    StreamsEventResponse response;
    OutputCapture emf = OutputCapture.start();
    try (emf) {
      response = handler.handleRequest(batchWithFirstRecord(record), new EnrichHandlerTest.FakeContext());
    }

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sink.written.get(0).data()).isEqualTo(record);
    assertThat(emf.metric("RecordsUnchanged")).isEqualTo(1);
    assertThat(emf.logMessages("WARN")).first().asString()
        .isEqualTo("Record forwarded as UNCHANGED: enriched record would exceed Kinesis' 1 MiB record limit");
    assertThat(emf.metric("RecordsForwarded")).isEqualTo(3);
  }
}
