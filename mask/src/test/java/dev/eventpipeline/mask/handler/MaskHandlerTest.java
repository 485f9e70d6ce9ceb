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
import dev.eventpipeline.masking.HashKeySource;
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

  private List<String> archivedIds() throws Exception {
    List<String> ids = new ArrayList<>();
    for (String key : store.keys()) {
      if (key.startsWith("logs/")) {
        for (String line : store.lines(key)) {
          ids.add(Json.MAPPER.readTree(line).path("id").asText());
        }
      }
    }
    return ids;
  }

  private static String key(int sequenceIndex) {
    return KEY_PREFIX + sequence(sequenceIndex) + ".ndjson.gz";
  }

  @Test
  void aBisectedRetryHandledByTheProcessThatRanItsFirstHalfArchivesNothingTwice() throws Exception {
    List<String> records = threeRecords();
    // The first attempt archived all three, then its process crashed before returning, so Lambda
    // bisects the batch and runs [r1] then [r2, r3] in a new environment.
    handler().handleRequest(KinesisFixtures.event(records), null);
    MaskHandler retry = handler();

    retry.handleRequest(KinesisFixtures.event(records.subList(0, 1), 0), null);
    retry.handleRequest(KinesisFixtures.event(records.subList(1, 3), 1), null);

    assertThat(store.keys()).as("the second half is recognized in the object the first half read")
        .containsExactly(key(0));
    assertThat(store.lines(key(0))).hasSize(3);
    assertThat(archivedIds()).containsExactly("r1", "r2", "r3");
    assertThat(publisher.ofType(EventType.LogBatchArchived).get(1).data().path("records").asInt())
        .as("the object as rewritten by the first half").isEqualTo(3);
  }

  @Test
  void aBisectedRetryWhoseHalvesRunInFreshProcessesNeverShrinksTheEarlierObjectAndLosesNothing() throws Exception {
    List<String> records = threeRecords();
    handler().handleRequest(KinesisFixtures.event(records), null);
    byte[] written = store.objects.get(key(0));

    handler().handleRequest(KinesisFixtures.event(records.subList(0, 1), 0), null);
    handler().handleRequest(KinesisFixtures.event(records.subList(1, 3), 1), null);

    assertThat(store.objects.get(key(0))).as("the first half rewrote the object it read, unchanged").isEqualTo(written);
    assertThat(archivedIds()).as("nothing lost; the second half's process could not know its records were archived")
        .containsExactlyInAnyOrder("r1", "r2", "r3", "r2", "r3");
  }

  @Test
  void copiesOfRecordsArchivedByAnEarlierBatchAreDropped() throws Exception {
    MaskHandler mask = handler();
    mask.handleRequest(KinesisFixtures.event(List.of(record("r1", "one"), record("r2", "two")), 0), null);

    // enrich crashed after forwarding r1 and r2; its retry forwarded them again, then r3
    StreamsEventResponse response = mask.handleRequest(KinesisFixtures.event(
        List.of(record("r1", "one"), record("r2", "two"), record("r3", "three")), 2), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(archivedIds()).containsExactly("r1", "r2", "r3");
    assertThat(store.keys()).as("named after the first record written to it").containsExactly(key(0), key(4));
    PipelineEvent archived = publisher.ofType(EventType.LogBatchArchived).get(1);
    assertThat(archived.data().path("records").asInt()).isEqualTo(1);
    assertThat(archived.data().path("firstSequenceNumber").asText()).isEqualTo(sequence(2));
  }

  @Test
  void aBatchWhoseRecordsWereAllArchivedBeforeWritesAndPublishesNothing() {
    MaskHandler mask = handler();
    mask.handleRequest(KinesisFixtures.event(threeRecords(), 0), null);
    int events = publisher.events().size();

    StreamsEventResponse response = mask.handleRequest(KinesisFixtures.event(threeRecords(), 3), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(store.keys()).containsExactly(key(0));
    assertThat(store.puts).isEqualTo(1);
    assertThat(publisher.events()).hasSize(events);
  }

  @Test
  void aRedeliveredBatchNeverRewritesTheObjectItsEarlierRecordsAreIn() throws Exception {
    MaskHandler mask = handler();
    mask.handleRequest(KinesisFixtures.event(threeRecords(), 0), null);
    byte[] written = store.objects.get(key(0));

    // the same records again, and one more: only r4 is new, and it gets its own object
    List<String> longer = new ArrayList<>(threeRecords());
    longer.add(record("r4", "four"));
    mask.handleRequest(KinesisFixtures.event(longer, 0), null);

    assertThat(store.objects.get(key(0))).isEqualTo(written);
    assertThat(store.keys()).containsExactly(key(0), key(3));
    assertThat(archivedIds()).containsExactly("r1", "r2", "r3", "r4");
  }

  @Test
  void aLongerRetryInAFreshProcessKeepsTheEarlierObjectsRecordsFirstAndAddsItsOwn() throws Exception {
    handler().handleRequest(KinesisFixtures.event(threeRecords(), 0), null);
    List<String> earlier = store.lines(key(0));

    List<String> longer = new ArrayList<>(threeRecords());
    longer.add(record("r4", "four"));
    handler().handleRequest(KinesisFixtures.event(longer, 0), null);

    List<String> lines = store.lines(key(0));
    assertThat(lines.subList(0, 3)).isEqualTo(earlier);
    assertThat(archivedIds()).containsExactly("r1", "r2", "r3", "r4");
  }

  @Test
  void anArchiveObjectItCannotReadFailsTheBatchAndIsLeftAsItIs() {
    store.objects.put(key(0), "not gzip".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    StreamsEventResponse response = handler().handleRequest(KinesisFixtures.event(threeRecords()), null);

    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(sequence(0));
    assertThat(store.text(key(0))).isEqualTo("not gzip");
    assertThat(publisher.events()).isEmpty();
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
  void aPublicationFailureFailsTheBatchAndItsRetryRewritesTheSameObjectAndPublishesTheSameEvents() throws Exception {
    MaskHandler mask = handler();
    publisher.failNext(1);

    StreamsEventResponse failed = mask.handleRequest(KinesisFixtures.event(threeRecords()), null);
    byte[] written = store.objects.get(key(0));
    StreamsEventResponse retried = mask.handleRequest(KinesisFixtures.event(threeRecords()), null);

    assertThat(failed.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(sequence(0));
    assertThat(retried.getBatchItemFailures()).isEmpty();
    assertThat(store.puts).as("archived, then archived again by the retry").isEqualTo(2);
    assertThat(store.objects.get(key(0))).isEqualTo(written);
    assertThat(publisher.ofType(EventType.LogBatchArchived)).hasSize(1);
    assertThat(archivedIds()).containsExactly("r1", "r2", "r3");
  }

  @Test
  void recordsOfABatchWhoseEventsWereNotPublishedAreNotYetTakenForArchived() throws Exception {
    MaskHandler mask = handler();
    publisher.failNext(1);
    mask.handleRequest(KinesisFixtures.event(threeRecords()), null);

    // bisected instead: the first half must publish again, and the second half is then recognized
    mask.handleRequest(KinesisFixtures.event(threeRecords().subList(0, 1), 0), null);
    mask.handleRequest(KinesisFixtures.event(threeRecords().subList(1, 3), 1), null);

    assertThat(publisher.ofType(EventType.LogBatchArchived)).hasSize(1);
    assertThat(store.keys()).containsExactly(key(0));
    assertThat(archivedIds()).containsExactly("r1", "r2", "r3");
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
