package dev.eventpipeline.common.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishBatchRequestEntry;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;

/**
 * Adapter: publishes events to an SNS topic as CloudEvents JSON bodies, with the message
 * attributes {@code eventType} and {@code source} for subscription filter policies. Uses
 * PublishBatch (10 entries and 256 KiB per call) and retries only the entries SNS reports failed.
 */
public final class SnsEventPublisher implements EventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(SnsEventPublisher.class);
  private static final int MAX_BATCH_ENTRIES = 10;
  private static final int MAX_ATTEMPTS = 4;

  private final SnsClient sns;
  private final String topicArn;

  public SnsEventPublisher(SnsClient sns, String topicArn) {
    this.sns = sns;
    this.topicArn = topicArn;
  }

  @Override
  public void publish(List<PipelineEvent> events) {
    List<PublishBatchRequestEntry> batch = new ArrayList<>();
    int batchBytes = 0;
    for (int i = 0; i < events.size(); i++) {
      PublishBatchRequestEntry entry = toEntry(events.get(i), i);
      int size = sizeOf(entry);
      if (size > MAX_MESSAGE_BYTES) {
        throw new EventPublishException("event " + events.get(i).id() + " (" + events.get(i).type() + ") is "
            + size + " bytes, over SNS's " + MAX_MESSAGE_BYTES + "-byte limit; summarize it before publishing", null);
      }
      if (batch.size() == MAX_BATCH_ENTRIES || batchBytes + size > MAX_MESSAGE_BYTES) {
        send(batch);
        batch = new ArrayList<>();
        batchBytes = 0;
      }
      batch.add(entry);
      batchBytes += size;
    }
    if (!batch.isEmpty()) {
      send(batch);
    }
  }

  private void send(List<PublishBatchRequestEntry> entries) {
    List<PublishBatchRequestEntry> pending = entries;
    for (int attempt = 1; ; attempt++) {
      String lastError;
      try {
        List<PublishBatchRequestEntry> entriesThisAttempt = pending;
        PublishBatchResponse response =
            sns.publishBatch(b -> b.topicArn(topicArn).publishBatchRequestEntries(entriesThisAttempt));
        if (response.failed().isEmpty()) {
          return;
        }
        Map<String, PublishBatchRequestEntry> byId = new HashMap<>();
        pending.forEach(e -> byId.put(e.id(), e));
        List<PublishBatchRequestEntry> retry = new ArrayList<>();
        for (BatchResultErrorEntry failed : response.failed()) {
          if (Boolean.TRUE.equals(failed.senderFault())) {
            throw new EventPublishException("SNS refused event entry " + failed.id() + ": " + failed.code()
                + " " + failed.message(), null);
          }
          retry.add(byId.get(failed.id()));
        }
        lastError = response.failed().get(0).code();
        pending = retry;
      } catch (SdkException e) {
        if (attempt >= MAX_ATTEMPTS || !e.retryable() && isClientError(e)) {
          throw new EventPublishException("publishing " + pending.size() + " event(s) failed after " + attempt
              + " attempts: " + e.getMessage(), e);
        }
        lastError = e.getClass().getSimpleName();
      }
      if (attempt >= MAX_ATTEMPTS) {
        throw new EventPublishException("publishing " + pending.size() + " event(s) failed after " + attempt
            + " attempts: " + lastError, null);
      }
      LOG.warn("Retrying {} event(s) after {} (attempt {})", pending.size(), lastError, attempt);
      sleepWithJitter(attempt);
    }
  }

  /** A 4xx that is not throttling: retrying the same request cannot succeed. */
  private static boolean isClientError(SdkException e) {
    return e instanceof AwsServiceException ase && ase.statusCode() >= 400 && ase.statusCode() < 500
        && ase.statusCode() != 429 && !ase.isThrottlingException();
  }

  private static PublishBatchRequestEntry toEntry(PipelineEvent event, int index) {
    return PublishBatchRequestEntry.builder()
        .id("e" + index)
        .message(CloudEventCodec.toJsonString(event))
        .messageAttributes(Map.of(
            "eventType", stringAttribute(event.type().name()),
            "source", stringAttribute(event.source())))
        .build();
  }

  private static MessageAttributeValue stringAttribute(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** Bytes SNS counts against its limit: the body plus attribute names, types and values. */
  static int sizeOf(PublishBatchRequestEntry entry) {
    int size = entry.message().getBytes(StandardCharsets.UTF_8).length;
    for (var attribute : entry.messageAttributes().entrySet()) {
      size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length
          + attribute.getValue().dataType().length()
          + attribute.getValue().stringValue().getBytes(StandardCharsets.UTF_8).length;
    }
    return size;
  }

  private static void sleepWithJitter(int attempt) {
    long cap = Math.min(2_000L, 50L << attempt);
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventPublishException("interrupted while publishing events", e);
    }
  }
}
