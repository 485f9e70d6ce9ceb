package dev.eventpipeline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** An undecodable record holding secrets, pushed into raw-logs, and the quarantine document it must become. */
final class QuarantineChecks {
  static final String EMAIL = "bob.quarantine@example.com";
  static final String PASSWORD = "Qu4rantine-S3cret";

  /** What was pushed and where it landed in the stream. */
  record Pushed(byte[] data, String shardId, String sequenceNumber) {}

  private QuarantineChecks() {}

  /** Binary (a NUL byte: ingest's BINARY rejection) with an e-mail address and a password=... in it. */
  static Pushed pushUndecodable(KinesisClient kinesis, String stream, String run) {
    byte[] data = ("\u0000\u0001 quarantine-" + run + " user " + EMAIL + " password=" + PASSWORD + "\n")
        .getBytes(StandardCharsets.UTF_8);
    PutRecordResponse put = kinesis.putRecord(b -> b.streamName(stream).partitionKey("quarantine-" + run)
        .data(SdkBytes.fromByteArray(data)));
    return new Pushed(data, put.shardId(), put.sequenceNumber());
  }

  /** Waits for the record's quarantine document in the archive bucket; returns its key. */
  static String awaitDocumentKey(S3Client s3, String archive, Pushed pushed) {
    String suffix = "/" + pushed.shardId() + "/" + pushed.sequenceNumber() + ".json";
    return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
        s3.listObjectsV2Paginator(b -> b.bucket(archive).prefix("quarantine/ingest/")).contents().stream()
            .map(S3Object::key).filter(k -> k.endsWith(suffix)).findFirst().orElse(null), java.util.Objects::nonNull);
  }

  /** The document holds the masked text and the SHA-256 of the raw bytes, never a secret in the clear. */
  static JsonNode assertMaskedDocument(S3Client s3, String archive, String key, Pushed pushed) throws Exception {
    String stored = s3.getObjectAsBytes(b -> b.bucket(archive).key(key)).asUtf8String();
    assertThat(stored).as("the quarantine object holds no plaintext secret").doesNotContain(EMAIL, PASSWORD,
        "bob.quarantine", "Qu4rantine");
    JsonNode document = Json.MAPPER.readTree(stored);
    assertThat(document.path("stage").asText()).isEqualTo("ingest");
    assertThat(document.path("reason").asText()).isEqualTo("BINARY");
    assertThat(document.path("shardId").asText()).isEqualTo(pushed.shardId());
    assertThat(document.path("sequenceNumber").asText()).isEqualTo(pushed.sequenceNumber());
    assertThat(document.path("payloadBytes").asInt()).isEqualTo(pushed.data().length);
    assertThat(document.path("payloadSha256").asText())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pushed.data())));
    assertThat(document.path("maskedPayload").asText()).contains("user [EMAIL] password=[PASSWORD]");
    assertThat(document.path("masking").path("EMAIL").asInt()).isEqualTo(1);
    assertThat(document.path("masking").path("PASSWORD").asInt()).isEqualTo(1);
    return document;
  }
}
