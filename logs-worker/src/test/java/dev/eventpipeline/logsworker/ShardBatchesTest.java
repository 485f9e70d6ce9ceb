package dev.eventpipeline.logsworker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShardBatchesTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<List<Integer>> runs = new ArrayList<>();
  private final Deque<Integer> answers = new ArrayDeque<>();
  private final List<Integer> checkpoints = new ArrayList<>();
  private final List<Long> sleeps = new ArrayList<>();
  private boolean leaseLost;

  private ShardBatches<Integer> batches(int batchSize, long windowMillis) {
    return new ShardBatches<>("test", batchSize, windowMillis, batch -> {
      runs.add(List.copyOf(batch));
      return answers.isEmpty() ? -1 : answers.poll();
    }, now::get, millis -> {
      sleeps.add(millis);
      now.addAndGet(millis);
    }, running::get, new ShardBatches.Backoff(100, 400));
  }

  private boolean checkpoint(Integer record) {
    if (leaseLost) {
      return false;
    }
    checkpoints.add(record);
    return true;
  }

  @Test
  void runsFullBatchesAtOnceAndCheckpointsEachAfterItIsDone() {
    ShardBatches<Integer> b = batches(3, 5_000);
    b.add(List.of(1, 2, 3, 4, 5, 6, 7));

    assertThat(b.dispatch(this::checkpoint, false)).isTrue();

    assertThat(runs).containsExactly(List.of(1, 2, 3), List.of(4, 5, 6));
    assertThat(checkpoints).containsExactly(3, 6);
    assertThat(b.held()).isEqualTo(1);
  }

  @Test
  void holdsAPartialBatchUntilItsWindowIsOver() {
    ShardBatches<Integer> b = batches(10, 5_000);
    b.add(List.of(1, 2));
    b.dispatch(this::checkpoint, false);
    now.addAndGet(4_999);
    b.add(List.of(3));
    b.dispatch(this::checkpoint, false);
    assertThat(runs).isEmpty();

    now.addAndGet(1);
    b.dispatch(this::checkpoint, false);

    assertThat(runs).containsExactly(List.of(1, 2, 3));
    assertThat(checkpoints).containsExactly(3);
    assertThat(b.isEmpty()).isTrue();
  }

  @Test
  void withoutAWindowEveryReadIsABatchAtOnce() {
    ShardBatches<Integer> b = batches(10, 0);
    b.add(List.of(1));
    b.dispatch(this::checkpoint, false);
    assertThat(runs).containsExactly(List.of(1));
  }

  @Test
  void retriesFromTheFirstRecordNotDoneAfterCheckpointingTheRecordsBeforeIt() {
    ShardBatches<Integer> b = batches(5, 0);
    answers.addAll(List.of(2, 0, -1)); // 1 and 2 done; then nothing; then the rest

    b.add(List.of(1, 2, 3, 4, 5));
    assertThat(b.dispatch(this::checkpoint, false)).isTrue();

    assertThat(runs).containsExactly(List.of(1, 2, 3, 4, 5), List.of(3, 4, 5), List.of(3, 4, 5));
    assertThat(checkpoints).containsExactly(2, 5);
    assertThat(sleeps).containsExactly(100L, 200L);
  }

  @Test
  void aStageThatFailsTheWholeBatchGetsTheSameBatchAgainWithABoundedBackoff() {
    ShardBatches<Integer> b = batches(3, 0);
    answers.addAll(List.of(0, 0, 0, 0, -1));

    b.add(List.of(1, 2, 3));
    b.dispatch(this::checkpoint, false);

    assertThat(runs).hasSize(5).allMatch(run -> run.equals(List.of(1, 2, 3)));
    assertThat(sleeps).containsExactly(100L, 200L, 400L, 400L);
    assertThat(checkpoints).containsExactly(3);
    assertThat(b.failedAttempts()).isEqualTo(4);
  }

  @Test
  void anExceptionFromTheStageFailsTheWholeBatchAndItIsRetried() {
    List<Integer> calls = new ArrayList<>();
    ShardBatches<Integer> b = new ShardBatches<>("test", 2, 0, batch -> {
      calls.add(batch.size());
      if (calls.size() == 1) {
        throw new IllegalStateException("S3 is down");
      }
      return -1;
    }, now::get, millis -> { }, running::get, ShardBatches.Backoff.DEFAULT);

    b.add(List.of(1, 2));
    assertThat(b.dispatch(this::checkpoint, false)).isTrue();

    assertThat(calls).containsExactly(2, 2);
    assertThat(checkpoints).containsExactly(2);
  }

  @Test
  void aFailureIndexOutsideTheBatchMeansAllOfIt() {
    ShardBatches<Integer> b = batches(2, 0);
    answers.addAll(List.of(7, -1));
    b.add(List.of(1, 2));
    b.dispatch(this::checkpoint, false);
    assertThat(runs).containsExactly(List.of(1, 2), List.of(1, 2));
    assertThat(checkpoints).containsExactly(2);
  }

  @Test
  void whenStoppingAFailedBatchIsNotRetriedAndNothingPastWhatWasDoneIsCheckpointed() {
    ShardBatches<Integer> b = batches(10, 60_000);
    running.set(false);
    answers.add(1);

    b.add(List.of(1, 2, 3));
    boolean done = b.dispatch(this::checkpoint, true); // a graceful shutdown forces the held batch out

    assertThat(done).isFalse();
    assertThat(runs).containsExactly(List.of(1, 2, 3));
    assertThat(checkpoints).containsExactly(1);
    assertThat(b.held()).isEqualTo(3);
  }

  @Test
  void aLostLeaseStopsTheShardWithoutRunningMore() {
    ShardBatches<Integer> b = batches(2, 0);
    leaseLost = true;

    b.add(List.of(1, 2, 3, 4));
    assertThat(b.dispatch(this::checkpoint, false)).isFalse();

    assertThat(runs).containsExactly(List.of(1, 2));
    assertThat(checkpoints).isEmpty();
    b.clear();
    assertThat(b.isEmpty()).isTrue();
  }
}
