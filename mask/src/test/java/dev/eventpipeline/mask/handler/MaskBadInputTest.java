package dev.eventpipeline.mask.handler;

import static dev.eventpipeline.mask.handler.KinesisFixtures.SHARD;
import static dev.eventpipeline.mask.handler.KinesisFixtures.record;
import static dev.eventpipeline.mask.handler.KinesisFixtures.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.masking.HashKeySource;
import dev.eventpipeline.common.testing.OutputCapture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What mask does when hostile input reaches enriched-logs (issue 8's log cases: enrich passes a
 * record on unchanged when enriching it fails unexpectedly or would exceed 1 MiB, and a producer
 * can write to the stream directly). Through the real handler: a good record, the bad one, a good
 * record. Every record ends in the archive or the quarantine, masked; nothing fails the batch.
 */
class MaskBadInputTest {
  private static final String SECRET_EMAIL = "jane.doe@example.com";
  private static final int ONE_MIB = 1024 * 1024;

  private final InMemoryArchiveStore store = new InMemoryArchiveStore();
  private final RecordingEventPublisher publisher = new RecordingEventPublisher();
  private final MaskHandler handler = new MaskHandler(MaskConfig.from(Env.of(Map.of("ARCHIVE_BUCKET", "log-archive",
      "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events"))), store, publisher, HashKeySource.none());

  @AfterEach
  void everyPublishedEventHonoursItsContract() {
    EventContract.assertValid(publisher.events());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private StreamsEventResponse run(byte[] middle, OutputCapture out) {
    try (out) {
      return handler.handleRequest(KinesisFixtures.eventOfBytes(
          List.of(utf8(record("r1", "first")), middle, utf8(record("r3", "last"))), 0), null);
    }
  }

  private String archiveKey() {
    return "logs/dt=2015-04-09/hour=00/" + SHARD + "-" + sequence(0) + ".ndjson.gz";
  }

  private static String quarantineKey() {
    return "quarantine/mask/dt=2015-04-09/hour=00/" + SHARD + "-" + sequence(1) + ".json";
  }

  static Stream<Arguments> notJson() {
    byte[] garbage = new byte[4096];
    new Random(8).nextBytes(garbage);
    byte[] withSecret = utf8(" user " + SECRET_EMAIL + " ");
    System.arraycopy(withSecret, 0, garbage, 100, withSecret.length); // a secret inside the garbage
    byte[] invalidUtf8 = utf8(record("r2", "caf? by " + SECRET_EMAIL));
    for (int i = 0; i < invalidUtf8.length; i++) {
      if (invalidUtf8[i] == '?') {
        invalidUtf8[i] = (byte) 0xE9; // Latin-1 e-acute: not UTF-8
      }
    }
    return Stream.of(
        Arguments.of("invalid gzip", new byte[] {0x1F, (byte) 0x8B, 8, 0, 1, 2, 3, 4, 5}),
        Arguments.of("a KPL aggregate", new byte[] {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2, 10, 3, 'k', 'e', 'y'}),
        Arguments.of("binary garbage holding an e-mail address", garbage),
        Arguments.of("a record with invalid UTF-8", invalidUtf8),
        Arguments.of("JSON nested 200,000 deep", utf8("{\"id\":\"d\",\"a\":" + "[".repeat(200_000) + "\"" + SECRET_EMAIL
            + "\"" + "]".repeat(200_000) + "}")));
  }

  @ParameterizedTest(name = "{0} -> quarantined NOT_JSON, masked as text")
  @MethodSource("notJson")
  void quarantinesWhatIsNotAJsonRecordMaskedAsTextAndArchivesTheRest(String name, byte[] payload) throws Exception {
    OutputCapture out = OutputCapture.start();
    StreamsEventResponse response = run(payload, out);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(store.keys()).containsExactlyInAnyOrder(quarantineKey(), archiveKey());
    JsonNode q = Json.MAPPER.readTree(store.text(quarantineKey()));
    assertThat(q.path("reason").asText()).isEqualTo("NOT_JSON");
    assertThat(q.path("sequenceNumber").asText()).isEqualTo(sequence(1));
    assertThat(q.path("maskedPayload").isTextual()).isTrue();
    assertThat(store.text(quarantineKey())).doesNotContain(SECRET_EMAIL);
    assertThat(store.lines(archiveKey())).hasSize(2);
    PipelineEvent rejected = publisher.ofType(EventType.LogRecordsRejected).get(0);
    assertThat(rejected.data().path("reasons").toString()).isEqualTo("{\"NOT_JSON\":1}");
    assertThat(publisher.ofType(EventType.LogBatchArchived).get(0).data().path("quarantined").asInt()).isEqualTo(1);
    assertThat(out.metric("RecordsQuarantined")).isEqualTo(1);
    assertThat(out.metric("RecordsArchived")).isEqualTo(2);
    assertThat(out.logMessages("WARN")).anyMatch(m -> m.startsWith("Quarantined record " + sequence(1) + " (NOT_JSON)"));
    assertThat(out.text()).doesNotContain(SECRET_EMAIL);
  }

  @Test
  void aRecordWith100kFieldsIsArchivedWithEveryValueMasked() throws Exception {
    String fields = IntStream.range(0, 100_000).mapToObj(i -> "\"" + Integer.toString(i, 36) + "\":\"u" + i % 10 + "@x.io\"")
        .collect(Collectors.joining(",", "{", "}"));
    String wide = record("r2", "wide").replace("\"fields\":{\"user\":{\"email\":\"jane@example.com\"}}", "\"fields\":" + fields);
    assertThat(wide).contains("\"zz\":"); // the replacement happened
    assertThat(wide.length()).isLessThan(ONE_MIB * 2);

    OutputCapture out = OutputCapture.start();
    StreamsEventResponse response = run(utf8(wide), out);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(store.keys()).containsExactly(archiveKey());
    JsonNode archived = Json.MAPPER.readTree(store.lines(archiveKey()).get(1));
    assertThat(archived.path("fields").size()).isEqualTo(100_000);
    // every value masked: as an e-mail address, or whole where the key says so ("pwd", "pin", "sid", "otp", "cvv")
    assertThat(archived.path("masking").path("EMAIL").asInt() + archived.path("masking").path("PASSWORD").asInt()
        + archived.path("masking").path("SECRET").asInt()).isEqualTo(100_000);
    assertThat(store.lines(archiveKey()).get(1)).doesNotContain("@x.io");
    assertThat(out.metric("RecordsArchived")).isEqualTo(3);
  }

  @Test
  void aOneMebibyteRecordWithAVeryLongLineIsArchivedMasked() throws Exception {
    // what enrich forwards unchanged when enriching would exceed 1 MiB: a valid record, no enrichment
    String filler = "lorem ipsum dolor sit amet ".repeat(ONE_MIB / 27 - 20);
    String longLine = filler + "contact " + SECRET_EMAIL + " " + filler.substring(0, 100);
    String big = record("r2", longLine).replaceFirst(",\"enrichment\":\\{[^}]*}", "");
    assertThat(big.length()).isBetween(ONE_MIB - 2048, ONE_MIB);

    OutputCapture out = OutputCapture.start();
    StreamsEventResponse response = run(utf8(big), out);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(store.keys()).containsExactly(archiveKey());
    String line = store.lines(archiveKey()).get(1);
    JsonNode archived = Json.MAPPER.readTree(line);
    assertThat(archived.path("id").asText()).isEqualTo("r2");
    assertThat(archived.path("message").asText()).contains("contact [EMAIL] ").hasSizeGreaterThan(ONE_MIB - 4096);
    assertThat(line).doesNotContain(SECRET_EMAIL);
    assertThat(out.metric("RecordsArchived")).isEqualTo(3);
    assertThat(out.metric("MaskedEMAIL")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void enrichsWrapperOfAPayloadThatWasNotJsonIsArchivedMaskedLikeAnyRecord() throws Exception {
    String wrapper = "{\"schemaVersion\":1,\"id\":\"shardId-000000000006.4959.invalid\",\"timestamp\":\"2026-11-23T16:00:01.456Z\","
        + "\"ingestedAt\":\"2026-11-23T16:00:01.456Z\",\"message\":\"\\u0001\\ufffd garbage with " + SECRET_EMAIL + "\","
        + "\"fields\":{},\"origin\":{\"format\":\"invalid\",\"stream\":\"normalized-logs\",\"shardId\":\"shardId-000000000006\","
        + "\"sequenceNumber\":\"4959\",\"partitionKey\":\"1\"},\"enrichment\":{\"environment\":\"prod\","
        + "\"error\":\"not valid JSON: unexpected character at byte 0; invalid UTF-8 replaced\"}}";

    StreamsEventResponse response = run(utf8(wrapper), OutputCapture.start());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(store.keys()).containsExactly(archiveKey());
    JsonNode archived = Json.MAPPER.readTree(store.lines(archiveKey()).get(1));
    assertThat(archived.at("/origin/format").asText()).isEqualTo("invalid");
    assertThat(archived.path("message").asText()).endsWith("garbage with [EMAIL]");
    assertThat(archived.at("/enrichment/error").asText()).startsWith("not valid JSON");
  }
}
