package dev.eventpipeline.local.esm;

import dev.eventpipeline.local.esm.EventJson.SqsMessage;
import dev.eventpipeline.local.lambda.FunctionPool;
import dev.eventpipeline.local.lambda.InvocationResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping with Lambda's semantics: pollers (ScalingConfig.MaximumConcurrency of
 * them, else two) gather up to BatchSize messages within MaximumBatchingWindowInSeconds, invoke the
 * function, and delete what succeeded: the whole batch, or all but the reported batchItemFailures.
 * A function error, timeout or invalid response deletes nothing: the messages come back after the
 * queue's visibility timeout and go to its dead-letter queue after maxReceiveCount receives.
 */
public final class SqsMapping implements AutoCloseable {
  /** Pollers when the mapping sets no MaximumConcurrency (Lambda starts with five; one machine needs fewer). */
  public static final int DEFAULT_POLLERS = 2;

  private final MappingSpec spec;
  private final FunctionPool function;
  private final SqsClient sqs;
  private final String region;
  private final Consumer<String> log;
  private final List<Thread> pollers = new ArrayList<>();
  private final AtomicLong inFlight = new AtomicLong();
  private volatile boolean running = true;

  public SqsMapping(MappingSpec spec, FunctionPool function, SqsClient sqs, String region, Consumer<String> log) {
    this.spec = spec;
    this.function = function;
    this.sqs = sqs;
    this.region = region;
    String label = queueName(spec.sourceName()) + " → " + function.spec().name();
    this.log = msg -> log.accept(label + ": " + msg);
  }

  /** How many pollers (and so concurrent invocations) this mapping runs. */
  public static int pollers(MappingSpec spec) {
    return spec.maximumConcurrency() > 0 ? Math.min(spec.maximumConcurrency(), 5) : DEFAULT_POLLERS;
  }

  public MappingSpec spec() {
    return spec;
  }

  public void start() {
    for (int i = 0; i < pollers(spec); i++) {
      Thread t = new Thread(this::poll, "sqs-" + queueName(spec.sourceName()) + "-" + i);
      t.setDaemon(true);
      pollers.add(t);
      t.start();
    }
  }

  private void poll() {
    while (running) {
      try {
        List<Message> batch = receiveBatch();
        if (!batch.isEmpty()) {
          inFlight.incrementAndGet();
          try {
            handle(batch);
          } finally {
            inFlight.decrementAndGet();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (running) {
          log.accept("poll failed: " + e.getMessage() + "; retrying in 1 s");
          sleepQuietly(1000);
        }
      }
    }
  }

  private List<Message> receiveBatch() {
    List<Message> batch = new ArrayList<>();
    long windowEnd = System.currentTimeMillis() + spec.batchingWindowSeconds() * 1000L;
    while (running && batch.size() < spec.batchSize()) {
      long leftMillis = windowEnd - System.currentTimeMillis();
      // Long polls stay short so that a stop is noticed within about a second.
      int wait = batch.isEmpty() ? 1 : (int) Math.max(0, Math.min(1, leftMillis / 1000));
      int max = Math.min(10, spec.batchSize() - batch.size());
      List<Message> received = sqs.receiveMessage(b -> b.queueUrl(spec.sourceName()).maxNumberOfMessages(max)
          .waitTimeSeconds(wait).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
          .messageAttributeNames("All")).messages();
      batch.addAll(received);
      if (!batch.isEmpty() && (spec.batchingWindowSeconds() == 0 || System.currentTimeMillis() >= windowEnd)) {
        break;
      }
      if (batch.isEmpty()) {
        windowEnd = System.currentTimeMillis() + spec.batchingWindowSeconds() * 1000L;
      }
    }
    return batch;
  }

  private void handle(List<Message> batch) throws InterruptedException {
    List<SqsMessage> messages = new ArrayList<>();
    for (Message m : batch) {
      Map<String, String> attributes = new HashMap<>();
      m.attributesAsStrings().forEach(attributes::put);
      messages.add(new SqsMessage(m.messageId(), m.receiptHandle(), m.body(), m.md5OfBody(), attributes,
          m.messageAttributes()));
    }
    InvocationResult result;
    try {
      result = function.invoke(EventJson.sqs(messages, spec.sourceArn(), region)).get();
    } catch (java.util.concurrent.ExecutionException e) {
      log.accept("invocation failed: " + e.getCause());
      return;
    }
    List<Message> done = new ArrayList<>();
    if (!result.succeeded()) {
      log.accept(batch.size() + " message(s) left on the queue after " + result.describeError()
          + " (they return after the visibility timeout)");
    } else if (!spec.reportBatchItemFailures()) {
      done.addAll(batch);
    } else {
      BatchResponse response = BatchResponse.parse(result.payload(), batch.stream().map(Message::messageId).toList());
      if (!response.valid()) {
        log.accept("invalid batch response: all " + batch.size() + " message(s) left on the queue");
      } else {
        batch.stream().filter(m -> !response.failedIds().contains(m.messageId())).forEach(done::add);
        if (!response.failedIds().isEmpty()) {
          log.accept(response.failedIds().size() + " of " + batch.size()
              + " message(s) reported failed: left on the queue");
        }
      }
    }
    delete(done);
  }

  private void delete(List<Message> done) {
    for (int i = 0; i < done.size(); i += 10) {
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (Message m : done.subList(i, Math.min(done.size(), i + 10))) {
        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
            .receiptHandle(m.receiptHandle()).build());
      }
      var response = sqs.deleteMessageBatch(b -> b.queueUrl(spec.sourceName()).entries(entries));
      if (response.hasFailed() && !response.failed().isEmpty()) {
        log.accept(response.failed().size() + " delete(s) failed: " + response.failed().get(0).message());
      }
    }
  }

  /** Stops receiving; batches being handled finish. */
  public void stopPolling() {
    running = false;
  }

  /** Batches being handled right now. */
  public long inFlight() {
    return inFlight.get();
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : pollers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static String queueName(String queueUrl) {
    return queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
