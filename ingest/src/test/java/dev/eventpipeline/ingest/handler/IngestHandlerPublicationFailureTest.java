package dev.eventpipeline.ingest.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.ingest.testing.FakeQuarantine;
import dev.eventpipeline.ingest.testing.FakeSink;
import dev.eventpipeline.ingest.testing.TestContext;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A LogRecordsRejected event that cannot be published fails the batch from its first record. */
class IngestHandlerPublicationFailureTest {
  private static final IngestConfig CONFIG = new IngestConfig("normalized-logs", "log-archive", "quarantine/",
      "arn:aws:sns:us-east-1:123456789012:pipeline-events", 1024 * 1024);
  private static final String FIRST = "49590338271490256608559692538361571095921575989136588898";

  private final FakeSink sink = new FakeSink();
  private final FakeQuarantine quarantine = new FakeQuarantine();
  private final RecordingEventPublisher events = new RecordingEventPublisher();
  private final IngestHandler handler = new IngestHandler(CONFIG, sink, quarantine, events);

  private static KinesisEvent eventWithASecondRecordThatCannotBeDecoded() {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesisStreamEvent.json");
    event.getRecords().get(1).getKinesis().setData(ByteBuffer.wrap(new byte[] {0x1F, (byte) 0x8B, 1}));
    return event;
  }

  @Test
  void reportsTheBatchsFirstRecordAndForwardsNothingWhenTheEventCannotBePublished() {
    events.failNext(1);

    StreamsEventResponse response = handler.handleRequest(eventWithASecondRecordThatCannotBeDecoded(),
        new TestContext());

    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly(FIRST);
    assertThat(sink.written).isEmpty();
    assertThat(quarantine.objects).hasSize(1);
  }

  @Test
  void theRedeliveredBatchIsForwardedAndAnnouncedOnce() {
    events.failNext(1);
    handler.handleRequest(eventWithASecondRecordThatCannotBeDecoded(), new TestContext());

    StreamsEventResponse response = handler.handleRequest(eventWithASecondRecordThatCannotBeDecoded(),
        new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sink.written).hasSize(1);
    assertThat(quarantine.objects).hasSize(1);
    assertThat(events.ofType(EventType.LogRecordsRejected)).hasSize(1);
  }
}
