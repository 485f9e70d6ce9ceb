package dev.eventpipeline.ingest.domain;

import dev.eventpipeline.common.json.Utf8JsonWriter;
import dev.eventpipeline.ingest.domain.format.Timestamps;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes normalized records as UTF-8 JSON ({@link Utf8JsonWriter}), in the field order of
 * docs/record-schema.md, and splits a record that is over the size limit into parts: the message is
 * cut into chunks (never inside a surrogate pair) that each fit with the rest of the record, each
 * part carries the same fields and origin plus {@code origin.part}/{@code origin.parts}, and its id
 * is suffixed {@code .pN} (1-based).
 */
public final class RecordSerializer {
  /** The record cannot be made to fit: its fields alone leave too little room for the message. */
  public static final class TooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message, null, false, false);
    }
  }

  /** Placeholder part numbers used to measure a part's overhead (6 digits each). */
  private static final int PLACEHOLDER_PART = 999_999;

  public RecordSerializer() {}

  /** One serialized record, or its parts when it is larger than {@code limit} bytes. */
  public List<byte[]> serialize(NormalizedRecord r, int limit) throws TooLargeException {
    byte[] whole = write(r, r.message, 0, 0);
    if (whole.length <= limit) {
      return List.of(whole);
    }
    int overhead = write(r, "", PLACEHOLDER_PART, PLACEHOLDER_PART).length;
    int budget = limit - overhead;
    if (budget < limit / 4) {
      throw new TooLargeException("normalized record of " + whole.length + " bytes: its fields and origin take "
          + overhead + " of the " + limit + "-byte limit, too much to split the message");
    }
    List<String> chunks = chunks(r.message, budget);
    List<byte[]> parts = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      byte[] part = write(r, chunks.get(i), i + 1, chunks.size());
      if (part.length > limit) {
        throw new TooLargeException("part " + (i + 1) + " of a split record is still over the limit");
      }
      parts.add(part);
    }
    return parts;
  }

  /** Splits {@code s} into pieces whose escaped UTF-8 JSON size is at most {@code budget} bytes each. */
  static List<String> chunks(String s, int budget) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int size = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int units = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)) ? 2 : 1;
      int cost = units == 2 ? 4 : Utf8JsonWriter.escapedSize(c);
      if (size + cost > budget && i > start) {
        out.add(s.substring(start, i));
        start = i;
        size = 0;
      }
      size += cost;
      i += units;
    }
    out.add(s.substring(start));
    return out;
  }

  byte[] write(NormalizedRecord r, String message, int part, int parts) {
    Utf8JsonWriter w = new Utf8JsonWriter(320 + message.length() + (r.fields == null ? 0 : 64 * r.fields.size()));
    w.raw('{').field("schemaVersion").number(NormalizedRecord.SCHEMA_VERSION);
    w.raw(',').field("id").string(parts > 0 ? r.id() + ".p" + part : r.id());
    w.raw(',').field("timestamp").string(Timestamps.format(r.timestamp));
    w.raw(',').field("ingestedAt").string(Timestamps.format(r.ingestedAt));
    if (r.level != null) {
      w.raw(',').field("level").string(r.level.name());
    }
    w.raw(',').field("message").string(message);
    w.raw(',').field("fields");
    if (r.fields == null) {
      w.ascii("{}");
    } else {
      w.node(r.fields);
    }
    w.raw(',').field("origin").raw('{').field("format").string(r.format.wire());
    if (r.innerFormat != null) {
      w.raw(',').field("innerFormat").string(r.innerFormat.wire());
    }
    if (r.compression != null) {
      w.raw(',').field("compression").string(r.compression);
    }
    w.raw(',').field("stream").string(r.stream);
    w.raw(',').field("shardId").string(r.shardId);
    w.raw(',').field("sequenceNumber").string(r.sequenceNumber);
    w.raw(',').field("subSequenceNumber").number(r.subSequenceNumber);
    w.raw(',').field("lineIndex").number(r.lineIndex);
    w.raw(',').field("partitionKey").string(r.partitionKey);
    if (r.logGroup != null) {
      w.raw(',').field("logGroup").string(r.logGroup);
      w.raw(',').field("logStream").string(r.logStream);
      if (r.owner != null) {
        w.raw(',').field("owner").string(r.owner);
      }
      w.raw(',').field("subscriptionFilters").raw('[');
      for (int i = 0; i < r.subscriptionFilters.size(); i++) {
        if (i > 0) {
          w.raw(',');
        }
        w.string(r.subscriptionFilters.get(i));
      }
      w.raw(']');
      if (r.eventId != null) {
        w.raw(',').field("eventId").string(r.eventId);
      }
    }
    if (parts > 0) {
      w.raw(',').field("part").number(part);
      w.raw(',').field("parts").number(parts);
    }
    return w.raw('}').raw('}').toByteArray();
  }
}
