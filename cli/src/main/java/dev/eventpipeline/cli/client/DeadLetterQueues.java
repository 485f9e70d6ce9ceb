package dev.eventpipeline.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.common.records.RecordSink;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The pipeline's dead-letter queues and on-failure destinations (the stack outputs ending in
 * {@code DlqUrl}): their depths, and their redrive.
 *
 * <p>Two kinds. An SQS dead-letter queue (some source queue's RedrivePolicy names it): its messages
 * are moved back to that source queue (receive, send, delete: StartMessageMoveTask is not available
 * on every backend). A Kinesis on-failure destination: its messages are Lambda's invocation records
 * of discarded batches (shard and sequence range, not the data); the records of each range are read
 * back from the stream (GetShardIterator AT_SEQUENCE_NUMBER) and put again to the same stream with
 * their partition keys, so they go through the event source mapping again with all its retry,
 * bisect and on-failure handling. A message is deleted only once everything it names was replayed.
 */
public final class DeadLetterQueues {
  /** One dead-letter queue; {@code sourceQueueUrl} is null for an on-failure destination. */
  public record Dlq(String outputKey, String name, String url, String arn, long visible, long inFlight,
      String sourceQueueUrl) {
    public String kind() {
      return sourceQueueUrl == null ? "on-failure destination" : "dead-letter queue of " + queueName(sourceQueueUrl);
    }
  }

  /** What a redrive did: messages handled, Kinesis records re-put, messages left in the queue and why. */
  public record Result(int messagesRedriven, int recordsReplayed, int messagesLeft, List<String> problems) {}

  private static final int MAX_READ_CALLS = 1_000;

  private final SqsClient sqs;
  private final KinesisClient kinesis;
  private final Map<String, String> outputs;

  public DeadLetterQueues(SqsClient sqs, KinesisClient kinesis, Map<String, String> outputs) {
    this.sqs = sqs;
    this.kinesis = kinesis;
    this.outputs = outputs;
  }

  /** Every output ending in DlqUrl, with its depth and what feeds it. */
  public List<Dlq> list() {
    List<Dlq> dlqs = new ArrayList<>();
    for (Map.Entry<String, String> e : outputs.entrySet()) {
      if (e.getKey().endsWith("DlqUrl")) {
        dlqs.add(describe(e.getKey(), e.getValue()));
      }
    }
    return dlqs;
  }

  /**
   * Finds a DLQ by queue name, output key (with or without "Url", e.g. {@code MaskDlq}) or URL; a
   * queue that is not a stack output is accepted by name or URL too.
   */
  public Dlq find(String id) {
    for (Map.Entry<String, String> e : outputs.entrySet()) {
      if (!e.getKey().endsWith("DlqUrl")) {
        continue;
      }
      String key = e.getKey();
      if (id.equals(key) || id.equals(key.substring(0, key.length() - "Url".length())) || id.equals(e.getValue())
          || id.equals(queueName(e.getValue()))) {
        return describe(key, e.getValue());
      }
    }
    String url;
    try {
      url = id.startsWith("http://") || id.startsWith("https://") ? id
          : sqs.getQueueUrl(b -> b.queueName(id)).queueUrl();
    } catch (QueueDoesNotExistException e) {
      throw TargetException.usage("no dead-letter queue " + id + "; known: " + String.join(", ",
          outputs.entrySet().stream().filter(o -> o.getKey().endsWith("DlqUrl")).map(o -> queueName(o.getValue()))
              .toList()));
    }
    return describe(null, url);
  }

  private Dlq describe(String outputKey, String url) {
    Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
        QueueAttributeName.QUEUE_ARN, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    String arn = a.get(QueueAttributeName.QUEUE_ARN);
    return new Dlq(outputKey, queueName(url), url, arn, number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
        number(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)), sourceQueueOf(arn));
  }

  /** The queue whose RedrivePolicy names {@code dlqArn}: the stack's queues first, then every queue listed. */
  private String sourceQueueOf(String dlqArn) {
    List<String> candidates = new ArrayList<>();
    outputs.forEach((k, v) -> {
      if (k.endsWith("QueueUrl") && !k.endsWith("DlqUrl")) {
        candidates.add(v);
      }
    });
    for (String url : candidates) {
      if (redrivesTo(url, dlqArn)) {
        return url;
      }
    }
    for (String url : sqs.listQueuesPaginator(b -> b.maxResults(1000)).queueUrls()) {
      if (!candidates.contains(url) && redrivesTo(url, dlqArn)) {
        return url;
      }
    }
    return null;
  }

  private boolean redrivesTo(String queueUrl, String dlqArn) {
    try {
      String policy = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.REDRIVE_POLICY))
          .attributes().get(QueueAttributeName.REDRIVE_POLICY);
      return policy != null && dlqArn.equals(Json.MAPPER.readTree(policy).path("deadLetterTargetArn").asText());
    } catch (QueueDoesNotExistException | IOException gone) {
      return false;
    }
  }

  /**
   * Redrives up to {@code max} messages (at most the depth seen at the start, so that messages failing
   * again on the way back are not picked up twice in one run).
   */
  public Result redrive(Dlq dlq, int max, Consumer<String> progress) {
    long budget = Math.min(max, dlq.visible());
    int redriven = 0;
    int replayed = 0;
    int left = 0;
    int emptyReceives = 0;
    List<String> problems = new ArrayList<>();
    while (redriven + left < budget && emptyReceives < 2) {
      int want = (int) Math.min(10, budget - redriven - left);
      List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(dlq.url()).maxNumberOfMessages(want)
          .waitTimeSeconds(1).visibilityTimeout(60).messageAttributeNames("All")).messages();
      if (messages.isEmpty()) {
        emptyReceives++;
        continue;
      }
      emptyReceives = 0;
      for (Message m : messages) {
        try {
          if (dlq.sourceQueueUrl() != null) {
            sqs.sendMessage(b -> b.queueUrl(dlq.sourceQueueUrl()).messageBody(m.body())
                .messageAttributes(m.messageAttributes()));
          } else {
            replayed += replayKinesis(m.body(), progress);
          }
          sqs.deleteMessage(b -> b.queueUrl(dlq.url()).receiptHandle(m.receiptHandle()));
          redriven++;
        } catch (TargetException e) {
          left++;
          problems.add("message " + m.messageId() + ": " + e.getMessage());
          // visible again soon, for the next run (not this one: the budget counts it)
          sqs.changeMessageVisibility(b -> b.queueUrl(dlq.url()).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
      }
    }
    return new Result(redriven, replayed, left, problems);
  }

  /** Re-puts the records a Kinesis failure record names; returns how many. */
  int replayKinesis(String body, Consumer<String> progress) {
    JsonNode info;
    try {
      info = Json.MAPPER.readTree(body).path("KinesisBatchInfo");
    } catch (IOException e) {
      throw new TargetException("not a Lambda failure record (not JSON)");
    }
    if (!info.isObject()) {
      throw new TargetException("not a Lambda failure record for a Kinesis batch (no KinesisBatchInfo)");
    }
    String streamArn = info.path("streamArn").asText();
    String shardId = info.path("shardId").asText();
    String start = info.path("startSequenceNumber").asText();
    String end = info.path("endSequenceNumber").asText();
    int batchSize = info.path("batchSize").asInt(-1);
    if (streamArn.isEmpty() || !streamArn.contains(":stream/") || shardId.isEmpty() || start.isEmpty()
        || end.isEmpty()) {
      throw new TargetException("incomplete KinesisBatchInfo (streamArn, shardId, start/endSequenceNumber)");
    }
    String stream = streamArn.substring(streamArn.indexOf(":stream/") + ":stream/".length());
    List<Record> records = read(stream, shardId, new BigInteger(start), new BigInteger(end));
    if (records.isEmpty()) {
      throw new TargetException("the records " + start + ".." + end + " of " + stream + "/" + shardId
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
      throw new TargetException("re-putting " + records.size() + " record(s) to " + stream + " stopped after "
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
    } catch (software.amazon.awssdk.services.kinesis.model.KinesisException e) {
      throw new TargetException("cannot read " + stream + "/" + shardId + " at " + start + ": "
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

  /** The depth of each DLQ by name, for summaries. */
  public static Map<String, Long> depths(List<Dlq> dlqs) {
    Map<String, Long> m = new LinkedHashMap<>();
    dlqs.forEach(d -> m.put(d.name(), d.visible()));
    return m;
  }

  static String queueName(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static long number(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
