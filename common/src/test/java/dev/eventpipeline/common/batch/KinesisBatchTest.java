package dev.eventpipeline.common.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KinesisBatchTest {
  private final KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis_event_two_records.json");

  @Test
  void allRecordsSucceedingReportsNoFailures() {
    List<String> seen = new ArrayList<>();
    StreamsEventResponse response = KinesisBatch.processInOrder(event,
        r -> seen.add(r.getKinesis().getSequenceNumber()));
    assertThat(seen).hasSize(2);
    assertThat(response.getBatchItemFailures()).isEmpty();
  }

  @Test
  void stopsAtTheFirstFailedRecordAndReportsItsSequenceNumber() {
    List<String> seen = new ArrayList<>();
    StreamsEventResponse response = KinesisBatch.processInOrder(event, r -> {
      seen.add(r.getKinesis().getSequenceNumber());
      throw new IllegalStateException("boom");
    });
    assertThat(seen).containsExactly("49545115243490985018280067714973144582180062593244200961");
    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("49545115243490985018280067714973144582180062593244200961");
  }

  @Test
  void extractsShardAndStreamFromTheRecord() {
    KinesisEvent.KinesisEventRecord record = EventLoader.loadKinesisEvent("events/kinesis_event.json").getRecords().get(0);
    assertThat(KinesisBatch.shardId(record)).isEqualTo("shardId-000000000000");
    assertThat(KinesisBatch.streamName(record)).isEqualTo("arn:aws:kinesis:EXAMPLE");
    record.setEventSourceARN("arn:aws:kinesis:us-east-1:123456789012:stream/raw-logs");
    assertThat(KinesisBatch.streamName(record)).isEqualTo("raw-logs");
  }

  @Test
  void emptyEventIsASuccess() {
    assertThat(KinesisBatch.processInOrder(new KinesisEvent(), r -> { }).getBatchItemFailures()).isEmpty();
  }

  @Test
  void recordsOfANullOrEmptyEventAreNoneAndFailedFromNamesTheRecordAtTheIndex() {
    assertThat(KinesisBatch.records(null)).isEmpty();
    assertThat(KinesisBatch.records(new KinesisEvent())).isEmpty();
    List<KinesisEvent.KinesisEventRecord> records = KinesisBatch.records(event);
    assertThat(records).hasSize(2);
    assertThat(KinesisBatch.failedFrom(records, 1).getBatchItemFailures())
        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(records.get(1).getKinesis().getSequenceNumber());
  }
}
