package dev.eventpipeline.ingest.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.ingest.domain.format.Level;
import java.util.List;

/**
 * One normalized log record before serialization (docs/record-schema.md). Mutable and package-private
 * in its fields because it lives for one record on the hot path; {@link RecordSerializer} writes it.
 */
public final class NormalizedRecord {
  public static final int SCHEMA_VERSION = 1;

  long timestamp;
  long ingestedAt;
  Level level;
  String message;
  /** Structured fields of the original; null means {}. */
  ObjectNode fields;

  Format format;
  /** For KPL user records and CloudWatch Logs events: how the payload itself was decoded. */
  Format innerFormat;
  /** "gzip" or "zlib" when non-CloudWatch content arrived compressed. */
  String compression;
  String stream;
  String shardId;
  String sequenceNumber;
  long subSequenceNumber;
  int lineIndex;
  String partitionKey;
  String logGroup;
  String logStream;
  String owner;
  List<String> subscriptionFilters;
  String eventId;

  public String id() {
    return shardId + '.' + sequenceNumber + '.' + subSequenceNumber + '.' + lineIndex;
  }

  public long timestamp() {
    return timestamp;
  }

  public Level level() {
    return level;
  }

  public String message() {
    return message;
  }

  public ObjectNode fields() {
    return fields;
  }
}
