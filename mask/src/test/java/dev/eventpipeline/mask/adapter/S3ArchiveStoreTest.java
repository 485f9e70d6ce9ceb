package dev.eventpipeline.mask.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.mask.domain.ArchiveLayout;
import dev.eventpipeline.mask.domain.ArchiveService;
import dev.eventpipeline.mask.domain.ArchivedIds;
import dev.eventpipeline.mask.domain.BatchMasker;
import dev.eventpipeline.mask.domain.InputRecord;
import dev.eventpipeline.masking.JsonMasker;
import dev.eventpipeline.masking.MaskEngine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 adapter against a real moto server: archive objects written, read back (a missing one as
 * empty), rewritten on retry without losing a record.
 */
class S3ArchiveStoreTest {
  private static final String BUCKET = "log-archive";
  private static MotoServer moto;
  private static S3Client s3;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start().configureSdkSystemProperties();
    s3 = AwsClients.from(Env.of(moto.clientEnvironment())).s3();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  private static InputRecord record(int i, String id, String message) {
    String json = "{\"schemaVersion\":1,\"id\":\"" + id + "\",\"message\":\"" + message + "\",\"fields\":{}}";
    return new InputRecord("4954511524349098501828006771497314458218006259324420096" + i,
        Instant.parse("2026-11-23T16:59:59.999Z"), json.getBytes(StandardCharsets.UTF_8));
  }

  /** A new service: a new Lambda environment, which has archived nothing yet. */
  private static ArchiveService service(RecordingEventPublisher publisher) {
    ArchiveLayout layout = new ArchiveLayout("logs/", "quarantine/");
    return new ArchiveService(new BatchMasker(new JsonMasker(MaskEngine.withDefaults()), layout),
        new S3ArchiveStore(s3, BUCKET), publisher, new ArchivedIds(1000));
  }

  @Test
  void readsAnObjectBackAsStoredAndAMissingOneAsEmpty() {
    S3ArchiveStore store = new S3ArchiveStore(s3, BUCKET);
    byte[] body = {31, -117, 8, 0, 1, 2, 3};

    store.put("logs/read-back.ndjson.gz", body, "application/x-ndjson", "gzip");

    assertThat(store.read("logs/read-back.ndjson.gz")).hasValue(body);
    assertThat(store.read("logs/never-written.ndjson.gz")).isEmpty();
  }

  @Test
  void aMissingBucketIsAnErrorNotAMissingObject() {
    S3ArchiveStore store = new S3ArchiveStore(s3, "no-such-bucket");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.read("logs/x.ndjson.gz"))
        .isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
  }

  @Test
  void aRetryInANewEnvironmentReadsTheObjectAnEarlierAttemptWroteAndNeverShrinksIt() throws Exception {
    List<InputRecord> batch = List.of(record(1, "x1", "one"), record(2, "x2", "two"), record(3, "x3", "three"));
    String shard = "shardId-000000000003";
    ArchiveService.Outcome whole = service(new RecordingEventPublisher()).store("enriched-logs", shard, batch);

    // bisected: the first half, in a new environment, finds the whole batch's object at its key
    ArchiveService.Outcome half = service(new RecordingEventPublisher()).store("enriched-logs", shard,
        batch.subList(0, 1));

    assertThat(half.archiveKey()).isEqualTo(whole.archiveKey());
    assertThat(half.objectRecords()).isEqualTo(3);
    byte[] gz = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(whole.archiveKey())).asByteArray();
    assertThat(gunzip(gz).lines().map(l -> l.substring(l.indexOf("\"id\""), l.indexOf("\",\"message"))))
        .containsExactly("\"id\":\"x1", "\"id\":\"x2", "\"id\":\"x3");
  }

  private static String gunzip(byte[] gz) throws java.io.IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void archivesAGzipNdjsonObjectThatRetriesOverwrite() throws Exception {
    RecordingEventPublisher publisher = new RecordingEventPublisher();
    List<InputRecord> batch = List.of(record(1, "a", "mail jane@example.com"), record(2, "b", "from 10.0.0.1"),
        record(3, "c", "plain"));

    ArchiveService.Outcome first = service(publisher).store("enriched-logs", "shardId-000000000001", batch);
    ArchiveService.Outcome retry = service(publisher).store("enriched-logs", "shardId-000000000001", batch);

    String key = "logs/dt=2026-11-23/hour=16/shardId-000000000001-49545115243490985018280067714973144582180062593244200961"
        + ".ndjson.gz";
    assertThat(first.archiveKey()).isEqualTo(key).isEqualTo(retry.archiveKey());
    List<S3Object> objects = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("logs/dt=2026-11-23/hour=16/shardId-000000000001-"))
        .contents();
    assertThat(objects).extracting(S3Object::key).containsExactly(key);

    ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
    assertThat(object.response().contentType()).isEqualTo("application/x-ndjson");
    assertThat(object.response().contentEncoding()).isEqualTo("gzip");
    assertThat(object.asByteArray()).hasSize((int) first.archiveBytes()).hasSize((int) retry.archiveBytes());
    String ndjson = gunzip(object.asByteArray());
    List<String> lines = ndjson.lines().toList();
    assertThat(lines).hasSize(3);
    JsonNode a = Json.MAPPER.readTree(lines.get(0));
    assertThat(a.path("message").asText()).isEqualTo("mail [EMAIL]");
    assertThat(a.path("masking").path("EMAIL").asInt()).isEqualTo(1);
    assertThat(Json.MAPPER.readTree(lines.get(1)).path("message").asText()).isEqualTo("from [IPV4]");
    assertThat(ndjson).endsWith("\n");
    EventContract.assertValid(publisher.events());
  }

  @Test
  void quarantinesARecordAsAPlainJsonObjectUnderItsOwnKey() throws Exception {
    ArchiveService service = service(new RecordingEventPublisher());
    InputRecord text = new InputRecord("777", Instant.parse("2026-11-23T08:00:00Z"),
        "token=abc123 not json".getBytes(StandardCharsets.UTF_8));

    service.store("enriched-logs", "shardId-000000000002", List.of(text));

    String key = "quarantine/mask/dt=2026-11-23/hour=08/shardId-000000000002-777.json";
    JsonNode body = Json.MAPPER.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
    assertThat(body.path("maskedPayload").asText()).isEqualTo("token=[SECRET] not json");
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("logs/dt=2026-11-23/hour=08/")).contents()).isEmpty();
  }
}
