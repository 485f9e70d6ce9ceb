package dev.eventpipeline.common.kinesis;

import dev.eventpipeline.common.records.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Adapter: forwards records to a Kinesis stream with PutRecords, the way a stream-to-stream Lambda
 * must: calls of at most 500 entries and 5 MiB, in input order; only the entries PutRecords
 * reports as failed are retried, with exponential backoff and full jitter; and when a call cannot
 * be completed, writing stops there and the result names the first source record (the input
 * record of the Lambda batch) that was not completely forwarded, so the handler can report it as
 * the batch item failure and Lambda retries from it.
 *
 * <p>Delivery between streams is at least once: entries of a retried source record that did get
 * through are written again. Records carry deterministic ids for downstream de-duplication.
 */
public final class KinesisRecordWriter implements RecordSink {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisRecordWriter.class);
  /** PutRecords limits. */
  public static final int MAX_ENTRIES_PER_CALL = 500;
  public static final int MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
  public static final int MAX_RECORD_BYTES = 1024 * 1024;

  /** Backoff between attempts of one call. */
  public record RetryPolicy(int maxAttempts, long baseDelayMillis, long maxDelayMillis) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(6, 50, 2_000);
  }

  /** Sleeps between attempts (replaceable in tests). */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final KinesisClient kinesis;
  private final String streamName;
  private final RetryPolicy retry;
  private final Sleeper sleeper;

  public KinesisRecordWriter(KinesisClient kinesis, String streamName) {
    this(kinesis, streamName, RetryPolicy.DEFAULT, Thread::sleep);
  }

  public KinesisRecordWriter(KinesisClient kinesis, String streamName, RetryPolicy retry, Sleeper sleeper) {
    this.kinesis = kinesis;
    this.streamName = streamName;
    this.retry = retry;
    this.sleeper = sleeper;
  }

  /**
   * {@inheritDoc} Entries are checked against Kinesis' limits first (a partition key of 1-256
   * characters, at most 1 MiB with its key): an entry over them is a defect of the caller
   * ({@link IllegalArgumentException}), not a failed write.
   */
  @Override
  public Result write(List<Entry> entries) {
    for (Entry e : entries) {
      checkLimits(e);
    }
    int written = 0;
    int start = 0;
    while (start < entries.size()) {
      int end = start;
      int bytes = 0;
      while (end < entries.size() && end - start < MAX_ENTRIES_PER_CALL
          && bytes + size(entries.get(end)) <= MAX_BYTES_PER_CALL) {
        bytes += size(entries.get(end));
        end++;
      }
      CallOutcome outcome = writeChunk(entries.subList(start, end));
      written += outcome.written;
      if (!outcome.failed.isEmpty()) {
        int firstFailed = outcome.failed.stream().mapToInt(Entry::sourceIndex).min().orElseThrow();
        return new Result(written, firstFailed, outcome.lastError);
      }
      start = end;
    }
    return new Result(written, -1, null);
  }

  /** Throws {@link IllegalArgumentException} when the entry is over Kinesis' limits for one record. */
  public static void checkLimits(Entry e) {
    String key = e.partitionKey();
    if (key == null || key.isEmpty() || key.length() > 256) {
      throw new IllegalArgumentException("partition key must be 1-256 characters");
    }
    if (e.data().length + key.length() > MAX_RECORD_BYTES) {
      throw new IllegalArgumentException("record of " + e.data().length + " bytes exceeds Kinesis' 1 MiB limit");
    }
  }

  private static int size(Entry e) {
    return e.data().length + e.partitionKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private record CallOutcome(int written, List<Entry> failed, int calls, String lastError) {}

  private CallOutcome writeChunk(List<Entry> chunk) {
    List<Entry> pending = chunk;
    int written = 0;
    String lastError = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      if (attempt > 1) {
        if (!backoff(attempt)) {
          return new CallOutcome(written, pending, attempt - 1, "interrupted");
        }
      }
      List<PutRecordsRequestEntry> request = new ArrayList<>(pending.size());
      for (Entry e : pending) {
        request.add(PutRecordsRequestEntry.builder()
            .partitionKey(e.partitionKey())
            .data(SdkBytes.fromByteArrayUnsafe(e.data()))
            .build());
      }
      PutRecordsResponse response;
      try {
        response = kinesis.putRecords(b -> b.streamName(streamName).records(request));
      } catch (SdkException e) {
        lastError = e.getClass().getSimpleName();
        LOG.warn("PutRecords to {} failed ({}), attempt {} of {}", streamName, lastError, attempt, retry.maxAttempts());
        continue;
      }
      List<PutRecordsResultEntry> results = response.records();
      if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
        return new CallOutcome(written + pending.size(), List.of(), attempt, null);
      }
      List<Entry> failed = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).errorCode() != null) {
          failed.add(pending.get(i));
          lastError = results.get(i).errorCode();
        }
      }
      written += pending.size() - failed.size();
      LOG.warn("PutRecords to {}: {} of {} entries failed ({}), attempt {} of {}", streamName, failed.size(),
          pending.size(), lastError, attempt, retry.maxAttempts());
      pending = failed;
    }
    return new CallOutcome(written, pending, retry.maxAttempts(), lastError);
  }

  private boolean backoff(int attempt) {
    long cap = Math.min(retry.maxDelayMillis(), retry.baseDelayMillis() << Math.min(attempt - 1, 20));
    try {
      sleeper.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
