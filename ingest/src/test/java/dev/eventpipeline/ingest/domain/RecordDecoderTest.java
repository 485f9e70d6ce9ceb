package dev.eventpipeline.ingest.domain;

import static dev.eventpipeline.ingest.testing.Fixtures.ARRIVAL;
import static dev.eventpipeline.ingest.testing.Fixtures.SEQ;
import static dev.eventpipeline.ingest.testing.Fixtures.SHARD;
import static dev.eventpipeline.ingest.testing.Fixtures.gzip;
import static dev.eventpipeline.ingest.testing.Fixtures.json;
import static dev.eventpipeline.ingest.testing.Fixtures.raw;
import static dev.eventpipeline.ingest.testing.Fixtures.resource;
import static dev.eventpipeline.ingest.testing.Fixtures.zlib;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.ingest.domain.format.DecodeLimits;
import dev.eventpipeline.ingest.domain.format.Inflate;
import dev.eventpipeline.ingest.domain.format.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecordDecoderTest {
  private final RecordDecoder decoder = new RecordDecoder(DecodeLimits.DEFAULT);
  private static final String ID0 = SHARD + "." + SEQ + ".0.0";

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Nested
  class Json {
    @Test
    void normalizesAJsonObjectIntoTheRecordSchema() {
      DecodeResult result = decoder.decode(raw(
          "{\"timestamp\":\"2026-11-23T16:00:00.123Z\",\"level\":\"error\",\"message\":\"payment failed\","
              + "\"orderId\":42,\"user\":{\"email\":\"jane@example.com\"}}"));

      assertThat(result.rejections()).isEmpty();
      assertThat(result.inputFormat()).isEqualTo(Format.JSON);
      assertThat(result.outputs()).hasSize(1);
      OutputRecord out = result.outputs().get(0);
      assertThat(out.partitionKey()).isEqualTo("pk-1");
      JsonNode r = json(out.json());
      assertThat(r.get("schemaVersion").asInt()).isEqualTo(1);
      assertThat(r.get("id").asText()).isEqualTo(ID0).isEqualTo(out.id());
      assertThat(r.get("timestamp").asText()).isEqualTo("2026-11-23T16:00:00.123Z");
      assertThat(r.get("ingestedAt").asText()).isEqualTo("2026-11-23T16:00:01.456Z");
      assertThat(r.get("level").asText()).isEqualTo("ERROR");
      assertThat(r.get("message").asText()).isEqualTo("payment failed");
      assertThat(r.get("fields").toString()).isEqualTo("{\"orderId\":42,\"user\":{\"email\":\"jane@example.com\"}}");
      JsonNode origin = r.get("origin");
      assertThat(origin.get("format").asText()).isEqualTo("json");
      assertThat(origin.get("stream").asText()).isEqualTo("raw-logs");
      assertThat(origin.get("shardId").asText()).isEqualTo(SHARD);
      assertThat(origin.get("sequenceNumber").asText()).isEqualTo(SEQ);
      assertThat(origin.get("subSequenceNumber").asInt()).isZero();
      assertThat(origin.get("lineIndex").asInt()).isZero();
      assertThat(origin.get("partitionKey").asText()).isEqualTo("pk-1");
      assertThat(r.has("enrichment")).isFalse();
    }

    @Test
    void readsEpochSecondsMillisAndMicrosAndOffsets() {
      assertThat(timestampOf("{\"ts\":1795449600}")).isEqualTo("2026-11-23T16:00:00.000Z");
      assertThat(timestampOf("{\"time\":1795449600123}")).isEqualTo("2026-11-23T16:00:00.123Z");
      assertThat(timestampOf("{\"@timestamp\":1795449600123456}")).isEqualTo("2026-11-23T16:00:00.123Z");
      assertThat(timestampOf("{\"ts\":1795449600.5}")).isEqualTo("2026-11-23T16:00:00.500Z");
      assertThat(timestampOf("{\"time\":\"1795449600\"}")).isEqualTo("2026-11-23T16:00:00.000Z");
      assertThat(timestampOf("{\"timestamp\":\"2026-11-23T17:00:00.5+01:00\"}")).isEqualTo("2026-11-23T16:00:00.500Z");
    }

    @Test
    void keepsAnUnreadableTimeInFieldsAndFallsBackToArrival() {
      JsonNode r = json(decoder.decode(raw("{\"time\":\"yesterday\",\"msg\":\"x\"}")).outputs().get(0).json());
      assertThat(r.get("timestamp").asText()).isEqualTo("2026-11-23T16:00:01.456Z");
      assertThat(r.get("fields").get("time").asText()).isEqualTo("yesterday");
      assertThat(r.get("message").asText()).isEqualTo("x");
    }

    @Test
    void mapsPinoNumericLevelsAndLeavesUnknownLevelsInFields() {
      JsonNode pino = json(decoder.decode(raw("{\"level\":50,\"msg\":\"boom\",\"pid\":1}")).outputs().get(0).json());
      assertThat(pino.get("level").asText()).isEqualTo("ERROR");
      assertThat(pino.get("fields").has("level")).isFalse();

      JsonNode odd = json(decoder.decode(raw("{\"level\":\"loud\",\"msg\":\"x\"}")).outputs().get(0).json());
      assertThat(odd.has("level")).isFalse();
      assertThat(odd.get("fields").get("level").asText()).isEqualTo("loud");
    }

    @Test
    void decodesAPrettyPrintedObjectAsOneRecord() {
      DecodeResult result = decoder.decode(raw("{\n  \"message\": \"hello\",\n  \"n\": [1, 2]\n}\n"));
      assertThat(result.outputs()).hasSize(1);
      assertThat(result.inputFormat()).isEqualTo(Format.JSON);
      assertThat(json(result.outputs().get(0).json()).get("fields").toString()).isEqualTo("{\"n\":[1,2]}");
    }

    @Test
    void decodesNdjsonAsOneRecordPerLineWithTheLineIndexInTheId() {
      DecodeResult result = decoder.decode(raw("{\"msg\":\"a\"}\n\n{\"msg\":\"b\"}\nplain words\n"));
      List<JsonNode> out = json(result.outputs());
      assertThat(result.inputFormat()).isEqualTo(Format.NDJSON);
      assertThat(out).extracting(r -> r.get("message").asText()).containsExactly("a", "b", "plain words");
      assertThat(out).extracting(r -> r.get("origin").get("format").asText()).containsExactly("ndjson", "ndjson", "text");
      assertThat(out).extracting(r -> r.get("id").asText())
          .containsExactly(SHARD + "." + SEQ + ".0.0", SHARD + "." + SEQ + ".0.2", SHARD + "." + SEQ + ".0.3");
    }

    @Test
    void treatsABrokenJsonLineAsText() {
      JsonNode r = json(decoder.decode(raw("{\"msg\": \"truncated")).outputs().get(0).json());
      assertThat(r.get("origin").get("format").asText()).isEqualTo("text");
      assertThat(r.get("message").asText()).isEqualTo("{\"msg\": \"truncated");
    }

    @Test
    void keepsALoneSurrogateEscapeAsValidEscapedJson() {
      DecodeResult result = decoder.decode(raw("{\"msg\":\"bad \\ud800 half\"}"));
      assertThat(result.rejections()).isEmpty();
      byte[] out = result.outputs().get(0).json();
      assertThat(new String(out, StandardCharsets.UTF_8)).contains("\"message\":\"bad \\uD800 half\"");
      assertThat(json(out).get("message").asText()).isEqualTo("bad \ud800 half");
    }

    @Test
    void keepsLongDecimalsExactly() {
      byte[] out = decoder.decode(raw("{\"msg\":\"x\",\"amount\":12345678901234567890.123456789,\"ratio\":0.1,\"price\":1.1000000000000000000}"))
          .outputs().get(0).json();
      assertThat(new String(out, StandardCharsets.UTF_8))
          .contains("\"fields\":{\"amount\":12345678901234567890.123456789,\"ratio\":0.1,\"price\":1.1000000000000000000}");
    }

    private String timestampOf(String record) {
      return json(decoder.decode(raw(record)).outputs().get(0).json()).get("timestamp").asText();
    }
  }

  @Nested
  class Text {
    @Test
    void emitsOneRecordPerNonBlankLineAndHandlesCrlf() {
      DecodeResult result = decoder.decode(raw("first line\r\n\r\n   \r\nsecond ERROR line\r\nthird"));
      List<JsonNode> out = json(result.outputs());
      assertThat(out).extracting(r -> r.get("message").asText()).containsExactly("first line", "second ERROR line", "third");
      assertThat(out).extracting(r -> r.get("origin").get("lineIndex").asInt()).containsExactly(0, 3, 4);
      assertThat(out.get(1).get("level").asText()).isEqualTo("ERROR");
      assertThat(out.get(0).has("level")).isFalse();
      assertThat(out.get(0).get("fields").size()).isZero();
      assertThat(out.get(0).get("timestamp").asText()).isEqualTo("2026-11-23T16:00:01.456Z");
    }

    @Test
    void stripsAUtf8ByteOrderMark() {
      byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
      byte[] data = concat(bom, utf8("{\"msg\":\"after bom\"}"));
      JsonNode r = json(decoder.decode(raw(data)).outputs().get(0).json());
      assertThat(r.get("origin").get("format").asText()).isEqualTo("json");
      assertThat(r.get("message").asText()).isEqualTo("after bom");

      JsonNode text = json(decoder.decode(raw(concat(bom, utf8("plain")))).outputs().get(0).json());
      assertThat(text.get("message").asText()).isEqualTo("plain");
    }

    @Test
    void replacesInvalidUtf8WithoutFailing() {
      byte[] latin1 = "caf\u00e9 cr\u00e8me br\u00fbl\u00e9e".getBytes(StandardCharsets.ISO_8859_1);
      DecodeResult result = decoder.decode(raw(latin1));
      assertThat(result.rejections()).isEmpty();
      assertThat(json(result.outputs().get(0).json()).get("message").asText()).isEqualTo("caf\uFFFD cr\uFFFDme br\uFFFDl\uFFFDe");
    }

    @Test
    void decodesTextThatHappensToStartLikeAZlibHeader() {
      assertThat(Inflate.isZlib(utf8("x^2 grows fast"))).isTrue();
      DecodeResult result = decoder.decode(raw("x^2 grows fast"));
      assertThat(result.rejections()).isEmpty();
      assertThat(json(result.outputs().get(0).json()).get("message").asText()).isEqualTo("x^2 grows fast");
    }

    @Test
    void decodesGzipCompressedPlainLogsAsText() {
      byte[] syslog = resource("logs/syslog");
      DecodeResult result = decoder.decode(raw(gzip(syslog)));
      List<JsonNode> out = json(result.outputs());
      assertThat(out).hasSize((int) new String(syslog, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count());
      assertThat(out.get(0).get("origin").get("compression").asText()).isEqualTo("gzip");
      assertThat(out.get(0).get("fields").get("host").asText()).isEqualTo("myhostname.myhost.com");
      assertThat(out.get(0).get("message").asText()).isEqualTo("INFO No new content in \u00edmynd.dd.");
      assertThat(out.get(0).get("level").asText()).isEqualTo("INFO");
    }

    @Test
    void producesNothingForAnEmptyRecord() {
      DecodeResult result = decoder.decode(raw(new byte[0]));
      assertThat(result.empty()).isTrue();
      assertThat(result.outputs()).isEmpty();
      assertThat(result.rejections()).isEmpty();
      assertThat(decoder.decode(raw(" \n\r\n ")).empty()).isTrue();
    }
  }

  @Nested
  class CloudWatchLogs {
    @Test
    void decodesAGzipDataMessageIntoOneRecordPerLogEvent() {
      byte[] decoded = resource("decoded/powertools_kinesisStreamCloudWatchLogsEvent_record0_decoded.json");
      DecodeResult result = decoder.decode(raw(gzip(decoded)));

      assertThat(result.inputFormat()).isEqualTo(Format.CWL);
      List<JsonNode> out = json(result.outputs());
      assertThat(out).hasSize(3);
      JsonNode first = out.get(0);
      assertThat(first.get("message").asText()).isEqualTo("START RequestId: 06e46194-f277-454e-88d3-1dd7e3860eaa Version: $LATEST");
      assertThat(first.get("timestamp").asText()).isEqualTo("2022-11-10T15:10:27.015Z");
      JsonNode origin = first.get("origin");
      assertThat(origin.get("format").asText()).isEqualTo("cwl");
      assertThat(origin.get("logGroup").asText()).isEqualTo("/aws/lambda/pt-1488-DummyLogDataFunction-gnWXPvL6jJyG");
      assertThat(origin.get("logStream").asText()).isEqualTo("2022/11/10/[$LATEST]26b6a45d574f442ea28438923cbf7bf7");
      assertThat(origin.get("owner").asText()).isEqualTo("231436140809");
      assertThat(origin.get("subscriptionFilters").get(0).asText()).isEqualTo("pt-1488-CloudWatchLogsToKinesisSubscriptionFilter-5gkxsK0HpHDI");
      assertThat(origin.get("eventId").asText()).isEqualTo("37199717562907174288355125807040114704837640994633613312");
      assertThat(out).extracting(r -> r.get("origin").get("lineIndex").asInt()).containsExactly(0, 1, 2);
      // REPORT keeps its inner newline; only the trailing one goes
      assertThat(out.get(2).get("message").asText()).contains("\nXRAY TraceId").doesNotEndWith("\n");
      assertThat(result.outputs()).extracting(OutputRecord::partitionKey).containsOnly(
          "/aws/lambda/pt-1488-DummyLogDataFunction-gnWXPvL6jJyG:2022/11/10/[$LATEST]26b6a45d574f442ea28438923cbf7bf7");
    }

    @Test
    void decodesAZlibPayloadAsRealPayloadsSometimesAre() {
      var event = EventLoader.loadCloudWatchLogsEvent("events/cloudWatchLogEventWithPolicyLevel.json");
      byte[] payload = Base64.getDecoder().decode(event.getAwsLogs().getData());
      assertThat(payload[0]).isEqualTo((byte) 0x78);

      DecodeResult result = decoder.decode(raw(payload));
      List<JsonNode> out = json(result.outputs());
      assertThat(out).extracting(r -> r.get("message").asText())
          .containsExactly("[ERROR] First test message", "[ERROR] Second test message");
      assertThat(out).extracting(r -> r.get("level").asText()).containsOnly("ERROR");
      assertThat(out.get(1).get("timestamp").asText()).isEqualTo("2015-08-24T19:03:07.001Z");
      assertThat(out.get(0).get("origin").get("eventId").asText()).isEqualTo("eventId1");
    }

    @Test
    void acknowledgesAControlMessageAndProducesNothing() {
      byte[] control = resource("decoded/sam_KinesisFirehoseCloudwatchLogsProcessor_record0_CONTROL_MESSAGE.json");
      DecodeResult result = decoder.decode(raw(gzip(control)));
      assertThat(result.control()).isTrue();
      assertThat(result.outputs()).isEmpty();
      assertThat(result.rejections()).isEmpty();
    }

    @Test
    void readsLevelMessageAndFieldsFromJsonLogEvents() {
      String payload = "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"/aws/lambda/orders\","
          + "\"logStream\":\"s\",\"subscriptionFilters\":[\"all\"],\"logEvents\":[{\"id\":\"1\",\"timestamp\":1795449600123,"
          + "\"message\":\"{\\\"timestamp\\\":\\\"2020-01-01T00:00:00Z\\\",\\\"level\\\":\\\"WARN\\\",\\\"message\\\":\\\"slow\\\",\\\"requestId\\\":\\\"r-1\\\"}\\n\"}]}";
      JsonNode r = json(decoder.decode(raw(gzip(utf8(payload)))).outputs().get(0).json());
      assertThat(r.get("level").asText()).isEqualTo("WARN");
      assertThat(r.get("message").asText()).isEqualTo("slow");
      assertThat(r.get("timestamp").asText()).isEqualTo("2026-11-23T16:00:00.123Z"); // the CloudWatch timestamp wins
      assertThat(r.get("fields").get("requestId").asText()).isEqualTo("r-1");
      assertThat(r.get("origin").get("innerFormat").asText()).isEqualTo("json");
    }

    @Test
    void quarantinesAPayloadWithMessageTypeButNoEvents() {
      DecodeResult result = decoder.decode(raw(gzip(utf8("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":7}"))));
      assertThat(result.outputs()).isEmpty();
      assertThat(result.rejections()).singleElement().satisfies(r -> {
        assertThat(r.reason()).isEqualTo(RejectReason.CWL_MALFORMED);
        assertThat(r.scope()).isEqualTo(Rejection.Scope.RECORD);
      });
    }

    @Test
    void hashesPartitionKeysLongerThanKinesisAllows() {
      String group = "/aws/lambda/" + "g".repeat(300);
      String key = RecordDecoder.cwlPartitionKey(group, "stream");
      assertThat(key).hasSize(256).startsWith("/aws/lambda/ggg").contains("#");
      assertThat(RecordDecoder.cwlPartitionKey(group, "stream")).isEqualTo(key);
      assertThat(RecordDecoder.cwlPartitionKey(group, "other")).isNotEqualTo(key);
    }
  }

  @Nested
  class BadInput {
    @Test
    void quarantinesInvalidGzipWithItsRawBytes() {
      byte[] bad = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
      DecodeResult result = decoder.decode(raw(bad));
      assertThat(result.outputs()).isEmpty();
      assertThat(result.rejections()).singleElement().satisfies(r -> {
        assertThat(r.reason()).isEqualTo(RejectReason.INVALID_GZIP);
        assertThat(r.bytes()).isEqualTo(bad);
      });
    }

    @Test
    void quarantinesTruncatedGzip() {
      byte[] good = gzip(resource("decoded/powertools_kinesisStreamCloudWatchLogsEvent_record0_decoded.json"));
      byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
      assertThat(decoder.decode(raw(cut)).rejections()).extracting(Rejection::reason).containsExactly(RejectReason.INVALID_GZIP);
    }

    @Test
    void quarantinesADecompressionBombAtTheCap() {
      RecordDecoder small = new RecordDecoder(new DecodeLimits(1024 * 1024, 1024 * 1024, 64, 10_000));
      byte[] bomb = gzip(new byte[8 * 1024 * 1024]);
      assertThat(bomb.length).isLessThan(20_000);
      assertThat(small.decode(raw(bomb)).rejections()).extracting(Rejection::reason)
          .containsExactly(RejectReason.DECOMPRESSED_TOO_LARGE);
    }

    @Test
    void keepsTheStartOfWhatInflatedBeforeTheCapForTheQuarantineToMask() {
      byte[] bomb = gzip(new byte[40 * 1024 * 1024]);
      Rejection r = decoder.decode(raw(bomb)).rejections().get(0);
      assertThat(r.reason()).isEqualTo(RejectReason.DECOMPRESSED_TOO_LARGE);
      assertThat(r.bytes()).isEqualTo(bomb);
      assertThat(r.inflated()).as("bounded: never the 32 MiB that inflated").hasSize(Inflate.PREFIX_KEPT_BYTES);
      assertThat(r.inflatedWhole()).isFalse();
    }

    @Test
    void keepsWhatInflatedBeforeAGzipErrorAndTheWholeTextOfAMalformedCloudWatchPayload() {
      byte[] gz = gzip(utf8("line one\nline two\n"));
      gz[gz.length - 8] ^= 1; // CRC mismatch: everything inflated, then refused
      Rejection crc = decoder.decode(raw(gz)).rejections().get(0);
      assertThat(crc.reason()).isEqualTo(RejectReason.INVALID_GZIP);
      assertThat(new String(crc.inflated(), StandardCharsets.UTF_8)).isEqualTo("line one\nline two\n");
      assertThat(crc.inflatedWhole()).isFalse();

      String payload = "{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[]}";
      Rejection cwl = decoder.decode(raw(gzip(utf8(payload)))).rejections().get(0);
      assertThat(cwl.reason()).isEqualTo(RejectReason.CWL_MALFORMED);
      assertThat(new String(cwl.inflated(), StandardCharsets.UTF_8)).isEqualTo(payload);
      assertThat(cwl.inflatedWhole()).isTrue();
    }

    @Test
    void keepsTheInflatedBytesOfACompressedBinaryRecord() {
      byte[] binary = {0, 1, 2, 'a', 'b', 0};
      Rejection r = decoder.decode(raw(gzip(binary))).rejections().get(0);
      assertThat(r.reason()).isEqualTo(RejectReason.BINARY);
      assertThat(r.inflated()).isEqualTo(binary);
      assertThat(r.inflatedWhole()).isTrue();
    }

    @Test
    void quarantinesBinaryGarbage() {
      byte[] garbage = new byte[2048];
      new Random(42).nextBytes(garbage);
      garbage[0] = 0x42; // not a known magic
      DecodeResult result = decoder.decode(raw(garbage));
      assertThat(result.outputs()).isEmpty();
      assertThat(result.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.BINARY);
    }

    @Test
    void quarantinesADeeplyNestedJsonRecordWithoutBlowingTheStack() {
      String bomb = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
      DecodeResult result = decoder.decode(raw(bomb));
      assertThat(result.outputs()).isEmpty();
      assertThat(result.rejections()).singleElement().satisfies(r -> {
        assertThat(r.reason()).isEqualTo(RejectReason.JSON_TOO_DEEP);
        assertThat(r.scope()).isEqualTo(Rejection.Scope.ITEM);
        assertThat(r.lineIndex()).isZero();
      });
    }

    @Test
    void quarantinesOnlyTheBadLineOfAnNdjsonRecord() {
      String deep = "{\"a\":" + "{\"b\":".repeat(200) + "1" + "}".repeat(200) + "}";
      DecodeResult result = decoder.decode(raw("{\"msg\":\"ok 1\"}\n" + deep + "\n{\"msg\":\"ok 2\"}"));
      assertThat(json(result.outputs())).extracting(r -> r.get("message").asText()).containsExactly("ok 1", "ok 2");
      assertThat(result.rejections()).singleElement().satisfies(r -> {
        assertThat(r.reason()).isEqualTo(RejectReason.JSON_TOO_DEEP);
        assertThat(r.lineIndex()).isEqualTo(1);
        assertThat(new String(r.bytes(), StandardCharsets.UTF_8)).isEqualTo(deep);
      });
    }

    @Test
    void quarantinesJsonWith100kFieldsAtTheMemberLimit() {
      // refused once the 10,001st member is read, before the rest is parsed (timing is never asserted)
      String wide = IntStream.range(0, 100_000).mapToObj(i -> "\"f" + i + "\":" + i)
          .collect(Collectors.joining(",", "{", "}"));
      DecodeResult result = decoder.decode(raw(wide));
      assertThat(result.rejections()).extracting(Rejection::reason).containsExactly(RejectReason.JSON_TOO_COMPLEX);
    }

    @Test
    void splitsAOneMebibyteLineIntoPartsThatEachFit() {
      StringBuilder line = new StringBuilder();
      Random random = new Random(7);
      while (line.length() < 1024 * 1024) {
        line.append("word").append(random.nextInt(1000)).append(random.nextBoolean() ? " \"q\" " : " é ");
      }
      String message = line.toString();
      DecodeResult result = decoder.decode(raw(message));

      assertThat(result.rejections()).isEmpty();
      assertThat(result.splitRecords()).isEqualTo(1);
      assertThat(result.outputs()).hasSizeGreaterThan(1);
      assertThat(result.outputs()).allSatisfy(o ->
          assertThat(o.json().length + o.partitionKey().length()).isLessThanOrEqualTo(DecodeLimits.KINESIS_MAX_RECORD_BYTES));
      List<JsonNode> parts = json(result.outputs());
      int n = parts.size();
      assertThat(parts).extracting(p -> p.get("id").asText())
          .containsExactlyElementsOf(IntStream.rangeClosed(1, n).mapToObj(i -> ID0 + ".p" + i).toList());
      assertThat(parts).extracting(p -> p.get("origin").get("parts").asInt()).containsOnly(n);
      assertThat(parts.stream().map(p -> p.get("message").asText()).collect(Collectors.joining())).isEqualTo(message);
    }

    @Test
    void splitsAVeryLongCompressedLineIntoManyParts() {
      String line = "x".repeat(5 * 1024 * 1024);
      DecodeResult result = decoder.decode(raw(gzip(utf8(line))));
      assertThat(result.outputs()).hasSize(6);
      assertThat(json(result.outputs()).stream().mapToInt(p -> p.get("message").asText().length()).sum()).isEqualTo(line.length());
    }

    @Test
    void quarantinesARecordWhoseFieldsAloneAreOverTheLimit() {
      RecordDecoder tight = new RecordDecoder(DecodeLimits.DEFAULT.withMaxRecordBytes(64 * 1024));
      String big = "{\"msg\":\"small\",\"blob\":\"" + "b".repeat(100_000) + "\"}";
      DecodeResult result = tight.decode(raw(big));
      assertThat(result.outputs()).isEmpty();
      assertThat(result.rejections()).singleElement().satisfies(r -> {
        assertThat(r.reason()).isEqualTo(RejectReason.RECORD_TOO_LARGE);
        assertThat(new String(r.bytes(), StandardCharsets.UTF_8)).isEqualTo(big);
      });
    }
  }

  @Test
  void isDeterministicSoARetriedRecordYieldsTheSameBytes() {
    byte[] data = utf8("{\"msg\":\"a\",\"x\":1}\nline two\n");
    DecodeResult a = decoder.decode(raw(data));
    DecodeResult b = decoder.decode(raw(data));
    assertThat(a.outputs()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(a.outputs().get(i).json()).isEqualTo(b.outputs().get(i).json());
    }
    assertThat(ARRIVAL).isPositive();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
