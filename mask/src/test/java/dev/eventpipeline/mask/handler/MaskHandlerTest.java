package dev.eventpipeline.mask.handler;

import static dev.eventpipeline.mask.handler.KinesisFixtures.SHARD;
import static dev.eventpipeline.mask.handler.KinesisFixtures.record;
import static dev.eventpipeline.mask.handler.KinesisFixtures.sequence;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.mask.port.HashKeySource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MaskHandlerTest {
  private static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String KEY_PREFIX = "logs/dt=2015-04-09/hour=00/" + SHARD + "-";

  private final InMemoryArchiveStore store = new InMemoryArchiveStore();
  private final RecordingEventPublisher publisher = new RecordingEventPublisher();

  @AfterEach
  void everyPublishedEventHonoursItsContract() {
    EventContract.assertValid(publisher.events());
  }

  private MaskHandler handler(Map<String, String> extraEnv, HashKeySource keys) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("ARCHIVE_BUCKET", "log-archive",
        "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events"));
    env.putAll(extraEnv);
    return new MaskHandler(MaskConfig.from(Env.of(env)), store, publisher, keys);
  }

  private MaskHandler handler() {
    return handler(Map.of(), HashKeySource.none());
  }

  private static List<String> threeRecords() {
    return List.of(
        record("r1", "order 42 placed by jane@example.com"),
        record("r2", "using key " + AWS_KEY + " from 10.0.0.7"),
        record("r3", "health check ok"));
  }

  @Test
  void archivesOneGzipNdjsonObjectPerBatchWithEveryRecordMasked() throws Exception {
    StreamsEventResponse response = handler().handleRequest(KinesisFixtures.event(threeRecords()), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    String key = KEY_PREFIX + sequence(0) + ".ndjson.gz";
    assertThat(store.keys()).containsExactly(key);
    List<String> lines = store.lines(key);
    assertThat(lines).hasSize(3);
    JsonNode first = Json.MAPPER.readTree(lines.get(0));
    assertThat(first.path("id").asText()).isEqualTo("r1");
    assertThat(first.path("message").asText()).isEqualTo("order 42 placed by [EMAIL]");
    assertThat(first.path("enrichment").path("host").asText()).isEqualTo("[IPV4]");
    assertThat(first.path("masking").toString()).isEqualTo("{\"EMAIL\":2,\"IPV4\":1}");
    assertThat(String.join("\n", lines)).doesNotContain("jane@example.com", AWS_KEY, "10.0.0.7", "10.1.2.3");
  }

  @Test
  void publishesLogBatchArchivedAndSensitiveDataDetectedWithTypesAndIdsNeverValues() {
    handler().handleRequest(KinesisFixtures.event(threeRecords()), null);

    PipelineEvent archived = publisher.ofType(EventType.LogBatchArchived).get(0);
    String key = KEY_PREFIX + sequence(0) + ".ndjson.gz";
    assertThat(archived.subject()).isEqualTo(key);
    assertThat(archived.data().path("records").asInt()).isEqualTo(3);
    assertThat(archived.data().path("bytes").asLong()).isEqualTo(store.objects.get(key).length);
    assertThat(archived.data().path("streamName").asText()).isEqualTo("enriched-logs");
    assertThat(archived.data().path("masked").toString()).isEqualTo("{\"AWS_ACCESS_KEY_ID\":1,\"EMAIL\":4,\"IPV4\":4}");

    PipelineEvent sensitive = publisher.ofType(EventType.SensitiveDataDetected).get(0);
    assertThat(sensitive.data().path("types").toString()).isEqualTo("{\"AWS_ACCESS_KEY_ID\":1}");
    assertThat(sensitive.data().path("recordIds").toString()).isEqualTo("[\"r2\"]");
    assertThat(sensitive.data().path("truncated").asBoolean()).isFalse();
    assertThat(sensitive.data().toString()).doesNotContain(AWS_KEY);
    assertThat(publisher.ofType(EventType.LogRecordsRejected)).isEmpty();
  }

  @Test
  void aBisectedRetryAfterACrashThatHadArchivedTheWholeBatchLeavesEveryRecordInTheArchiveOnce() throws Exception {
    List<String> records = threeRecords();
    // The first attempt archived all three, then the function crashed before returning, so
    // Lambda bisects the batch: [r1] then [r2, r3].
    handler().handleRequest(KinesisFixtures.event(records), null);
    handler().handleRequest(KinesisFixtures.event(records.subList(0, 1), 0), null);
    handler().handleRequest(KinesisFixtures.event(records.subList(1, 3), 1), null);

    List<String> ids = new java.util.ArrayList<>();
    for (String key : store.keys()) {
      for (String line : store.lines(key)) {
        ids.add(Json.MAPPER.readTree(line).path("id").asText());
      }
    }
    assertThat(store.keys()).containsExactlyInAnyOrder(KEY_PREFIX + sequence(0) + ".ndjson.gz",
        KEY_PREFIX + sequence(1) + ".ndjson.gz");
    assertThat(ids).containsExactlyInAnyOrder("r1", "r2", "r3");
  }

  @Test
  void aRetriedBatchOverwritesTheSameKeyWithTheSameBytesAndEventIds() {
    KinesisEvent event = KinesisFixtures.event(threeRecords());
    handler().handleRequest(event, null);
    Map<String, byte[]> firstRun = Map.copyOf(store.objects);
    List<String> firstIds = publisher.events().stream().map(PipelineEvent::id).toList();

    handler().handleRequest(KinesisFixtures.event(threeRecords()), null);

    assertThat(store.keys()).hasSize(1);
    assertThat(store.puts).isEqualTo(2);
    String key = store.keys().get(0);
    assertThat(store.objects.get(key)).isEqualTo(firstRun.get(key));
    assertThat(publisher.events().stream().map(PipelineEvent::id).skip(firstIds.size()).toList()).isEqualTo(firstIds);
  }

  @Test
  void dropsALaterCopyOfARecordIdWithinTheBatch() {
    List<String> payloads = List.of(record("r1", "first"), record("r2", "second"), record("r1", "first again"));

    handler().handleRequest(KinesisFixtures.event(payloads), null);

    List<String> lines = store.lines(store.keys().get(0));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("\"message\":\"first\"");
    assertThat(publisher.ofType(EventType.LogBatchArchived).get(0).data().path("records").asInt()).isEqualTo(2);
  }

  @Test
  void quarantinesARecordThatIsNotJsonMaskedAsTextNeverInTheClear() throws Exception {
    List<String> payloads = List.of(record("r1", "fine"),
        "ERROR enrich failed for jane@example.com password=hunter2 card 4111 1111 1111 1111",
        record("r3", "also fine"));

    StreamsEventResponse response = handler().handleRequest(KinesisFixtures.event(payloads), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    String quarantineKey = "quarantine/mask/dt=2015-04-09/hour=00/" + SHARD + "-" + sequence(1) + ".json";
    assertThat(store.keys()).contains(quarantineKey);
    JsonNode q = Json.MAPPER.readTree(store.text(quarantineKey));
    assertThat(q.path("reason").asText()).isEqualTo("NOT_JSON");
    assertThat(q.path("sequenceNumber").asText()).isEqualTo(sequence(1));
    assertThat(q.path("maskedPayload").asText())
        .isEqualTo("ERROR enrich failed for [EMAIL] password=[PASSWORD] card [CREDIT_CARD:****1111]");
    assertThat(store.lines(KEY_PREFIX + sequence(0) + ".ndjson.gz")).hasSize(2);

    PipelineEvent rejected = publisher.ofType(EventType.LogRecordsRejected).get(0);
    assertThat(rejected.data().path("reasons").toString()).isEqualTo("{\"NOT_JSON\":1}");
    assertThat(rejected.data().path("quarantined").get(0).path("key").asText()).isEqualTo(quarantineKey);
    assertThat(publisher.ofType(EventType.LogBatchArchived).get(0).data().path("quarantined").asInt()).isEqualTo(1);
    // the password in the quarantined record is a credential: reported by shard and sequence
    assertThat(publisher.ofType(EventType.SensitiveDataDetected).get(0).data().path("recordIds").toString())
        .isEqualTo("[\"" + SHARD + "." + sequence(1) + "\"]");
  }

  @Test
  void quarantinesRecordsWithoutIdOrNestedTooDeep() throws Exception {
    String deep = "{\"id\":\"d\",\"a\":" + "[".repeat(1500) + "\"jane@example.com\"" + "]".repeat(1500) + "}";
    handler().handleRequest(KinesisFixtures.event(List.of("{\"message\":\"no id jane@example.com\"}", deep)), null);

    assertThat(store.keys()).hasSize(2).allMatch(k -> k.startsWith("quarantine/mask/"));
    assertThat(store.text(store.keys().get(0))).contains("NO_RECORD_ID").doesNotContain("jane@example.com");
    assertThat(store.text(store.keys().get(1))).contains("NOT_JSON").doesNotContain("jane@example.com");
    assertThat(publisher.ofType(EventType.LogBatchArchived)).isEmpty();
    assertThat(publisher.ofType(EventType.LogRecordsRejected).get(0).data().path("count").asInt()).isEqualTo(2);
  }

  @Test
  void aRecordThatCannotBeMaskedAtAllIsQuarantinedWithItsPayloadWithheld() throws Exception {
    HashKeySource broken = () -> {
      throw new IllegalStateException("a bug in the key source");
    };
    MaskHandler handler = handler(Map.of("MASK_POLICY", "{\"operators\":{\"EMAIL\":\"HASH\"}}",
        "MASK_HASH_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:k"), broken);

    StreamsEventResponse response = handler.handleRequest(KinesisFixtures.event(List.of(record("r1", "hi"))), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    JsonNode q = Json.MAPPER.readTree(store.text(store.keys().get(0)));
    assertThat(q.path("reason").asText()).isEqualTo("MASKING_FAILED");
    assertThat(q.path("maskedPayload").isNull()).isTrue();
    assertThat(store.keys()).hasSize(1);
  }

  @Test
  void anArchiveWriteFailureFailsTheWholeBatchFromItsFirstRecord() {
    store.failPutsOfKeysContaining("logs/");

    StreamsEventResponse response = handler().handleRequest(KinesisFixtures.event(threeRecords()), null);

    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(sequence(0));
    assertThat(store.keys()).isEmpty();
    assertThat(publisher.events()).isEmpty();
  }

  @Test
  void aPublicationFailureDoesNotFailABatchThatIsAlreadyArchived() {
    publisher.failNext(1);

    StreamsEventResponse response = handler().handleRequest(KinesisFixtures.event(threeRecords()), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(store.keys()).hasSize(1);
  }

  @Test
  void aHashKeyThatCannotBeReadFailsTheBatchBeforeAnythingIsWritten() {
    MaskHandler handler = handler(Map.of("MASK_POLICY", "{\"operators\":{\"EMAIL\":\"HASH\"}}",
        "MASK_HASH_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:k"), HashKeySource.none());

    StreamsEventResponse response = handler.handleRequest(KinesisFixtures.event(threeRecords(), 5), null);

    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(sequence(5));
    assertThat(store.keys()).isEmpty();
  }

  @Test
  void hashPolicyGivesStablePseudonymsAcrossRecords() throws Exception {
    MaskHandler handler = handler(Map.of("MASK_POLICY", "{\"operators\":{\"EMAIL\":\"HASH\"}}",
        "MASK_HASH_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:k"),
        HashKeySource.fixed("a-test-key-of-at-least-16-bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    handler.handleRequest(KinesisFixtures.event(List.of(record("r1", "by jane@example.com"), record("r2", "JANE@example.com"))), null);

    List<String> lines = store.lines(store.keys().get(0));
    String a = Json.MAPPER.readTree(lines.get(0)).path("message").asText().substring(3);
    String b = Json.MAPPER.readTree(lines.get(1)).path("message").asText();
    assertThat(a).matches("\\[EMAIL:[0-9a-f]{8}]").isEqualTo(b);
  }

  @Test
  void capsSensitiveRecordIdsAt500AndSaysSo() {
    List<String> payloads = new ArrayList<>();
    IntStream.range(0, 501).forEach(i -> payloads.add(record("r" + i, "password=hunter" + i)));

    handler().handleRequest(KinesisFixtures.event(payloads), null);

    JsonNode data = publisher.ofType(EventType.SensitiveDataDetected).get(0).data();
    assertThat(data.path("recordIds").size()).isEqualTo(500);
    assertThat(data.path("recordCount").asInt()).isEqualTo(501);
    assertThat(data.path("truncated").asBoolean()).isTrue();
    assertThat(data.path("types").toString()).isEqualTo("{\"PASSWORD\":501}");
  }

  @Test
  void anEmptyEventSucceedsWithoutWriting() {
    KinesisEvent event = new KinesisEvent();
    event.setRecords(List.of());
    assertThat(handler().handleRequest(event, null).getBatchItemFailures()).isEmpty();
    assertThat(store.keys()).isEmpty();
  }
}
