package dev.eventpipeline.ingest.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.ingest.domain.format.Timestamps;
import dev.eventpipeline.ingest.port.QuarantineStore.QuarantinedObject;
import dev.eventpipeline.ingest.port.QuarantineStore.RawCopy;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What ingest stores for a rejection (pure): a JSON document holding the rejection's text masked, its
 * reason, coordinates, sizes and the SHA-256 of its raw bytes — never the raw bytes — and, only when a
 * raw bucket is configured (the deployer's opt-in), a raw copy for that bucket. The document's fields
 * shared with the mask function's quarantine documents have the same names (stage, reason, streamName,
 * shardId, sequenceNumber, approximateArrivalTimestamp, payloadBytes, maskedPayload, masking); see
 * docs/ingest.md, "Quarantine", for every field and an example.
 */
public final class QuarantineDocuments {
  private static final Logger LOG = LoggerFactory.getLogger(QuarantineDocuments.class);

  private final QuarantineKeys keys;
  private final QuarantineMasking masking;
  private final String rawBucket;

  /** {@code rawBucket} null: no raw copy is kept (the default). */
  public QuarantineDocuments(QuarantineKeys keys, QuarantineMasking masking, String rawBucket) {
    this.keys = keys;
    this.masking = masking;
    this.rawBucket = rawBucket == null || rawBucket.isBlank() ? null : rawBucket;
  }

  public QuarantineKeys keys() {
    return keys;
  }

  /** The objects to store for a rejection; deterministic (a retry yields the same keys and bytes). */
  public QuarantinedObject object(RawRecord raw, Rejection rejection) {
    String key = keys.key(raw, rejection);
    String sha256 = sha256(rejection.bytes());
    QuarantineMasking.Masked masked = masking.mask(rejection);
    if (masked.error() != null) {
      // the class only: a message could quote the payload
      LOG.warn("Masking the quarantined {} failed ({}); its payload is withheld from {}", rejection.reason(),
          masked.error(), key);
    }
    RawCopy copy = rawBucket == null ? null : new RawCopy(rawBucket, keys.rawKey(raw, rejection), rejection.bytes());

    ObjectNode doc = Json.MAPPER.createObjectNode()
        .put("stage", "ingest")
        .put("reason", rejection.reason().name())
        .put("detail", rejection.detail())
        .put("scope", QuarantineKeys.scope(rejection))
        .put("streamName", raw.streamName())
        .put("shardId", raw.shardId())
        .put("sequenceNumber", raw.sequenceNumber());
    if (rejection.scope() != Rejection.Scope.RECORD) {
      doc.put("subSequenceNumber", rejection.subSequenceNumber());
    }
    if (rejection.scope() == Rejection.Scope.ITEM) {
      doc.put("lineIndex", rejection.lineIndex());
    }
    doc.put("approximateArrivalTimestamp", Timestamps.format(raw.arrivalMillis()))
        .put("recordBytes", raw.data().length)
        .put("payloadBytes", rejection.bytes().length)
        .put("payloadSha256", sha256)
        .put("maskedFrom", masked.source().wire())
        .put("maskedBytes", masked.sourceBytes())
        .put("truncated", masked.truncated());
    if (masked.text() == null) {
      doc.putNull("maskedPayload");
      doc.put("maskingError", masked.error());
    } else {
      doc.put("maskedPayload", masked.text());
    }
    doc.set("masking", Json.MAPPER.valueToTree(masked.counts()));
    if (copy == null) {
      doc.putNull("rawCopy");
    } else {
      doc.putObject("rawCopy").put("bucket", copy.bucket()).put("key", copy.key());
    }
    byte[] document;
    try {
      document = Json.MAPPER.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    return new QuarantinedObject(key, document, keys.metadata(raw, rejection, sha256), copy);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
