package dev.eventpipeline.ingest.domain;

import static dev.eventpipeline.ingest.testing.Fixtures.SEQ;
import static dev.eventpipeline.ingest.testing.Fixtures.SHARD;
import static dev.eventpipeline.ingest.testing.Fixtures.gzip;
import static dev.eventpipeline.ingest.testing.Fixtures.raw;
import static dev.eventpipeline.ingest.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.ingest.domain.format.DecodeLimits;
import dev.eventpipeline.ingest.port.QuarantineStore.QuarantinedObject;
import dev.eventpipeline.ingest.testing.FakeQuarantine;
import dev.eventpipeline.ingest.testing.FakeSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
  private static final byte[] INVALID_GZIP = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};

  private final FakeSink sink = new FakeSink();
  private final FakeQuarantine quarantine = new FakeQuarantine();
  private final RecordingEventPublisher events = new RecordingEventPublisher();
  private final IngestService service = new IngestService(new RecordDecoder(DecodeLimits.DEFAULT), sink, quarantine,
      events, dev.eventpipeline.ingest.testing.Fixtures.documents());

  private static RawRecord good(int i) {
    return raw(seq(i), "{\"msg\":\"record " + i + "\"}");
  }

  private static RawRecord bad(int i) {
    return new RawRecord("raw-logs", SHARD, seq(i), "pk-1", dev.eventpipeline.ingest.testing.Fixtures.ARRIVAL, INVALID_GZIP);
  }

  private static String seq(int i) {
    return SEQ.substring(0, SEQ.length() - 4) + String.format("%04d", i);
  }

  @Test
  void forwardsGoodRecordsAndQuarantinesABadOneWithoutStoppingTheBatch() {
    BatchReport report = service.process(List.of(good(0), bad(1), good(2)));

    assertThat(report.firstFailedIndex()).isEqualTo(-1);
    assertThat(sink.written).extracting(e -> e.sourceIndex()).containsExactly(0, 2);
    assertThat(report.recordsOut()).isEqualTo(2);
    assertThat(report.quarantined()).isEqualTo(1);

    String key = "quarantine/ingest/dt=2026-11-23/" + SHARD + "/" + seq(1) + ".json";
    assertThat(quarantine.objects).containsOnlyKeys(key);
    QuarantinedObject object = quarantine.objects.get(key);
    JsonNode document = dev.eventpipeline.ingest.testing.Fixtures.json(object.document());
    assertThat(document.get("payloadBytes").asInt()).isEqualTo(INVALID_GZIP.length);
    assertThat(document.get("rawCopy").isNull()).as("no raw copy unless a raw bucket is configured").isTrue();
    assertThat(object.rawCopy()).isNull();
    assertThat(object.metadata()).containsEntry("reason", "INVALID_GZIP").containsEntry("stream", "raw-logs")
        .containsEntry("shard-id", SHARD).containsEntry("sequence-number", seq(1))
        .containsEntry("sub-sequence-number", "0").containsEntry("arrival-time", "2026-11-23T16:00:01.456Z")
        .containsKey("detail");

    assertThat(events.events()).singleElement().satisfies(e -> {
      EventContract.assertValid(e);
      assertThat(e.type()).isEqualTo(EventType.LogRecordsRejected);
      assertThat(e.source()).isEqualTo("eventpipeline/ingest");
      JsonNode data = e.data();
      assertThat(data.get("count").asInt()).isEqualTo(1);
      assertThat(data.get("reasons").get("INVALID_GZIP").asInt()).isEqualTo(1);
      assertThat(data.get("bucket").asText()).isEqualTo("log-archive");
      assertThat(data.get("quarantined").get(0).get("key").asText()).isEqualTo(key);
      assertThat(data.get("truncated").asBoolean()).isFalse();
      assertThat(data.get("firstSequenceNumber").asText()).isEqualTo(seq(0));
      assertThat(data.get("lastSequenceNumber").asText()).isEqualTo(seq(2));
    });
  }

  @Test
  void publishesNoEventWhenNothingWasQuarantined() {
    service.process(List.of(good(0), good(1)));
    assertThat(events.events()).isEmpty();
  }

  @Test
  void stopsAtARecordWhoseQuarantineWriteFailedSoItIsRetriedNotSkipped() {
    quarantine.failNext(1);
    BatchReport report = service.process(List.of(good(0), bad(1), good(2)));

    assertThat(report.firstFailedIndex()).isEqualTo(1);
    assertThat(report.quarantineWriteFailures()).isEqualTo(1);
    assertThat(sink.written).extracting(e -> e.sourceIndex()).containsExactly(0);
    assertThat(quarantine.objects).isEmpty();
    assertThat(events.events()).isEmpty();
  }

  @Test
  void reportsTheFirstRecordNotForwardedAfterAnnouncingTheWholeBatch() {
    sink.failFromSource(3);
    BatchReport report = service.process(List.of(bad(0), good(1), bad(2), good(3), bad(4), good(5)));

    assertThat(report.firstFailedIndex()).isEqualTo(3);
    PipelineEvent event = events.events().get(0);
    EventContract.assertValid(event);
    // announced before forwarding: record 4 too (its retry from record 3 announces it again, same id)
    assertThat(event.data().get("count").asInt()).isEqualTo(3);
    assertThat(event.data().get("lastSequenceNumber").asText()).isEqualTo(seq(5));
    assertThat(quarantine.objects).hasSize(3);
  }

  @Test
  void failsTheBatchFromItsFirstRecordWhenTheRejectionEventCannotBePublished() {
    events.failNext(1);
    BatchReport report = service.process(List.of(good(0), bad(1)));
    assertThat(report.firstFailedIndex()).isZero();
    assertThat(report.rejectionEventFailed()).isTrue();
    assertThat(quarantine.objects).hasSize(1);
    assertThat(sink.written).isEmpty();
  }

  @Test
  void capsTheEventListAtOneHundredAndSaysItIsTruncated() {
    List<RawRecord> batch = IntStream.range(0, 150).mapToObj(IngestServiceTest::bad).toList();
    service.process(batch);
    PipelineEvent event = events.events().get(0);
    EventContract.assertValid(event);
    assertThat(event.data().get("count").asInt()).isEqualTo(150);
    assertThat(event.data().get("quarantined").size()).isEqualTo(100);
    assertThat(event.data().get("truncated").asBoolean()).isTrue();
  }

  @Test
  void aMaskingFailureNeverFailsTheRecordsPathItsDocumentIsStoredWithThePayloadWithheld() {
    QuarantineMasking failing = new QuarantineMasking((text, counts) -> {
      throw new IllegalStateException("masking broke");
    });
    IngestService withFailingMasker = new IngestService(new RecordDecoder(DecodeLimits.DEFAULT), sink, quarantine,
        events, new QuarantineDocuments(new QuarantineKeys("quarantine/"), failing, null));
    RawRecord binary = new RawRecord("raw-logs", SHARD, seq(1), "pk-1", dev.eventpipeline.ingest.testing.Fixtures.ARRIVAL,
        "\u0000 password=hunter2".getBytes(StandardCharsets.UTF_8));

    BatchReport report = withFailingMasker.process(List.of(good(0), binary, good(2)));

    assertThat(report.firstFailedIndex()).isEqualTo(-1);
    assertThat(report.quarantined()).isEqualTo(1);
    assertThat(sink.written).extracting(e -> e.sourceIndex()).containsExactly(0, 2);
    QuarantinedObject object = quarantine.objects.values().iterator().next();
    assertThat(new String(object.document(), StandardCharsets.UTF_8)).doesNotContain("hunter2");
    assertThat(dev.eventpipeline.ingest.testing.Fixtures.json(object.document()).get("maskedPayload").isNull()).isTrue();
    assertThat(events.events()).singleElement();
  }

  @Test
  void aRetriedBatchOverwritesTheSameKeysAndRepeatsTheSameEventId() {
    List<RawRecord> batch = List.of(good(0), bad(1), raw(seq(2), "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"));
    service.process(batch);
    List<String> firstKeys = new ArrayList<>(quarantine.objects.keySet());
    service.process(batch);

    assertThat(quarantine.puts).isEqualTo(4);
    assertThat(quarantine.objects.keySet()).containsExactlyElementsOf(firstKeys);
    assertThat(firstKeys).containsExactly(
        "quarantine/ingest/dt=2026-11-23/" + SHARD + "/" + seq(1) + ".json",
        "quarantine/ingest/dt=2026-11-23/" + SHARD + "/" + seq(2) + "-0-0.json");
    assertThat(events.events()).hasSize(2);
    assertThat(events.events().get(0).id()).isEqualTo(events.events().get(1).id());
    JsonNode item = events.events().get(0).data().get("quarantined").get(1);
    assertThat(item.get("reason").asText()).isEqualTo("JSON_TOO_DEEP");
    assertThat(item.get("lineIndex").asInt()).isZero();
    assertThat(new String(sink.written.get(0).data(), StandardCharsets.UTF_8))
        .isEqualTo(new String(sink.written.get(1).data(), StandardCharsets.UTF_8));
  }

  @Test
  void stopsTakingRecordsWhenTheInvocationRunsOutOfTime() {
    AtomicInteger asked = new AtomicInteger();
    BatchReport report = service.process(List.of(good(0), good(1), good(2)), () -> asked.incrementAndGet() >= 2);
    assertThat(report.firstFailedIndex()).isEqualTo(2);
    assertThat(sink.written).extracting(e -> e.sourceIndex()).containsExactly(0, 1);
  }

  @Test
  void countsControlMessagesAndForwardsNothingForThem() {
    RawRecord control = raw(gzip(resource("decoded/sam_KinesisFirehoseCloudwatchLogsProcessor_record0_CONTROL_MESSAGE.json")));
    BatchReport report = service.process(List.of(control));
    assertThat(report.controlMessages()).isEqualTo(1);
    assertThat(report.inputFormats()).containsEntry(Format.CWL, 1);
    assertThat(sink.written).isEmpty();
    assertThat(report.firstFailedIndex()).isEqualTo(-1);
  }
}
