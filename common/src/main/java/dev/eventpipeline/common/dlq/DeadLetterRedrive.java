package dev.eventpipeline.common.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.common.records.RecordSink;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The redrive of one dead-letter queue, shared by {@code ./pipeline dlq redrive} and the remediate
 * function.
 *
 * <p>Two kinds of queue. An SQS dead-letter queue (some source queue's RedrivePolicy names it): its
 * messages are moved back to that source queue (receive, send, delete: StartMessageMoveTask is not
 * available on every backend), optionally with a delivery delay (the remediation's backoff). A Kinesis
 * on-failure destination: its messages are Lambda's invocation records of discarded batches (shard and
 * sequence range, not the data); the records of each range are read back from the stream
 * (GetShardIterator AT_SEQUENCE_NUMBER) and put again to the same stream with their partition keys,
 * so they go through the event source mapping again with all its retry, bisect and on-failure
 * handling. A message is deleted only once everything it names was replayed. Progress lines name
 * queues, streams and sequence ranges, never message bodies.
 */
public final class DeadLetterRedrive {
  /** What a redrive did: messages handled, Kinesis records re-put, messages left in the queue and why. */
  public record Result(int messagesRedriven, int recordsReplayed, int messagesLeft, List<String> problems) {}

  private static final int MAX_READ_CALLS = 1_000;
  /** SQS' largest DelaySeconds. */
  public static final int MAX_DELAY_SECONDS = 900;

  private final SqsClient sqs;
  private final KinesisClient kinesis;

  public DeadLetterRedrive(SqsClient sqs, KinesisClient kinesis) {
    this.sqs = sqs;
    this.kinesis = kinesis;
  }

  /** The number of visible messages in a queue. */
  public long visibleMessages(String queueUrl) {
    String n = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    try {
      return n == null ? 0 : Long.parseLong(n);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether the queue at {@code queueUrl} has a RedrivePolicy naming {@code dlqArn}. */
  public boolean redrivesTo(String queueUrl, String dlqArn) {
    try {
      String policy = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
          .attributes().get(QueueAttributeName.REDRIVE_POLICY);
      return policy != null && dlqArn.equals(Json.MAPPER.readTree(policy).path("deadLetterTargetArn").asText());
    } catch (QueueDoesNotExistException | IOException gone) {
      return false;
    }
  }

  /**
   * Redrives up to {@code max} messages of {@code dlqUrl} (at most the depth seen at the start, so that
   * messages failing again on the way back are not picked up twice in one run): to
   * {@code sourceQueueUrl} delayed by {@code delaySeconds} (0..900), or, when it is null, as Kinesis
   * replays.
   */
  public Result redrive(String dlqUrl, String sourceQueueUrl, int max, int delaySeconds, Consumer<String> progress) {
    if (delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
      throw new IllegalArgumentException("delaySeconds must be 0.." + MAX_DELAY_SECONDS + ": " + delaySeconds);
    }
    long budget = Math.min(max, visibleMessages(dlqUrl));
    int redriven = 0;
    int replayed = 0;
    int left = 0;
    int emptyReceives = 0;
    List<String> problems = new ArrayList<>();
    while (redriven + left < budget && emptyReceives < 2) {
      int want = (int) Math.min(10, budget - redriven - left);
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(dlqUrl).maxNumberOfMessages(want)
          .waitTimeSeconds(1).visibilityTimeout(60).messageAttributeNames("All")).messages();
      if (messages.isEmpty()) {
        emptyReceives++;
        continue;
      }
      emptyReceives = 0;
      for (Message m : messages) {
        try {
          if (sourceQueueUrl != null) {
            sqs.sendMessage(b -> b.queueUrl(sourceQueueUrl).messageBody(m.body())
                .messageAttributes(m.messageAttributes()).delaySeconds(delaySeconds));
          } else {
            replayed += replayKinesis(m.body(), progress);
          }
          sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle()));
          redriven++;
        } catch (RedriveException e) {
          left++;
          problems.add("message " + m.messageId() + ": " + e.getMessage());
          // visible again soon, for the next run (not this one: the budget counts it)
          sqs.changeMessageVisibility(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
      }
    }
    return new Result(redriven, replayed, left, problems);
  }

  /** Re-puts the records a Kinesis failure record names; returns how many. */
  public int replayKinesis(String body, Consumer<String> progress) {
    JsonNode info;
    try {
      info = Json.MAPPER.readTree(body).path("KinesisBatchInfo");
    } catch (IOException e) {
      throw new RedriveException("not a Lambda failure record (not JSON)");
    }
    if (!info.isObject()) {
      throw new RedriveException("not a Lambda failure record for a Kinesis batch (no KinesisBatchInfo)");
    }
    String streamArn = info.path("streamArn").asText();
    String shardId = info.path("shardId").asText();
    String start = info.path("startSequenceNumber").asText();
    String end = info.path("endSequenceNumber").asText();
    int batchSize = info.path("batchSize").asInt(-1);
    if (streamArn.isEmpty() || !streamArn.contains(":stream/") || shardId.isEmpty() || start.isEmpty()
        || end.isEmpty()) {
      throw new RedriveException("incomplete KinesisBatchInfo (streamArn, shardId, start/endSequenceNumber)");
    }
    String stream = streamArn.substring(streamArn.indexOf(":stream/") + ":stream/".length());
    List<Record> records = read(stream, shardId, new BigInteger(start), new BigInteger(end));
    if (records.isEmpty()) {
      throw new RedriveException("the records " + start + ".." + end + " of " + stream + "/" + shardId
          + " are no longer in the stream (past its retention?)");
    }
    if (batchSize >= 0 && records.size() != batchSize) {
      progress.accept("note: " + stream + "/" + shardId + " " + start + ".." + end + " names " + batchSize
          + " record(s), " + records.size() + " found in the stream");
    }
    List<RecordSink.Entry> entries = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      entries.add(new RecordSink.Entry(records.get(i).partitionKey(), records.get(i).data().asByteArray(), i));
    }
    RecordSink.Result result = new KinesisRecordWriter(kinesis, stream).write(entries);
    if (!result.complete()) {
      throw new RedriveException("re-putting " + records.size() + " record(s) to " + stream + " stopped after "
          + result.written() + ": " + result.error());
    }
    progress.accept("replayed " + records.size() + " record(s) " + start + ".." + end + " of " + stream + "/" + shardId);
    return records.size();
  }

  private List<Record> read(String stream, String shardId, BigInteger start, BigInteger end) {
    List<Record> found = new ArrayList<>();
    String iterator;
    try {
      iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shardId)
          .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(start.toString()))
          .shardIterator();
    } catch (KinesisException e) {
      throw new RedriveException("cannot read " + stream + "/" + shardId + " at " + start + ": "
          + e.awsErrorDetails().errorMessage());
    }
    for (int calls = 0; iterator != null && calls < MAX_READ_CALLS; calls++) {
      String current = iterator;
      GetRecordsResponse response = kinesis.getRecords(b -> b.shardIterator(current).limit(1000));
      for (Record r : response.records()) {
        BigInteger seq = new BigInteger(r.sequenceNumber());
        if (seq.compareTo(end) > 0) {
          return found;
        }
        if (seq.compareTo(start) >= 0) {
          found.add(r);
        }
      }
      if (response.records().isEmpty() && (response.millisBehindLatest() == null
          || response.millisBehindLatest() == 0)) {
        return found;
      }
      iterator = response.nextShardIterator();
    }
    return found;
  }
}
