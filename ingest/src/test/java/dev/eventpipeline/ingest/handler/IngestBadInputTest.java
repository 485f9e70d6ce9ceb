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

  // Every bad input carries the same secrets: the quarantine must never store them in the clear.
  static final String EMAIL = "bob.secret@example.com";
  static final String PASSWORD = "Tr0ub4dor-3";
  static final String SECRET_LINES = "user " + EMAIL + " logged in\npassword=" + PASSWORD + "\n";
  static final String SECRET_FIELDS = "\"password\":\"" + PASSWORD + "\",\"user\":\"" + EMAIL + "\"";

  /** gzip whose deflate blocks are stored (the text is in the record verbatim), with a wrong CRC. */
  static byte[] invalidGzip() {
    byte[] gz = storedGzip(utf8(SECRET_LINES));
    gz[gz.length - 8] ^= 0x5A; // CRC-32 of the trailer
    return gz;
  }

  /** gzip (stored blocks) cut in the middle of its second line: "password=Tr0ub" is all that inflates of it. */
  static byte[] truncatedGzip() {
    byte[] gz = storedGzip(utf8(SECRET_LINES + "more text after the cut\n"));
    int cut = indexOf(gz, utf8("password=")) + "password=Tr0ub".length();
    return Arrays.copyOf(gz, cut);
  }

  /** A few KB inflating past the 32 MiB cap: the secrets on its first lines, then one endless line. */
  static byte[] decompressionBomb() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(utf8(SECRET_LINES));
      byte[] chunk = new byte[ONE_MIB];
      Arrays.fill(chunk, (byte) 'a');
      for (int i = 0; i < 33; i++) {
        gz.write(chunk);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A CloudWatch Logs payload (messageType) whose log event message is not a string. */
  static byte[] malformedCloudWatchPayload() {
    return gzip(utf8("{\"messageType\":\"DATA_MESSAGE\",\"logGroup\":\"g\",\"logStream\":\"s\",\"logEvents\":["
        + "{\"id\":\"1\",\"timestamp\":1,\"message\":{\"user\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}}]}"));
  }

  static byte[] storedGzip(byte[] data) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out) {
      {
        def.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
      }
    }) {
      gz.write(data);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (haystack[i + k] != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }

  static byte[] truncatedKplAggregate() {
    byte[] whole = kplAggregate(SECRET_LINES + "x".repeat(500), "y".repeat(500));
    return Arrays.copyOf(whole, whole.length / 2);
  }

  static byte[] kplAggregateWithWrongMd5() {
    byte[] agg = kplAggregate("{\"msg\":\"one\"," + SECRET_FIELDS + "}", "{\"msg\":\"two\"}");
    agg[agg.length - 1] ^= 0x55; // the protobuf is intact, its digest is not
    return agg;
  }

  /** One user record of an aggregate is binary (a NUL) and holds the secrets. */
  static final String BINARY_USER_RECORD = "\u0000\u0001 " + SECRET_LINES;

  static byte[] kplAggregateWithABinaryUserRecord() {
    return kplAggregate(BINARY_USER_RECORD);
  }

  static byte[] binaryGarbage() {
    byte[] garbage = new byte[4096];
    new Random(8).nextBytes(garbage);
    garbage[0] = 0x42; // no known magic: neither gzip, zlib nor KPL
    byte[] secret = utf8(" " + SECRET_LINES);
    System.arraycopy(secret, 0, garbage, 1000, secret.length);
    return garbage;
  }

  static byte[] depthBomb() {
    return utf8("{" + SECRET_FIELDS + ",\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}");
  }

  static byte[] jsonWith100kFields() {
    // short names so that it fits in one Kinesis record (~0.9 MB)
    return utf8(IntStream.range(0, 100_000).mapToObj(i -> "\"" + Integer.toString(i, 36) + "\":0")
        .collect(Collectors.joining(",", "{\"msg\":\"wide\"," + SECRET_FIELDS + ",", "}")));
  }

  /** A 1 MiB JSON record (Kinesis' largest) whose fields alone fill it: splitting the message cannot help. */
  static byte[] oneMebibyteOfFields() {
    String head = "{\"msg\":\"small\"," + SECRET_FIELDS + ",\"blob\":\"";
    return utf8(head + "b".repeat(ONE_MIB - head.length() - 2 - 1) + "\"}");
  }

  /**
   * A bad input and what must be stored for it: the document's key suffix, the bytes the rejection
   * covers (their SHA-256 is in the document), where the masked text comes from, and the masked text
   * expected (null: not checked exactly, but the secrets must show as [EMAIL] and [PASSWORD]).
   */
  record Case(String name, byte[] data, String reason, String scope, String keySuffix, byte[] payload,
      String maskedFrom, String maskedPayload) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> quarantined() {
    byte[] invalidGzip = invalidGzip();
    byte[] truncatedGzip = truncatedGzip();
    byte[] bomb = decompressionBomb();
    byte[] cwl = malformedCloudWatchPayload();
    byte[] truncatedKpl = truncatedKplAggregate();
    byte[] wrongMd5 = kplAggregateWithWrongMd5();
    byte[] binaryUser = kplAggregateWithABinaryUserRecord();
    byte[] binary = binaryGarbage();
    byte[] deep = depthBomb();
    byte[] wide = jsonWith100kFields();
    byte[] large = oneMebibyteOfFields();
    String maskedLines = "user [EMAIL] logged in\npassword=[PASSWORD]\n";
    return Stream.of(
        new Case("invalid gzip (stored blocks: the text is in the record)", invalidGzip, "INVALID_GZIP", "record",
            ".json", invalidGzip, "inflated-prefix", maskedLines),
        new Case("gzip cut inside a line", truncatedGzip, "INVALID_GZIP", "record", ".json", truncatedGzip,
            "inflated-prefix", "user [EMAIL] logged in\n"),
        new Case("gzip decompression bomb", bomb, "DECOMPRESSED_TOO_LARGE", "record", ".json", bomb,
            "inflated-prefix", maskedLines),
        new Case("malformed CloudWatch Logs payload", cwl, "CWL_MALFORMED", "record", ".json", cwl, "inflated", null),
        new Case("truncated KPL aggregate", truncatedKpl, "KPL_TRUNCATED", "record", ".json", truncatedKpl,
            "payload", null),
        new Case("KPL aggregate with a wrong MD5", wrongMd5, "KPL_BAD_MD5", "record", ".json", wrongMd5, "payload",
            null),
        new Case("KPL aggregate with a binary user record", binaryUser, "BINARY", "user-record", "-0.json",
            utf8(BINARY_USER_RECORD), "payload", "\u0000\u0001 " + maskedLines),
        new Case("binary garbage", binary, "BINARY", "record", ".json", binary, "payload", null),
        new Case("JSON nested 200,000 deep", deep, "JSON_TOO_DEEP", "item", "-0-0.json", deep, "payload", null),
        new Case("JSON with 100k fields", wide, "JSON_TOO_COMPLEX", "item", "-0-0.json", wide, "payload", null),
        new Case("1 MiB JSON whose fields fill it", large, "RECORD_TOO_LARGE", "item", "-0-0.json", large, "payload",
            null));
  }

  @ParameterizedTest(name = "{0} -> quarantined masked")
  @MethodSource("quarantined")
  void quarantinesTheBadRecordMaskedNeverInTheClearAnnouncesItAndKeepsTheBatchFlowing(Case c) {
    assertThat(c.data().length).as("fits in one Kinesis record").isLessThanOrEqualTo(ONE_MIB);
    StreamsEventResponse response;
    OutputCapture emf = OutputCapture.start();
    try (emf) {
      response = handler.handleRequest(batchWithFirstRecord(c.data()), new TestContext());
    }

    assertThat(response.getBatchItemFailures()).as("a bad record never fails the batch").isEmpty();
    // the good second record is forwarded, nothing of the bad one is
    assertThat(forwarded()).extracting(r -> r.get("message").asText()).containsExactly("This is only a test.");
    // one quarantine document, the reason and coordinates in its metadata
    String key = KEY_PREFIX + c.keySuffix();
    assertThat(quarantine.objects).containsOnlyKeys(key);
    QuarantineStore.QuarantinedObject object = quarantine.objects.get(key);
    String sha256 = sha256(c.payload());
    assertThat(object.metadata()).containsEntry("reason", c.reason()).containsEntry("scope", c.scope())
        .containsEntry("stage", "ingest").containsEntry("sequence-number", SEQ)
        .containsEntry("payload-sha256", sha256);
    assertThat(object.rawCopy()).as("no raw copy without the opt-in").isNull();
    // the document: masked text, sizes and the hash of the raw bytes, never the raw bytes
    String stored = new String(object.document(), StandardCharsets.UTF_8);
    assertThat(stored).as("the stored object holds no secret in the clear")
        .doesNotContain(EMAIL, PASSWORD, "bob.secret", "Tr0ub");
    assertThat(object.metadata().toString()).doesNotContain(EMAIL, PASSWORD);
    JsonNode document = json(object.document());
    assertThat(document.get("stage").asText()).isEqualTo("ingest");
    assertThat(document.get("reason").asText()).isEqualTo(c.reason());
    assertThat(document.get("scope").asText()).isEqualTo(c.scope());
    assertThat(document.get("sequenceNumber").asText()).isEqualTo(SEQ);
    assertThat(document.get("recordBytes").asInt()).isEqualTo(c.data().length);
    assertThat(document.get("payloadBytes").asInt()).isEqualTo(c.payload().length);
    assertThat(document.get("payloadSha256").asText()).isEqualTo(sha256);
    assertThat(document.get("maskedFrom").asText()).isEqualTo(c.maskedFrom());
    assertThat(document.get("rawCopy").isNull()).isTrue();
    JsonNode masked = document.get("maskedPayload");
    assertThat(masked.isTextual()).as("masked text, not withheld").isTrue();
    if (c.maskedPayload() != null) {
      assertThat(masked.asText()).isEqualTo(c.maskedPayload());
    } else {
      assertThat(masked.asText()).contains("[EMAIL]", "[PASSWORD]");
    }
    assertThat(document.get("masking").get("EMAIL").asInt()).isPositive();
    // the event
    PipelineEvent rejected = events.ofType(EventType.LogRecordsRejected).get(0);
    assertThat(rejected.data().path("count").asInt()).isEqualTo(1);
    assertThat(rejected.data().path("reasons").path(c.reason()).asInt()).isEqualTo(1);
    assertThat(rejected.data().path("quarantined").get(0).path("key").asText()).isEqualTo(key);
    assertThat(rejected.data().toString()).as("the event names the object, never its content").hasSizeLessThan(4096)
        .doesNotContain(EMAIL, PASSWORD);
    // the metrics
    assertThat(emf.metric("RecordsQuarantined")).isEqualTo(1);
    assertThat(emf.metric("RecordsOut")).isEqualTo(1);
    assertThat(emf.metric("BatchRetries")).isZero();
    // the log line: the reason, never the payload
    assertThat(emf.logMessages("WARN")).singleElement().asString().startsWith("Quarantined " + c.scope().toUpperCase()
        .replace('-', '_') + " as " + c.reason());
    assertThat(emf.text()).doesNotContain("bbbbbbbbbbbbbbbb", "\"msg\":\"wide\"", EMAIL, PASSWORD);
  }

  @Test
  void anUnexpectedDecoderFailureIsQuarantinedAsDecoderErrorMaskedNeverInTheClear() {
    // A record without a partition key makes the decoder fail where it sizes the output record (a
    // NullPointerException): the decoder's safety net quarantines the raw record as DECODER_ERROR.
    byte[] data = utf8(SECRET_LINES);
    KinesisEvent event = batchWithFirstRecord(data);
    event.getRecords().get(0).getKinesis().setPartitionKey(null);
    StreamsEventResponse response;
    OutputCapture logs = OutputCapture.start();
    try (logs) {
      response = handler.handleRequest(event, new TestContext());
    }

    assertThat(response.getBatchItemFailures()).isEmpty();
    String key = KEY_PREFIX + ".json";
    assertThat(quarantine.objects).containsOnlyKeys(key);
    QuarantineStore.QuarantinedObject object = quarantine.objects.get(key);
    assertThat(object.metadata()).containsEntry("reason", "DECODER_ERROR");
    assertThat(new String(object.document(), StandardCharsets.UTF_8)).doesNotContain(EMAIL, PASSWORD);
    JsonNode document = json(object.document());
    assertThat(document.get("detail").asText()).isEqualTo("decoder failed: NullPointerException");
    assertThat(document.get("maskedPayload").asText()).isEqualTo("user [EMAIL] logged in\npassword=[PASSWORD]\n");
    assertThat(document.get("payloadSha256").asText()).isEqualTo(sha256(data));
    assertThat(logs.text()).doesNotContain(EMAIL, PASSWORD);
  }

  @Test
  void withARawBucketConfiguredTheRawBytesGoToItAndTheDocumentNamesWhere() {
    IngestConfig optIn = new IngestConfig("normalized-logs", "log-archive", "quarantine/",
        "arn:aws:sns:us-east-1:123456789012:pipeline-events", ONE_MIB, "quarantine-raw", null);
    IngestHandler withRaw = new IngestHandler(optIn, sink, quarantine, events);
    byte[] data = binaryGarbage();

    withRaw.handleRequest(batchWithFirstRecord(data), new TestContext());

    QuarantineStore.QuarantinedObject object = quarantine.objects.get(KEY_PREFIX + ".json");
    assertThat(object.rawCopy()).isNotNull();
    assertThat(object.rawCopy().bucket()).isEqualTo("quarantine-raw");
    assertThat(object.rawCopy().key()).isEqualTo(KEY_PREFIX + ".bin");
    assertThat(object.rawCopy().bytes()).isEqualTo(data);
    JsonNode document = json(object.document());
    assertThat(document.get("rawCopy").get("bucket").asText()).isEqualTo("quarantine-raw");
    assertThat(document.get("rawCopy").get("key").asText()).isEqualTo(KEY_PREFIX + ".bin");
    assertThat(new String(object.document(), StandardCharsets.UTF_8)).doesNotContain(EMAIL, PASSWORD);
  }

  static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
