package dev.eventpipeline.mask.domain;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events a stored batch yields (schemas in docs/events): LogBatchArchived when records were
 * archived, SensitiveDataDetected when credentials were masked (types and record ids, never values),
 * LogRecordsRejected when records were quarantined. Ids derive from the shard and sequence range, so
 * a retried batch publishes the same ids.
 */
public final class MaskEvents {
  static final String FUNCTION = "mask";
  static final int MAX_RECORD_IDS = 500;
  /**
   * Record ids are written by producers and can be of any length: the list also stops at this many
   * bytes, so SensitiveDataDetected stays far below SNS's 256 KiB (500 ids of ingest's ~90
   * characters take ~47 KB).
   */
  static final int MAX_RECORD_ID_BYTES = 64 * 1024;
  static final int MAX_QUARANTINED = 100;

  private MaskEvents() {}

  /** What identifies a stored batch. */
  public record BatchRef(String bucket, String streamName, String shardId, String firstSequenceNumber,
      String lastSequenceNumber, String archiveKey) {}

  /**
   * @param objectRecords records in the archive object written (the batch's, plus those an earlier
   *     attempt's object at the same key held)
   * @param archiveBytes size of that object
   */
  public static List<PipelineEvent> forBatch(BatchRef ref, MaskedBatch batch, int objectRecords, long archiveBytes) {
    List<PipelineEvent> events = new ArrayList<>();
    String[] cause = {ref.shardId(), ref.firstSequenceNumber(), ref.lastSequenceNumber()};
    if (batch.archived() > 0) {
      ObjectNode data = Json.MAPPER.createObjectNode()
          .put("bucket", ref.bucket())
          .put("key", ref.archiveKey())
          .put("records", objectRecords)
          .put("bytes", archiveBytes)
          .put("streamName", ref.streamName())
          .put("shardId", ref.shardId())
          .put("firstSequenceNumber", ref.firstSequenceNumber())
          .put("lastSequenceNumber", ref.lastSequenceNumber())
          .put("quarantined", batch.quarantined().size());
      data.set("masked", counts(batch.counts().asMap()));
      events.add(PipelineEvent.of(EventType.LogBatchArchived, FUNCTION, ref.archiveKey(), data, cause));
    }
    if (!batch.credentialRecordIds().isEmpty()) {
      String key = batch.archived() > 0 ? ref.archiveKey() : batch.quarantined().get(0).key();
      List<String> ids = batch.credentialRecordIds();
      ObjectNode data = Json.MAPPER.createObjectNode()
          .put("bucket", ref.bucket())
          .put("key", key);
      data.set("types", counts(batch.credentialCounts().credentialsAsMap()));
      ArrayNode recordIds = data.putArray("recordIds");
      int bytes = 0;
      for (String id : ids) {
        bytes += id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 3; // quotes and comma
        if (recordIds.size() == MAX_RECORD_IDS || bytes > MAX_RECORD_ID_BYTES) {
          break;
        }
        recordIds.add(id);
      }
      data.put("recordCount", ids.size())
          .put("truncated", recordIds.size() < ids.size())
          .put("shardId", ref.shardId())
          .put("streamName", ref.streamName());
      events.add(PipelineEvent.of(EventType.SensitiveDataDetected, FUNCTION, key, data, cause));
    }
    if (!batch.quarantined().isEmpty()) {
      ObjectNode data = Json.MAPPER.createObjectNode()
          .put("stage", "mask")
          .put("count", batch.quarantined().size());
      ObjectNode reasons = data.putObject("reasons");
      for (MaskedBatch.Quarantined q : batch.quarantined()) {
        reasons.put(q.reason().name(), reasons.path(q.reason().name()).asInt(0) + 1);
      }
      data.put("bucket", ref.bucket());
      ArrayNode list = data.putArray("quarantined");
      batch.quarantined().stream().limit(MAX_QUARANTINED).forEach(q -> list.addObject()
          .put("key", q.key())
          .put("reason", q.reason().name())
          .put("sequenceNumber", q.sequenceNumber()));
      data.put("truncated", batch.quarantined().size() > MAX_QUARANTINED)
          .put("streamName", ref.streamName())
          .put("shardId", ref.shardId())
          .put("firstSequenceNumber", ref.firstSequenceNumber())
          .put("lastSequenceNumber", ref.lastSequenceNumber());
      events.add(PipelineEvent.of(EventType.LogRecordsRejected, FUNCTION, batch.quarantined().get(0).key(), data,
          cause));
    }
    return events;
  }

  private static ObjectNode counts(Map<String, Integer> map) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    map.forEach(node::put);
    return node;
  }
}
