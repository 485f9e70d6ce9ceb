package dev.eventpipeline.ingest.handler;

import static dev.eventpipeline.ingest.testing.Fixtures.json;
import static dev.eventpipeline.ingest.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisFirehoseEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.ingest.domain.RawRecord;
import dev.eventpipeline.ingest.testing.FakeQuarantine;
import dev.eventpipeline.ingest.testing.FakeSink;
import dev.eventpipeline.ingest.testing.TestContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler on AWS's own event fixtures, with the ports faked. */
class IngestHandlerTest {
  private static final IngestConfig CONFIG = new IngestConfig("normalized-logs", "log-archive", "quarantine/",
      "arn:aws:sns:us-east-1:123456789012:pipeline-events", 1024 * 1024);

  private final FakeSink sink = new FakeSink();
  private final FakeQuarantine quarantine = new FakeQuarantine();
  private final RecordingEventPublisher events = new RecordingEventPublisher();
  private final IngestHandler handler = new IngestHandler(CONFIG, sink, quarantine, events);

  private List<JsonNode> forwarded() {
    return sink.written.stream().map(e -> json(e.data())).toList();
  }

  @Test
  void forwardsThePlainTextRecordOfAwsKinesisFixture() {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis_event.json");
    StreamsEventResponse response = handler.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(forwarded()).singleElement().satisfies(r -> {
      assertThat(r.get("message").asText()).isEqualTo("Hello, this is a test 123.");
      assertThat(r.get("id").asText())
          .isEqualTo("shardId-000000000000.49545115243490985018280067714973144582180062593244200961.0.0");
      assertThat(r.get("ingestedAt").asText()).isEqualTo("2015-04-09T00:00:00.000Z");
      assertThat(r.get("origin").get("format").asText()).isEqualTo("text");
    });
    assertThat(sink.written.get(0).partitionKey()).isEqualTo("partitionKey-03");
    assertThat(events.events()).isEmpty();
  }

  @Test
  void decodesCloudWatchLogsDeliveredThroughKinesisLikeTheirDecodedForm() {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesisStreamCloudWatchLogsEvent.json");
    StreamsEventResponse response = handler.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    JsonNode first = json(resource("decoded/powertools_kinesisStreamCloudWatchLogsEvent_record0_decoded.json"));
    JsonNode second = json(resource("decoded/powertools_kinesisStreamCloudWatchLogsEvent_record1_decoded.json"));
    int expected = first.get("logEvents").size() + second.get("logEvents").size();
    List<JsonNode> out = forwarded();
    assertThat(out).hasSize(expected);
    for (int i = 0; i < first.get("logEvents").size(); i++) {
      JsonNode source = first.get("logEvents").get(i);
      JsonNode record = out.get(i);
      assertThat(record.get("message").asText()).isEqualTo(source.get("message").asText().replaceAll("[\\r\\n]+$", ""));
      assertThat(record.get("origin").get("eventId").asText()).isEqualTo(source.get("id").asText());
      assertThat(record.get("origin").get("logGroup").asText()).isEqualTo(first.get("logGroup").asText());
      assertThat(record.get("origin").get("stream").asText()).isEqualTo("pt-1488-KinesisStreamCloudWatchLogs-D8tHs0im0aJG");
    }
    assertThat(sink.written.get(0).partitionKey())
        .isEqualTo(first.get("logGroup").asText() + ":" + first.get("logStream").asText());
  }

  @Test
  void decodesAZlibCloudWatchLogsPayload() {
    var logs = EventLoader.loadCloudWatchLogsEvent("events/cloudWatchLogEventWithPolicyLevel.json");
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis_event.json");
    event.getRecords().get(0).getKinesis().setData(ByteBuffer.wrap(Base64.getDecoder().decode(logs.getAwsLogs().getData())));

    handler.handleRequest(event, new TestContext());

    JsonNode decoded = json(resource("decoded/cloudWatchLogEventWithPolicyLevel_awslogs_decoded.json"));
    assertThat(forwarded()).extracting(r -> r.get("message").asText()).containsExactly(
        decoded.get("logEvents").get(0).get("message").asText(), decoded.get("logEvents").get(1).get("message").asText());
    assertThat(forwarded()).extracting(r -> r.get("level").asText()).containsOnly("ERROR");
  }

  @Test
  void acknowledgesACloudWatchLogsControlMessageAndForwardsNothing() {
    KinesisFirehoseEvent firehose = EventLoader.loadKinesisFirehoseEvent("events/KinesisFirehoseCloudwatchLogsProcessor.json");
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis_event.json");
    event.getRecords().get(0).getKinesis().setData(firehose.getRecords().get(0).getData());

    StreamsEventResponse response = handler.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sink.written).isEmpty();
    assertThat(quarantine.objects).isEmpty();
    assertThat(events.events()).isEmpty();
  }

  @Test
  void readsAnEventFileThatStartsWithAByteOrderMark() {
    assertThat(resource("events/dotnet-kinesis-event.json")[0]).isEqualTo((byte) 0xEF);
    KinesisEvent event = EventLoader.loadKinesisEvent("events/dotnet-kinesis-event.json");
    StreamsEventResponse response = handler.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(forwarded()).extracting(r -> r.get("message").asText()).containsExactly("Hello World", "Hello World");
  }

  @Test
  void quarantinesAnUndecodableRecordAndPublishesOneContractValidEvent() {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesisStreamEvent.json");
    byte[] badGzip = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    event.getRecords().get(0).getKinesis().setData(ByteBuffer.wrap(badGzip));

    StreamsEventResponse response = handler.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(forwarded()).extracting(r -> r.get("message").asText()).containsExactly("This is only a test.");
    String key = "quarantine/ingest/dt=2018-12-17/shardId-000000000006/49590338271490256608559692538361571095921575989136588898.json";
    assertThat(quarantine.objects).containsOnlyKeys(key);
    assertThat(quarantine.objects.get(key).metadata()).containsEntry("stream", "lambda-stream")
        .containsEntry("reason", "INVALID_GZIP").containsEntry("arrival-time", "2018-12-17T22:10:50.987Z");
    assertThat(events.ofType(EventType.LogRecordsRejected)).singleElement().satisfies(e -> {
      EventContract.assertValid(e);
      assertThat(e.subject()).isEqualTo("lambda-stream/shardId-000000000006");
      assertThat(e.data().get("quarantined").get(0).get("key").asText()).isEqualTo(key);
    });
  }

  @Test
  void reportsTheFirstRecordNotForwardedWhenTheStreamWriteFails() {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesisStreamEvent.json");
    sink.failFromSource(1);

    StreamsEventResponse response = handler.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("49590338271490256608559692540925702759324208523137515618");
  }

  @Test
  void reportsTheRecordWhoseQuarantineWriteFailed() {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesisStreamEvent.json");
    event.getRecords().get(0).getKinesis().setData(ByteBuffer.wrap(new byte[] {0x1F, (byte) 0x8B, 1}));
    quarantine.failNext(1);

    StreamsEventResponse response = handler.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("49590338271490256608559692538361571095921575989136588898");
    assertThat(sink.written).isEmpty();
  }

  @Test
  void readsRecordDataThroughTheBufferWindowNotTheBackingArray() {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesis_event.json");
    byte[] backing = "IGNORED-hello window-IGNORED".getBytes(StandardCharsets.UTF_8);
    event.getRecords().get(0).getKinesis().setData(ByteBuffer.wrap(backing, 8, 12));

    RawRecord raw = IngestHandler.toRaw(event.getRecords().get(0));

    assertThat(new String(raw.data(), StandardCharsets.UTF_8)).isEqualTo("hello window");
  }

  @Test
  void acceptsAnEmptyEvent() {
    assertThat(handler.handleRequest(new KinesisEvent(), new TestContext()).getBatchItemFailures()).isEmpty();
  }

  @Test
  void failsFastNamingAMissingVariable() {
    assertThatThrownBy(() -> IngestConfig.from(Env.of(Map.of("OUTPUT_STREAM_NAME", "s", "QUARANTINE_BUCKET", "b"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("EVENTS_TOPIC_ARN");
    assertThatThrownBy(() -> IngestConfig.from(Env.of(Map.of("OUTPUT_STREAM_NAME", "s", "QUARANTINE_BUCKET", "b",
        "EVENTS_TOPIC_ARN", "arn", "MAX_RECORD_BYTES", "2000000")))).hasMessageContaining("MAX_RECORD_BYTES");
    IngestConfig config = IngestConfig.from(Env.of(Map.of("OUTPUT_STREAM_NAME", "s", "QUARANTINE_BUCKET", "b",
        "EVENTS_TOPIC_ARN", "arn")));
    assertThat(config.quarantinePrefix()).isEqualTo("quarantine/");
    assertThat(config.maxRecordBytes()).isEqualTo(1048576);
  }
}
