package dev.eventpipeline.local.esm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.local.esm.EventJson.KinesisRecord;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How a shard's reads become Lambda's batches: back to back when full, after the window when partial, 6 MB cap. */
class ShardBatcherTest {
  private static final String SHARD = "shardId-000000000000";
  private static final String STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/normalized";
  private static final String ROLE = "arn:aws:iam::123456789012:role/enrich";
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<List<String>> invoked = new ArrayList<>();
  private int next = 1;

  private ShardBatcher batcher(int batchSize, int windowSeconds) {
    return new ShardBatcher(batchSize, windowSeconds, ShardBatcher.MAX_EVENT_BYTES,
        ShardBatcher.recordOverhead(SHARD, STREAM, "us-east-1", ROLE), now::get, () -> true);
  }

  private List<KinesisRecord> read(int count, int dataBytes) {
    List<KinesisRecord> rs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rs.add(new KinesisRecord(String.format("4959%026d", next++), "pk-" + i, ByteBuffer.wrap(new byte[dataBytes]),
          Instant.ofEpochMilli(now.get())));
    }
    return rs;
  }

  private boolean record(List<KinesisRecord> batch) {
    invoked.add(batch.stream().map(KinesisRecord::sequenceNumber).toList());
    return true;
  }

  @Test
  void aReadOfManyRecordsRunsAsConsecutiveFullBatchesAtOnceInShardOrder() throws Exception {
    ShardBatcher b = batcher(100, 1);
    List<KinesisRecord> read = read(10_000, 200);
    b.add(read);

    int batches = b.dispatch(this::record, false);

    assertThat(batches).isEqualTo(100);
    assertThat(invoked).allSatisfy(batch -> assertThat(batch).hasSize(100));
    assertThat(invoked.stream().flatMap(List::stream).toList())
        .containsExactlyElementsOf(read.stream().map(KinesisRecord::sequenceNumber).toList());
    assertThat(b.isEmpty()).isTrue();
  }

  @Test
  void aPartialRestWaitsForTheBatchingWindowThenRuns() throws Exception {
    ShardBatcher b = batcher(100, 1);
    b.add(read(250, 100));

    assertThat(b.dispatch(this::record, false)).isEqualTo(2);
    assertThat(b.size()).isEqualTo(50);

    now.addAndGet(999);
    assertThat(b.dispatch(this::record, false)).isZero();
    now.addAndGet(1);
    assertThat(b.dispatch(this::record, false)).isEqualTo(1);
    assertThat(invoked.get(2)).hasSize(50);
  }

  @Test
  void withoutABatchingWindowWhatWasReadRunsAtOnceEvenWhenPartial() throws Exception {
    ShardBatcher b = batcher(100, 0);
    b.add(read(30, 100));

    assertThat(b.dispatch(this::record, false)).isEqualTo(1);
    assertThat(invoked.get(0)).hasSize(30);
  }

  @Test
  void recordsOfTheNextReadFillUpAWaitingPartialBatchInOrder() throws Exception {
    ShardBatcher b = batcher(100, 5);
    List<KinesisRecord> first = read(60, 100);
    List<KinesisRecord> second = read(60, 100);
    b.add(first);
    assertThat(b.dispatch(this::record, false)).isZero();

    b.add(second);
    assertThat(b.dispatch(this::record, false)).isEqualTo(1);

    List<String> expected = new ArrayList<>(first.stream().map(KinesisRecord::sequenceNumber).toList());
    expected.addAll(second.subList(0, 40).stream().map(KinesisRecord::sequenceNumber).toList());
    assertThat(invoked.get(0)).containsExactlyElementsOf(expected);
    assertThat(b.size()).isEqualTo(20);
  }

  @Test
  void aBatchStopsAtSixMegabytesOfEventAndCountsAsFull() throws Exception {
    ShardBatcher b = batcher(100, 60);
    List<KinesisRecord> read = read(100, 50 * 1024); // 100 KPL aggregates of 50 KiB: ~7 MB of base64
    b.add(read);
    List<Integer> eventSizes = new ArrayList<>();
    ShardBatcher.BatchProcessor measuring = batch -> {
      eventSizes.add(EventJson.kinesis(batch, SHARD, STREAM, "us-east-1", ROLE).length);
      return record(batch);
    };

    assertThat(b.dispatch(measuring, false)).isEqualTo(1); // full by size: no window wait
    assertThat(invoked.get(0).size()).isBetween(80, 99);
    assertThat(b.size()).isEqualTo(100 - invoked.get(0).size()); // the rest is a partial batch: it waits

    b.dispatch(measuring, true);
    assertThat(invoked.stream().flatMap(List::stream).toList())
        .containsExactlyElementsOf(read.stream().map(KinesisRecord::sequenceNumber).toList());
    assertThat(eventSizes).allSatisfy(size -> assertThat(size.longValue()).isLessThanOrEqualTo(ShardBatcher.MAX_EVENT_BYTES));
  }

  @Test
  void theSizeEstimateIsNeverBelowTheRealEventAndCloseToIt() {
    Random random = new Random(7);
    ShardBatcher b = batcher(500, 0);
    for (int round = 0; round < 20; round++) {
      List<KinesisRecord> rs = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(300); i++) {
        byte[] data = new byte[random.nextInt(3000)];
        random.nextBytes(data);
        String key = random.nextBoolean() ? "key-\"quoted\"-ü-" + i : Long.toHexString(random.nextLong());
        rs.add(new KinesisRecord(String.valueOf(49_000_000_000L + random.nextInt(1_000_000)), key,
            ByteBuffer.wrap(data), Instant.ofEpochMilli(1_763_900_000_000L + random.nextInt(1_000_000))));
      }
      long estimate = ShardBatcher.EMPTY_EVENT_BYTES + rs.size() - 1 + rs.stream().mapToLong(b::eventBytes).sum();
      int actual = EventJson.kinesis(rs, SHARD, STREAM, "us-east-1", ROLE).length;
      assertThat(estimate).isGreaterThanOrEqualTo(actual).isLessThan(actual + 40L * rs.size());
    }
  }

  @Test
  void aBatchTheFunctionDidNotFinishStaysBufferedWithEverythingAfterIt() throws Exception {
    ShardBatcher b = batcher(10, 0);
    b.add(read(30, 10));
    int[] calls = {0};

    int batches = b.dispatch(batch -> ++calls[0] < 2, false);

    assertThat(batches).isEqualTo(1);
    assertThat(b.size()).isEqualTo(20);
  }

  @Test
  void nothingRunsOnceTheMappingStops() throws Exception {
    ShardBatcher b = new ShardBatcher(10, 0, ShardBatcher.MAX_EVENT_BYTES, 400, now::get, () -> false);
    b.add(read(30, 10));

    assertThat(b.dispatch(this::record, true)).isZero();
    assertThat(invoked).isEmpty();
  }

  @Test
  void aPartialBatchIsDueWhenItsWindowEnds() throws Exception {
    ShardBatcher b = batcher(100, 1);
    assertThat(b.millisUntilDue()).isEqualTo(-1);
    b.add(read(1, 10));
    assertThat(b.headReadAtMillis()).isEqualTo(now.get());
    assertThat(b.millisUntilDue()).isEqualTo(1000);
    now.addAndGet(700);
    assertThat(b.millisUntilDue()).isEqualTo(300);
    now.addAndGet(400);
    assertThat(b.millisUntilDue()).isZero();
    assertThat(b.dispatch(this::record, false)).isEqualTo(1);
    assertThat(b.millisUntilDue()).isEqualTo(-1);
  }

  @Test
  void aFullBatchIsDueAtOnce() throws Exception {
    ShardBatcher b = batcher(2, 5);
    b.add(read(3, 10));
    assertThat(b.millisUntilDue()).isZero();
  }
}
