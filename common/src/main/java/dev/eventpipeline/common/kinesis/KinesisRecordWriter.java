package dev.eventpipeline.common.kinesis;

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
public final class KinesisRecordWriter {
  private static final Logger LOG = LoggerFactory.getLogger(KinesisRecordWriter.class);
  /** PutRecords limits. */
  public static final int MAX_ENTRIES_PER_CALL = 500;
  public static final int MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
  public static final int MAX_RECORD_BYTES = 1024 * 1024;

  /** One record to write; {@code sourceIndex} is the index of the input record that produced it. */
  public record Entry(String partitionKey, byte[] data, int sourceIndex) {
    public Entry {
      if (partitionKey == null || partitionKey.isEmpty() || partitionKey.length() > 256) {
        throw new IllegalArgumentException("partition key must be 1-256 characters");
      }
      if (data.length + partitionKey.length() > MAX_RECORD_BYTES) {
        throw new IllegalArgumentException("record of " + data.length + " bytes exceeds Kinesis' 1 MiB limit");
      }
    }

    int size() {
      return data.length + partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
  }

  /**
   * The outcome: {@code firstFailedSource} is -1 when everything was written, else the lowest
   * source index with an entry that was not written.
   */
  public record Result(int written, int firstFailedSource, int calls, String lastError) {
    public boolean complete() {
      return firstFailedSource < 0;
    }
  }

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

  public Result write(List<Entry> entries) {
    int written = 0;
    int calls = 0;
    int start = 0;
    while (start < entries.size()) {
      int end = start;
      int bytes = 0;
      while (end < entries.size() && end - start < MAX_ENTRIES_PER_CALL
          && bytes + entries.get(end).size() <= MAX_BYTES_PER_CALL) {
        bytes += entries.get(end).size();
        end++;
      }
      CallOutcome outcome = writeChunk(entries.subList(start, end));
      calls += outcome.calls;
      written += outcome.written;
      if (!outcome.failed.isEmpty()) {
        int firstFailed = outcome.failed.stream().mapToInt(Entry::sourceIndex).min().orElseThrow();
        return new Result(written, firstFailed, calls, outcome.lastError);
      }
      start = end;
    }
    return new Result(written, -1, calls, null);
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
