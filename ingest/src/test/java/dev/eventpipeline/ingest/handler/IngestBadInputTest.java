package dev.eventpipeline.ingest.handler;

import static dev.eventpipeline.ingest.testing.Fixtures.gzip;
import static dev.eventpipeline.ingest.testing.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.ingest.port.QuarantineStore;
import dev.eventpipeline.common.testing.OutputCapture;
import dev.eventpipeline.ingest.testing.FakeQuarantine;
import dev.eventpipeline.ingest.testing.FakeSink;
import dev.eventpipeline.ingest.testing.TestContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.kinesis.retrieval.kpl.Messages;

/**
 * Hostile log records (issue 8, "Bad input at every edge"), each through the real handler on AWS's
 * own Kinesis fixture: the first record of the two-record batch is replaced by the bad input, the
 * second stays a good one. Each test proves what a user sees: the quarantine object and its
 * metadata, the LogRecordsRejected event, the metrics, and that the rest of the batch still flows.
 * docs/failure-modes.md points at these tests.
 */
class IngestBadInputTest {
  private static final IngestConfig CONFIG = new IngestConfig("normalized-logs", "log-archive", "quarantine/",
      "arn:aws:sns:us-east-1:123456789012:pipeline-events", 1024 * 1024);
  /** The first record of events/kinesisStreamEvent.json (shard 6 of lambda-stream, 2018-12-17). */
  private static final String SEQ = "49590338271490256608559692538361571095921575989136588898";
  private static final String KEY_PREFIX = "quarantine/ingest/dt=2018-12-17/shardId-000000000006/" + SEQ;
  private static final int ONE_MIB = 1024 * 1024;

  private final FakeSink sink = new FakeSink();
  private final FakeQuarantine quarantine = new FakeQuarantine();
  private final RecordingEventPublisher events = new RecordingEventPublisher();
  private final IngestHandler handler = new IngestHandler(CONFIG, sink, quarantine, events);

  @AfterEach
  void everyEventHonoursItsContract() {
    EventContract.assertValid(events.events());
  }

  /** The fixture with its first record's data replaced. */
  private static KinesisEvent batchWithFirstRecord(byte[] data) {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesisStreamEvent.json");
    event.getRecords().get(0).getKinesis().setData(ByteBuffer.wrap(data));
    return event;
  }

  private List<JsonNode> forwarded() {
    return sink.written.stream().map(e -> json(e.data())).toList();
  }

  // ---- inputs ----

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A KPL aggregate as the KPL writes it: magic F3 89 9A C2, protobuf, MD5 of the protobuf. */
  private static byte[] kplAggregate(String... userRecords) {
    Messages.AggregatedRecord.Builder b = Messages.AggregatedRecord.newBuilder().addPartitionKeyTable("pk");
    for (String data : userRecords) {
      b.addRecords(Messages.Record.newBuilder().setPartitionKeyIndex(0).setData(ByteString.copyFromUtf8(data)));
    }
    byte[] protobuf = b.build().toByteArray();
    try {
      byte[] md5 = MessageDigest.getInstance("MD5").digest(protobuf);
      byte[] out = new byte[4 + protobuf.length + 16];
      out[0] = (byte) 0xF3;
      out[1] = (byte) 0x89;
      out[2] = (byte) 0x9A;
      out[3] = (byte) 0xC2;
      System.arraycopy(protobuf, 0, out, 4, protobuf.length);
      System.arraycopy(md5, 0, out, 4 + protobuf.length, 16);
      return out;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] invalidGzip() {
    return new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  }

  static byte[] truncatedKplAggregate() {
    byte[] whole = kplAggregate("x".repeat(500), "y".repeat(500));
    return Arrays.copyOf(whole, whole.length / 2);
  }

  static byte[] kplAggregateWithWrongMd5() {
    byte[] agg = kplAggregate("{\"msg\":\"one\"}", "{\"msg\":\"two\"}");
    agg[agg.length - 1] ^= 0x55; // the protobuf is intact, its digest is not
    return agg;
  }

  static byte[] binaryGarbage() {
    byte[] garbage = new byte[4096];
    new Random(8).nextBytes(garbage);
    garbage[0] = 0x42; // no known magic: neither gzip, zlib nor KPL
    return garbage;
  }

  static byte[] depthBomb() {
    return utf8("{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}");
  }

  static byte[] jsonWith100kFields() {
    // short names so that it fits in one Kinesis record (~0.9 MB)
    return utf8(IntStream.range(0, 100_000).mapToObj(i -> "\"" + Integer.toString(i, 36) + "\":0")
        .collect(Collectors.joining(",", "{\"msg\":\"wide\",", "}")));
  }

  /** A 1 MiB JSON record (Kinesis' largest) whose fields alone fill it: splitting the message cannot help. */
  static byte[] oneMebibyteOfFields() {
    String head = "{\"msg\":\"small\",\"blob\":\"";
    return utf8(head + "b".repeat(ONE_MIB - head.length() - 2 - 1) + "\"}");
  }

  static Stream<Arguments> quarantined() {
    return Stream.of(
        Arguments.of("invalid gzip", invalidGzip(), "INVALID_GZIP", "record", KEY_PREFIX + ".bin"),
        Arguments.of("truncated KPL aggregate", truncatedKplAggregate(), "KPL_TRUNCATED", "record", KEY_PREFIX + ".bin"),
        Arguments.of("KPL aggregate with a wrong MD5", kplAggregateWithWrongMd5(), "KPL_BAD_MD5", "record", KEY_PREFIX + ".bin"),
        Arguments.of("binary garbage", binaryGarbage(), "BINARY", "record", KEY_PREFIX + ".bin"),
        Arguments.of("JSON nested 200,000 deep", depthBomb(), "JSON_TOO_DEEP", "item", KEY_PREFIX + "-0-0.bin"),
        Arguments.of("JSON with 100k fields", jsonWith100kFields(), "JSON_TOO_COMPLEX", "item", KEY_PREFIX + "-0-0.bin"),
        Arguments.of("1 MiB JSON whose fields fill it", oneMebibyteOfFields(), "RECORD_TOO_LARGE", "item",
            KEY_PREFIX + "-0-0.bin"));
  }

  @ParameterizedTest(name = "{0} -> quarantined as {2}")
  @MethodSource("quarantined")
  void quarantinesTheBadRecordWithItsBytesAnnouncesItAndKeepsTheBatchFlowing(String name, byte[] data, String reason,
      String scope, String key) {
    assertThat(data.length).as("fits in one Kinesis record").isLessThanOrEqualTo(ONE_MIB);
    StreamsEventResponse response;
    OutputCapture emf = OutputCapture.start();
    try (emf) {
      response = handler.handleRequest(batchWithFirstRecord(data), new TestContext());
    }

    assertThat(response.getBatchItemFailures()).as("a bad record never fails the batch").isEmpty();
    // the good second record is forwarded, nothing of the bad one is
    assertThat(forwarded()).extracting(r -> r.get("message").asText()).containsExactly("This is only a test.");
    // the quarantine object: the bytes that could not be decoded, with the reason in its metadata
    assertThat(quarantine.objects).containsOnlyKeys(key);
    QuarantineStore.QuarantinedObject object = quarantine.objects.get(key);
    assertThat(object.metadata()).containsEntry("reason", reason).containsEntry("scope", scope)
        .containsEntry("stage", "ingest").containsEntry("sequence-number", SEQ);
    if (scope.equals("record")) {
      assertThat(object.bytes()).isEqualTo(data);
    } else {
      assertThat(new String(object.bytes(), StandardCharsets.UTF_8)).isEqualTo(new String(data, StandardCharsets.UTF_8));
    }
    // the event
    PipelineEvent rejected = events.ofType(EventType.LogRecordsRejected).get(0);
    assertThat(rejected.data().path("count").asInt()).isEqualTo(1);
    assertThat(rejected.data().path("reasons").path(reason).asInt()).isEqualTo(1);
    assertThat(rejected.data().path("quarantined").get(0).path("key").asText()).isEqualTo(key);
    assertThat(rejected.data().toString()).as("the event names the object, never its content").hasSizeLessThan(4096);
    // the metrics
    assertThat(emf.metric("RecordsQuarantined")).isEqualTo(1);
    assertThat(emf.metric("RecordsOut")).isEqualTo(1);
    assertThat(emf.metric("BatchRetries")).isZero();
    // the log line: the reason, never the payload
    assertThat(emf.logMessages("WARN")).singleElement().asString().startsWith("Quarantined " + scope.toUpperCase()
        .replace('-', '_') + " as " + reason);
    assertThat(emf.text()).doesNotContain("bbbbbbbbbbbbbbbb", "\"msg\":\"wide\"");
  }

  @Test
  void aOneMebibyteLineIsSplitIntoPartsThatEachFitAndLoseNothing() {
    String line = "GET /" + "a".repeat(ONE_MIB - 100) + " 200";
    StreamsEventResponse response;
    OutputCapture emf = OutputCapture.start();
    try (emf) {
      response = handler.handleRequest(batchWithFirstRecord(utf8(line)), new TestContext());
    }

    assertThat(response.getBatchItemFailures()).isEmpty();
    List<JsonNode> out = forwarded();
    List<JsonNode> parts = out.subList(0, out.size() - 1);
    assertThat(parts).hasSizeGreaterThan(1);
    assertThat(parts).allSatisfy(p -> assertThat(p.at("/origin/parts").asInt()).isEqualTo(parts.size()));
    assertThat(sink.written).allSatisfy(e ->
        assertThat(e.data().length + e.partitionKey().length()).isLessThanOrEqualTo(ONE_MIB));
    assertThat(parts.stream().map(p -> p.get("message").asText()).collect(Collectors.joining())).isEqualTo(line);
    assertThat(out.get(out.size() - 1).get("message").asText()).isEqualTo("This is only a test.");
    assertThat(quarantine.objects).isEmpty();
    assertThat(events.events()).isEmpty();
    assertThat(emf.metric("SplitRecords")).isEqualTo(1);
    assertThat(emf.metric("RecordsQuarantined")).isZero();
  }

  @Test
  void aVeryLongCompressedLineAmongShortOnesIsSplitAndTheOthersKeepTheirOrder() {
    // 8 MiB of one line inside a ~10 KB gzip record: far beyond what Kinesis would take uncompressed.
    String longLine = "x".repeat(8 * ONE_MIB);
    byte[] data = gzip(utf8("first short line\n" + longLine + "\nlast short line\n"));
    assertThat(data.length).isLessThan(ONE_MIB);

    StreamsEventResponse response = handler.handleRequest(batchWithFirstRecord(data), new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    List<JsonNode> out = forwarded();
    assertThat(out.get(0).get("message").asText()).isEqualTo("first short line");
    List<JsonNode> parts = out.stream().filter(r -> r.at("/origin/lineIndex").asInt() == 1).toList();
    assertThat(parts).hasSizeGreaterThanOrEqualTo(9);
    assertThat(parts.stream().mapToInt(p -> p.get("message").asText().length()).sum()).isEqualTo(longLine.length());
    assertThat(out.get(parts.size() + 1).get("message").asText()).isEqualTo("last short line");
    assertThat(sink.written).allSatisfy(e -> assertThat(e.data().length).isLessThanOrEqualTo(ONE_MIB));
    assertThat(quarantine.objects).isEmpty();
  }

  @Test
  void invalidUtf8TextIsForwardedWithReplacementCharactersNotQuarantined() {
    byte[] latin1 = "caf\u00e9 cr\u00e8me ERROR".getBytes(StandardCharsets.ISO_8859_1);

    StreamsEventResponse response = handler.handleRequest(batchWithFirstRecord(latin1), new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(forwarded().get(0).get("message").asText()).isEqualTo("caf\uFFFD cr\uFFFDme ERROR");
    assertThat(forwarded().get(0).get("level").asText()).isEqualTo("ERROR");
    assertThat(quarantine.objects).isEmpty();
  }

  @Test
  void aJsonObjectWithInvalidUtf8KeepsItsStructureWithReplacementCharacters() {
    byte[] head = utf8("{\"level\":\"warn\",\"msg\":\"bad ");
    byte[] tail = utf8(" bytes\",\"n\":1}");
    byte[] data = new byte[head.length + 3 + tail.length];
    System.arraycopy(head, 0, data, 0, head.length);
    data[head.length] = (byte) 0xC3; // a lead byte followed by an ASCII byte: invalid
    data[head.length + 1] = (byte) 0x28;
    data[head.length + 2] = (byte) 0xFF; // never valid in UTF-8
    System.arraycopy(tail, 0, data, head.length + 3, tail.length);

    StreamsEventResponse response = handler.handleRequest(batchWithFirstRecord(data), new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    JsonNode record = forwarded().get(0);
    assertThat(record.at("/origin/format").asText()).isEqualTo("json");
    assertThat(record.get("message").asText()).isEqualTo("bad \uFFFD(\uFFFD bytes");
    assertThat(record.get("level").asText()).isEqualTo("WARN");
    assertThat(record.at("/fields/n").asInt()).isEqualTo(1);
    assertThat(quarantine.objects).isEmpty();
  }
}
