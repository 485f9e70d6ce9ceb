package dev.eventpipeline.ingest.domain;

import dev.eventpipeline.ingest.domain.format.Timestamps;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic quarantine object keys and their S3 user metadata. A retried record produces the
 * same key (and the same bytes), so a retry overwrites instead of duplicating:
 *
 * <pre>
 * PREFIX ingest/dt=YYYY-MM-DD/SHARD/SEQ.json               the whole raw record
 * PREFIX ingest/dt=YYYY-MM-DD/SHARD/SEQ-SUBSEQ.json        one KPL user record
 * PREFIX ingest/dt=YYYY-MM-DD/SHARD/SEQ-SUBSEQ-LINE.json   one line or CloudWatch Logs event
 * </pre>
 *
 * The document (masked, in the archive bucket) ends in {@code .json}; the raw copy of the same
 * rejection, kept only in the opt-in raw bucket, has the same key ending in {@code .bin}. Objects that
 * ingest wrote before its quarantine was masked hold raw bytes and end in {@code .bin} in the archive
 * bucket. The date is the record's approximate arrival time (UTC), which does not change under retries.
 */
public final class QuarantineKeys {
  private static final int MAX_METADATA_VALUE = 256;

  private final String prefix;

  /** {@code prefix} is the QUARANTINE_PREFIX ("quarantine/" by default); a missing '/' is added. */
  public QuarantineKeys(String prefix) {
    this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
  }

  /** The key of the (masked) quarantine document. */
  public String key(RawRecord raw, Rejection rejection) {
    return stem(raw, rejection).append(".json").toString();
  }

  /** The key of the raw copy (opt-in raw bucket only). */
  public String rawKey(RawRecord raw, Rejection rejection) {
    return stem(raw, rejection).append(".bin").toString();
  }

  private StringBuilder stem(RawRecord raw, Rejection rejection) {
    StringBuilder key = new StringBuilder(prefix.length() + 160)
        .append(prefix).append("ingest/dt=").append(Timestamps.date(raw.arrivalMillis())).append('/')
        .append(raw.shardId()).append('/').append(raw.sequenceNumber());
    if (rejection.scope() != Rejection.Scope.RECORD) {
      key.append('-').append(rejection.subSequenceNumber());
    }
    if (rejection.scope() == Rejection.Scope.ITEM) {
      key.append('-').append(rejection.lineIndex());
    }
    return key;
  }

  /**
   * The S3 user metadata of both objects: the reason and the source coordinates, never payload (S3
   * metadata is printable ASCII; shard ids and the like come from outside and are made so).
   */
  public Map<String, String> metadata(RawRecord raw, Rejection rejection, String payloadSha256) {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("stage", "ingest");
    meta.put("reason", rejection.reason().name());
    meta.put("detail", ascii(rejection.detail()));
    meta.put("scope", scope(rejection));
    meta.put("stream", ascii(raw.streamName()));
    meta.put("shard-id", ascii(raw.shardId()));
    meta.put("sequence-number", ascii(raw.sequenceNumber()));
    meta.put("sub-sequence-number", Long.toString(rejection.subSequenceNumber()));
    if (rejection.scope() == Rejection.Scope.ITEM) {
      meta.put("line-index", Integer.toString(rejection.lineIndex()));
    }
    meta.put("arrival-time", Timestamps.format(raw.arrivalMillis()));
    meta.put("original-bytes", Integer.toString(raw.data().length));
    meta.put("payload-sha256", payloadSha256);
    return meta;
  }

  /** The scope as documents and metadata name it: record, user-record, item. */
  static String scope(Rejection rejection) {
    return rejection.scope().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** S3 metadata must be printable US-ASCII; details are ours, but shard ids and the like come from outside. */
  static String ascii(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_METADATA_VALUE));
    for (int i = 0; i < value.length() && out.length() < MAX_METADATA_VALUE; i++) {
      char c = value.charAt(i);
      out.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return out.toString();
  }
}
