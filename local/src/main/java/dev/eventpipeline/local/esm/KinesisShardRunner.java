package dev.eventpipeline.local.esm;

import dev.eventpipeline.local.esm.EventJson.KinesisRecord;
import dev.eventpipeline.local.lambda.InvocationResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Lambda's Kinesis event-source semantics for the records of one shard, in order: invoke with a
 * batch; on success checkpoint its last record; on a partial batch response checkpoint just before
 * the lowest failed sequence number and retry from there; on a function error retry (bisecting the
 * batch first when BisectBatchOnFunctionError is set; a split does not count as a retry); drop
 * records older than MaximumRecordAgeInSeconds and batches that exhausted MaximumRetryAttempts,
 * sending Lambda's invocation record to the on-failure destination. Later records of the shard
 * wait until the earlier ones are done: order within a shard is preserved.
 */
public final class KinesisShardRunner {
  /** Invokes the function and waits for the outcome. */
  public interface Invoker {
    InvocationResult invoke(byte[] event) throws InterruptedException;
  }

  /** Records that everything up to and including this record is done. */
  public interface Checkpointer {
    void checkpoint(KinesisRecord upToAndIncluding);
  }

  private final MappingSpec spec;
  private final String shardId;
  private final String functionArn;
  private final String region;
  private final String roleArn;
  private final Invoker invoker;
  private final FailureDestination destination;
  private final Consumer<String> log;
  private final BooleanSupplier running;
  private final Clock clock;
  private final Duration baseBackoff;

  public KinesisShardRunner(MappingSpec spec, String shardId, String functionArn, String region, String roleArn,
      Invoker invoker, FailureDestination destination, Consumer<String> log, BooleanSupplier running, Clock clock,
      Duration baseBackoff) {
    this.spec = spec;
    this.shardId = shardId;
    this.functionArn = functionArn;
    this.region = region;
    this.roleArn = roleArn;
    this.invoker = invoker;
    this.destination = destination;
    this.log = log;
    this.running = running;
    this.clock = clock;
    this.baseBackoff = baseBackoff;
  }

  /**
   * Processes one batch (at most BatchSize records, in shard order) until every record is done or
   * discarded, or the mapping stops (then nothing past the last checkpoint counts as done).
   *
   * @return true when the whole batch was handled, false when stopped part-way
   */
  public boolean process(List<KinesisRecord> batch, Checkpointer checkpointer) throws InterruptedException {
    Deque<List<KinesisRecord>> pending = new ArrayDeque<>();
    pending.add(new ArrayList<>(batch));
    int attempts = 0;
    int invokeCount = 0;
    while (!pending.isEmpty()) {
      if (!running.getAsBoolean()) {
        return false;
      }
      List<KinesisRecord> segment = pending.peekFirst();
      if (spec.maximumRecordAgeSeconds() >= 0) {
        List<KinesisRecord> expired = expired(segment);
        if (!expired.isEmpty()) {
          discard(expired, "RecordAgeExceeded", null, invokeCount, null);
          checkpointer.checkpoint(expired.get(expired.size() - 1));
          segment = new ArrayList<>(segment.subList(expired.size(), segment.size()));
          replaceHead(pending, segment);
          attempts = 0;
          continue;
        }
      }
      byte[] event = EventJson.kinesis(segment, shardId, spec.sourceArn(), region, roleArn);
      InvocationResult result = invoker.invoke(event);
      invokeCount++;
      if (result.succeeded()) {
        BatchResponse response = spec.reportBatchItemFailures()
            ? BatchResponse.parse(result.payload(), segment.stream().map(KinesisRecord::sequenceNumber).toList())
            : new BatchResponse(true, List.of());
        if (response.fullSuccess()) {
          checkpointer.checkpoint(segment.get(segment.size() - 1));
          pending.removeFirst();
          attempts = 0;
          invokeCount = 0;
          continue;
        }
        if (response.valid()) {
          int lowest = lowestIndex(segment, response.failedIds());
          if (lowest > 0) {
            // Everything before the lowest failed record is done; the retry starts at that record.
            checkpointer.checkpoint(segment.get(lowest - 1));
            segment = new ArrayList<>(segment.subList(lowest, segment.size()));
            replaceHead(pending, segment);
            attempts = 0;
          }
          log.accept(shardId + ": partial batch failure at " + segment.get(0).sequenceNumber() + "; retrying from it");
        } else {
          log.accept(shardId + ": invalid batch response; the whole batch counts as failed");
        }
      } else {
        log.accept(shardId + ": invocation " + result.requestId() + " failed (" + result.describeError() + ")");
        if (spec.bisectOnError() && segment.size() > 1) {
          int half = segment.size() / 2;
          pending.removeFirst();
          pending.addFirst(new ArrayList<>(segment.subList(half, segment.size())));
          pending.addFirst(new ArrayList<>(segment.subList(0, half)));
          log.accept(shardId + ": bisecting a batch of " + segment.size() + " into " + half + " + "
              + (segment.size() - half));
          attempts = 0;
          continue;
        }
      }
      attempts++;
      if (spec.maximumRetryAttempts() >= 0 && attempts > spec.maximumRetryAttempts()) {
        discard(segment, "RetryAttemptsExhausted", result.succeeded() ? null : "Unhandled", invokeCount,
            result.requestId());
        checkpointer.checkpoint(segment.get(segment.size() - 1));
        pending.removeFirst();
        attempts = 0;
        invokeCount = 0;
        continue;
      }
      backoff(attempts);
    }
    return true;
  }

  private List<KinesisRecord> expired(List<KinesisRecord> segment) {
    long oldest = clock.millis() - spec.maximumRecordAgeSeconds() * 1000L;
    List<KinesisRecord> expired = new ArrayList<>();
    for (KinesisRecord r : segment) {
      if (r.arrival().toEpochMilli() >= oldest) {
        break;
      }
      expired.add(r);
    }
    return expired;
  }

  private static int lowestIndex(List<KinesisRecord> segment, List<String> failedIds) {
    for (int i = 0; i < segment.size(); i++) {
      if (failedIds.contains(segment.get(i).sequenceNumber())) {
        return i;
      }
    }
    return 0;
  }

  private static void replaceHead(Deque<List<KinesisRecord>> pending, List<KinesisRecord> segment) {
    pending.removeFirst();
    if (!segment.isEmpty()) {
      pending.addFirst(segment);
    }
  }

  private void discard(List<KinesisRecord> records, String condition, String functionError, int invokeCount,
      String requestId) {
    KinesisRecord first = records.get(0);
    KinesisRecord last = records.get(records.size() - 1);
    log.accept(shardId + ": discarding " + records.size() + " record(s) " + first.sequenceNumber() + ".."
        + last.sequenceNumber() + " (" + condition + ")"
        + (destination == null ? "" : "; invocation record sent to " + destination.description()));
    if (destination != null) {
      destination.send(FailureDestination.kinesisRecord(requestId == null ? "" : requestId, functionArn, condition,
          invokeCount, functionError, shardId, spec.sourceArn(), first, last, records.size()));
    }
  }

  private void backoff(int attempts) throws InterruptedException {
    long millis = Math.min(baseBackoff.toMillis() << Math.min(attempts - 1, 6), 5_000L);
    long deadline = System.currentTimeMillis() + millis;
    while (running.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(Math.min(50, millis));
    }
  }
}
