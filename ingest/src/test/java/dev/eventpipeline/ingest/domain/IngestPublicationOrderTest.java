package dev.eventpipeline.ingest.domain;

import static dev.eventpipeline.ingest.testing.Fixtures.SEQ;
import static dev.eventpipeline.ingest.testing.Fixtures.SHARD;
import static dev.eventpipeline.ingest.testing.Fixtures.gzip;
import static dev.eventpipeline.ingest.testing.Fixtures.json;
import static dev.eventpipeline.ingest.testing.Fixtures.raw;
import static dev.eventpipeline.ingest.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.ingest.domain.format.DecodeLimits;
import dev.eventpipeline.ingest.testing.FakeQuarantine;
import dev.eventpipeline.ingest.testing.FakeSink;
import dev.eventpipeline.ingest.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The order decode → quarantine → publish LogRecordsRejected → forward, and what a retry does after
 * each step fails: nothing is lost, nothing forwarded twice, the announcement keeps its id.
 */
class IngestPublicationOrderTest {
  private static final byte[] INVALID_GZIP = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};

  private final FakeSink sink = new FakeSink();
  private final FakeQuarantine quarantine = new FakeQuarantine();
  private final RecordingEventPublisher events = new RecordingEventPublisher();
  /** Every event the service tried to publish, also those whose publication failed. */
  private final List<PipelineEvent> attempted = new ArrayList<>();
  /** How many records had been forwarded and quarantined when each publication was attempted. */
  private final List<Integer> forwardedAtPublication = new ArrayList<>();
  private final List<Integer> quarantinedAtPublication = new ArrayList<>();
  private final EventPublisher publisher = batch -> {
    attempted.addAll(batch);
    forwardedAtPublication.add(sink.written.size());
    quarantinedAtPublication.add(quarantine.objects.size());
    events.publish(batch);
  };
  private final IngestService service = service(IngestService.HOLD_BYTES);

  private IngestService service(long holdBytes) {
    return new IngestService(new RecordDecoder(DecodeLimits.DEFAULT), sink, quarantine, publisher,
        dev.eventpipeline.ingest.testing.Fixtures.documents(), holdBytes);
  }

  private static RawRecord good(int i) {
    return raw(seq(i), "{\"msg\":\"record " + i + "\"}");
  }

  private static RawRecord bad(int i) {
    return new RawRecord("raw-logs", SHARD, seq(i), "pk-1", Fixtures.ARRIVAL, INVALID_GZIP);
  }

  private static String seq(int i) {
    return SEQ.substring(0, SEQ.length() - 4) + String.format("%04d", i);
  }

  private List<String> forwardedIds() {
    return sink.written.stream().map(e -> json(e.data()).get("id").asText()).toList();
  }

  private static String id(int i) {
    return SHARD + "." + seq(i) + ".0.0";
  }

  @Test
  void quarantinesAndPublishesBeforeForwardingAnything() {
    BatchReport report = service.process(List.of(good(0), bad(1), good(2), bad(3), good(4)));

    assertThat(report.firstFailedIndex()).isEqualTo(-1);
    assertThat(attempted).singleElement().satisfies(EventContract::assertValid);
    assertThat(forwardedAtPublication).containsExactly(0);
    assertThat(quarantinedAtPublication).containsExactly(2);
    assertThat(forwardedIds()).containsExactly(id(0), id(2), id(4));
  }

  @Test
  void aFailedPublicationForwardsNothingAndReportsTheBatchFromItsFirstRecord() {
    events.failNext(1);

    BatchReport report = service.process(List.of(good(0), bad(1), good(2)));

    assertThat(report.firstFailedIndex()).isZero();
    assertThat(report.rejectionEventFailed()).isTrue();
    assertThat(report.rejectionEventPublished()).isFalse();
    assertThat(report.failure()).contains("rejection event not published");
    assertThat(report.recordsOut()).isZero();
    assertThat(sink.written).isEmpty();
    assertThat(events.events()).isEmpty();
    // the quarantine copy is durable already; the retry overwrites it
    assertThat(quarantine.objects).containsOnlyKeys(
        "quarantine/ingest/dt=2026-11-23/" + SHARD + "/" + seq(1) + ".json");
  }

  @Test
  void theRetryAfterAFailedPublicationLosesNothingAndPublishesTheSameEventId() {
    List<RawRecord> batch = List.of(good(0), bad(1), good(2));
    events.failNext(1);
    BatchReport failed = service.process(batch);
    List<String> keys = new ArrayList<>(quarantine.objects.keySet());

    // Lambda retries from the reported record: the whole batch
    BatchReport retried = service.process(batch.subList(failed.firstFailedIndex(), batch.size()));

    assertThat(retried.firstFailedIndex()).isEqualTo(-1);
    assertThat(forwardedIds()).containsExactly(id(0), id(2));
    assertThat(quarantine.puts).isEqualTo(2);
    assertThat(quarantine.objects.keySet()).containsExactlyElementsOf(keys);
    assertThat(attempted).hasSize(2);
    assertThat(events.events()).singleElement().satisfies(published -> {
      EventContract.assertValid(published);
      assertThat(published.id()).isEqualTo(attempted.get(0).id());
      assertThat(published.data().get("count").asInt()).isEqualTo(1);
      assertThat(published.data().get("quarantined").get(0).get("key").asText()).isEqualTo(keys.get(0));
    });
  }

  @Test
  void aForwardFailureAfterPublicationIsRetriedFromThatRecordRepublishingTheSameIdAndForwardingTheRest() {
    List<RawRecord> batch = List.of(bad(0), good(1), good(2), bad(3), good(4));
    sink.failFromSource(2);
    BatchReport failed = service.process(batch);

    assertThat(failed.firstFailedIndex()).isEqualTo(2);
    assertThat(forwardedIds()).containsExactly(id(1));
    assertThat(events.events()).singleElement()
        .satisfies(e -> assertThat(e.data().get("count").asInt()).isEqualTo(2));

    // Lambda retries the batch's tail, from the reported record to the same last record
    sink.failFromSource(Integer.MAX_VALUE);
    BatchReport retried = service.process(batch.subList(failed.firstFailedIndex(), batch.size()));

    assertThat(retried.firstFailedIndex()).isEqualTo(-1);
    assertThat(forwardedIds()).containsExactly(id(1), id(2), id(4));
    assertThat(quarantine.objects).hasSize(2);
    assertThat(quarantine.puts).isEqualTo(3);
    List<PipelineEvent> published = events.events();
    assertThat(published).hasSize(2);
    EventContract.assertValid(published.get(1));
    assertThat(published.get(1).id()).isEqualTo(published.get(0).id());
    // the repeat announces the tail's object, which the first announcement listed too
    assertThat(published.get(1).data().get("count").asInt()).isEqualTo(1);
    assertThat(published.get(1).data().get("firstSequenceNumber").asText()).isEqualTo(seq(2));
    assertThat(published.get(0).data().get("quarantined").findValuesAsText("key"))
        .containsAll(published.get(1).data().get("quarantined").findValuesAsText("key"));
  }

  @Test
  void stopsBetweenOutputWritesWhenTimeRunsShortAndTheRetryRepublishesTheSameId() {
    List<RawRecord> batch = IntStream.range(0, 1200).mapToObj(i -> i == 700 ? bad(i) : good(i)).toList();
    AtomicInteger asked = new AtomicInteger();
    // decoding asks 1,199 times; the next question comes after the first write of 500 entries
    BatchReport first = service.process(batch, () -> asked.incrementAndGet() >= 1200);

    assertThat(first.firstFailedIndex()).isEqualTo(500);
    assertThat(first.failure()).contains("stopped forwarding before record 500");
    assertThat(sink.written).extracting(RecordSink.Entry::sourceIndex)
        .containsExactlyElementsOf(IntStream.range(0, 500).boxed().toList());

    BatchReport retried = service.process(batch.subList(500, batch.size()));

    assertThat(retried.firstFailedIndex()).isEqualTo(-1);
    assertThat(forwardedIds()).hasSize(1199).doesNotHaveDuplicates().doesNotContain(id(700));
    assertThat(events.events()).hasSize(2);
    assertThat(events.events().get(1).id()).isEqualTo(events.events().get(0).id());
  }

  @Test
  void recordsPastTheHoldBudgetAreDecodedAgainAndForwardedIdentically() {
    List<RawRecord> batch = List.of(
        raw(seq(0), "first line\nsecond line\r\n"),
        bad(1),
        new RawRecord("raw-logs", SHARD, seq(2), "pk-2", Fixtures.ARRIVAL,
            gzip(resource("decoded/sam_KinesisFirehoseCloudwatchLogsProcessor_record1_DATA_MESSAGE.json"))),
        good(3));
    service(IngestService.HOLD_BYTES).process(batch);
    List<RecordSink.Entry> held = List.copyOf(sink.written);
    sink.written.clear();

    BatchReport report = service(0).process(batch);

    assertThat(report.firstFailedIndex()).isEqualTo(-1);
    assertThat(held).hasSizeGreaterThan(3);
    assertThat(sink.written).hasSameSizeAs(held);
    for (int i = 0; i < held.size(); i++) {
      assertThat(sink.written.get(i).sourceIndex()).isEqualTo(held.get(i).sourceIndex());
      assertThat(sink.written.get(i).partitionKey()).isEqualTo(held.get(i).partitionKey());
      assertThat(sink.written.get(i).data()).isEqualTo(held.get(i).data());
    }
    assertThat(report.recordsOut()).isEqualTo(held.size());
    assertThat(report.quarantined()).isEqualTo(1);
  }
}
