package dev.eventpipeline.ingest.domain;

import static dev.eventpipeline.ingest.testing.Fixtures.SEQ;
import static dev.eventpipeline.ingest.testing.Fixtures.SHARD;
import static dev.eventpipeline.ingest.testing.Fixtures.json;
import static dev.eventpipeline.ingest.testing.Fixtures.raw;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.ingest.domain.format.RejectReason;
import dev.eventpipeline.ingest.port.QuarantineStore.QuarantinedObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quarantine document: its fields, the raw copy only when opted in, and a masking failure. */
class QuarantineDocumentsTest {
  private static final String SECRET = "user bob@example.com password=s3cr3t-Value\n";
  private static final byte[] BYTES = SECRET.getBytes(StandardCharsets.UTF_8);
  private static final String STEM = "quarantine/ingest/dt=2026-11-23/" + SHARD + "/" + SEQ;

  private static QuarantineDocuments documents(QuarantineMasking masking, String rawBucket) {
    return new QuarantineDocuments(new QuarantineKeys("quarantine/"), masking, rawBucket);
  }

  @Test
  void aDecoderErrorIsStoredMaskedWithSizesAndTheSha256OfTheRawBytes() {
    Rejection rejection = Rejection.ofRecord(RejectReason.DECODER_ERROR, "decoder failed: NullPointerException", BYTES);
    QuarantinedObject object = documents(QuarantineMasking.withPolicy(null), null).object(raw(BYTES), rejection);

    assertThat(object.key()).isEqualTo(STEM + ".json");
    assertThat(new String(object.document(), StandardCharsets.UTF_8)).doesNotContain("bob@example.com", "s3cr3t-Value");
    JsonNode doc = json(object.document());
    assertThat(doc.get("stage").asText()).isEqualTo("ingest");
    assertThat(doc.get("reason").asText()).isEqualTo("DECODER_ERROR");
    assertThat(doc.get("detail").asText()).isEqualTo("decoder failed: NullPointerException");
    assertThat(doc.get("scope").asText()).isEqualTo("record");
    assertThat(doc.get("streamName").asText()).isEqualTo("raw-logs");
    assertThat(doc.get("shardId").asText()).isEqualTo(SHARD);
    assertThat(doc.get("sequenceNumber").asText()).isEqualTo(SEQ);
    assertThat(doc.has("subSequenceNumber")).as("record scope has no sub-sequence").isFalse();
    assertThat(doc.get("approximateArrivalTimestamp").asText()).isEqualTo("2026-11-23T16:00:01.456Z");
    assertThat(doc.get("recordBytes").asInt()).isEqualTo(BYTES.length);
    assertThat(doc.get("payloadBytes").asInt()).isEqualTo(BYTES.length);
    assertThat(doc.get("payloadSha256").asText())
        .isEqualTo(java.util.HexFormat.of().formatHex(sha256(BYTES)));
    assertThat(doc.get("maskedFrom").asText()).isEqualTo("payload");
    assertThat(doc.get("maskedBytes").asInt()).isEqualTo(BYTES.length);
    assertThat(doc.get("truncated").asBoolean()).isFalse();
    assertThat(doc.get("maskedPayload").asText()).isEqualTo("user [EMAIL] password=[PASSWORD]\n");
    assertThat(doc.get("masking").get("EMAIL").asInt()).isEqualTo(1);
    assertThat(doc.get("masking").get("PASSWORD").asInt()).isEqualTo(1);
    assertThat(doc.get("rawCopy").isNull()).isTrue();
    assertThat(object.rawCopy()).isNull();
    assertThat(object.metadata()).containsEntry("reason", "DECODER_ERROR")
        .containsEntry("payload-sha256", doc.get("payloadSha256").asText());
  }

  @Test
  void anItemNamesItsSubSequenceAndLine() {
    Rejection item = new Rejection(RejectReason.JSON_TOO_DEEP, "JSON nested deeper than 64 levels",
        Rejection.Scope.ITEM, 3, 7, BYTES);
    QuarantinedObject object = documents(QuarantineMasking.withPolicy(null), null).object(raw(BYTES), item);
    assertThat(object.key()).isEqualTo(STEM + "-3-7.json");
    JsonNode doc = json(object.document());
    assertThat(doc.get("scope").asText()).isEqualTo("item");
    assertThat(doc.get("subSequenceNumber").asLong()).isEqualTo(3);
    assertThat(doc.get("lineIndex").asInt()).isEqualTo(7);
  }

  @Test
  void whenMaskingThrowsTheDocumentIsStoredWithThePayloadWithheldNeverRaw() {
    QuarantineMasking failing = new QuarantineMasking((text, counts) -> {
      throw new IllegalStateException("cannot mask " + text);
    });
    QuarantinedObject object = documents(failing, null)
        .object(raw(BYTES), Rejection.ofRecord(RejectReason.BINARY, "binary data, not a known format", BYTES));

    String stored = new String(object.document(), StandardCharsets.UTF_8);
    assertThat(stored).doesNotContain("bob@example.com", "s3cr3t-Value", "cannot mask");
    JsonNode doc = json(object.document());
    assertThat(doc.get("maskedPayload").isNull()).isTrue();
    assertThat(doc.get("maskingError").asText()).isEqualTo("IllegalStateException");
    assertThat(doc.get("masking").isEmpty()).isTrue();
    assertThat(doc.get("payloadSha256").asText()).hasSize(64);
  }

  @Test
  void withARawBucketTheRawBytesAreHandedOverUnderTheSameKeyEndingInBin() {
    Rejection rejection = Rejection.ofRecord(RejectReason.BINARY, "binary data, not a known format", BYTES);
    QuarantinedObject object = documents(QuarantineMasking.withPolicy(null), "raw-bucket").object(raw(BYTES), rejection);

    assertThat(object.rawCopy().bucket()).isEqualTo("raw-bucket");
    assertThat(object.rawCopy().key()).isEqualTo(STEM + ".bin");
    assertThat(object.rawCopy().bytes()).isEqualTo(BYTES);
    JsonNode doc = json(object.document());
    assertThat(doc.get("rawCopy").get("bucket").asText()).isEqualTo("raw-bucket");
    assertThat(doc.get("rawCopy").get("key").asText()).isEqualTo(STEM + ".bin");
    assertThat(new String(object.document(), StandardCharsets.UTF_8)).doesNotContain("s3cr3t-Value");
  }

  @Test
  void isDeterministicSoARetryOverwritesWithTheSameBytes() {
    QuarantineDocuments documents = documents(QuarantineMasking.withPolicy(null), "raw-bucket");
    Rejection rejection = Rejection.ofRecord(RejectReason.BINARY, "binary data, not a known format", BYTES);
    List<QuarantinedObject> twice = List.of(documents.object(raw(BYTES), rejection),
        documents.object(raw(BYTES), rejection));
    assertThat(twice.get(0).key()).isEqualTo(twice.get(1).key());
    assertThat(twice.get(0).document()).isEqualTo(twice.get(1).document());
    assertThat(twice.get(0).metadata()).isEqualTo(twice.get(1).metadata());
  }

  private static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
