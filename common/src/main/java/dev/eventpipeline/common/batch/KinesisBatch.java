package dev.eventpipeline.common.batch;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Partial batch responses for Kinesis event source mappings (ReportBatchItemFailures). A Kinesis
 * batch comes from one shard and its order matters, so processing stops at the first failed record:
 * Lambda then checkpoints just before it and retries from there, never skipping ahead.
 */
public final class KinesisBatch {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisBatch.class);

  private KinesisBatch() {}

  /** The event's records; none for a null event or a null list. */
  public static List<KinesisEvent.KinesisEventRecord> records(KinesisEvent event) {
    return event == null || event.getRecords() == null ? List.of() : event.getRecords();
  }

  /** The sequence number of the {@code index}-th record, as the batch item failure: Lambda retries from it. */
  public static StreamsEventResponse failedFrom(List<KinesisEvent.KinesisEventRecord> records, int index) {
    return failedFrom(records.get(index).getKinesis().getSequenceNumber());
  }

  /** Handles one record; throw to fail it (and, with it, the rest of the batch). */
  @FunctionalInterface
  public interface RecordHandler {
    void handle(KinesisEvent.KinesisEventRecord record) throws Exception;
  }

  /**
   * Processes records in order, stopping at the first one that throws; that record's sequence
   * number is reported as the batch item failure. The shard id and sequence number are in the MDC
   * while each record is handled.
   */
  public static StreamsEventResponse processInOrder(KinesisEvent event, RecordHandler handler) {
    List<KinesisEvent.KinesisEventRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
    for (KinesisEvent.KinesisEventRecord record : records) {
      String sequence = record.getKinesis().getSequenceNumber();
      MDC.put("shardId", shardId(record));
      MDC.put("sequenceNumber", sequence);
      try {
        handler.handle(record);
      } catch (Exception e) {
        LOG.error("Record failed; reporting it and stopping the shard batch here ({})", e.toString());
        return failedFrom(sequence);
      } finally {
        MDC.remove("shardId");
        MDC.remove("sequenceNumber");
      }
    }
    return success();
  }

  /** A response asking Lambda to retry from {@code sequenceNumber} onwards. */
  public static StreamsEventResponse failedFrom(String sequenceNumber) {
    return StreamsEventResponse.builder()
        .withBatchItemFailures(List.of(new StreamsEventResponse.BatchItemFailure(sequenceNumber)))
        .build();
  }

  public static StreamsEventResponse success() {
    return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
  }

  /**
   * The record's data: the buffer's remaining bytes, read through a duplicate (never {@code array()},
   * which may be larger than the data or shared); empty when there is none.
   */
  public static byte[] data(KinesisEvent.KinesisEventRecord record) {
    ByteBuffer buffer = record.getKinesis().getData();
    if (buffer == null) {
      return new byte[0];
    }
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /** When Kinesis received the record (ApproximateArrivalTimestamp), when the event says. */
  public static Optional<Instant> arrival(KinesisEvent.KinesisEventRecord record) {
    Date arrival = record.getKinesis().getApproximateArrivalTimestamp();
    return arrival == null ? Optional.empty() : Optional.of(arrival.toInstant());
  }

  /** The shard id, from the record's eventID ("shardId-000000000000:4954...") or its source ARN. */
  public static String shardId(KinesisEvent.KinesisEventRecord record) {
    String eventId = record.getEventID();
    if (eventId != null) {
      int colon = eventId.indexOf(':');
      if (colon > 0) {
        return eventId.substring(0, colon);
      }
    }
    return "shardId-unknown";
  }

  /** The stream name from the record's event source ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME). */
  public static String streamName(KinesisEvent.KinesisEventRecord record) {
    String arn = record.getEventSourceARN();
    if (arn == null) {
      return "unknown";
    }
    int slash = arn.lastIndexOf('/');
    return slash >= 0 ? arn.substring(slash + 1) : arn;
  }
}
