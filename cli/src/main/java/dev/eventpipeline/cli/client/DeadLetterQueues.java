package dev.eventpipeline.cli.client;

import dev.eventpipeline.common.dlq.DeadLetterRedrive;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * The pipeline's dead-letter queues and on-failure destinations (the stack outputs ending in
 * {@code DlqUrl}): their depths, what feeds each, and their redrive, which is
 * {@link DeadLetterRedrive} (common), the implementation the remediate function uses too.
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

  private final SqsClient sqs;
  private final DeadLetterRedrive redrive;
  private final Map<String, String> outputs;

  public DeadLetterQueues(SqsClient sqs, KinesisClient kinesis, Map<String, String> outputs) {
    this.sqs = sqs;
    this.redrive = new DeadLetterRedrive(sqs, kinesis);
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
    return redrive.redrivesTo(queueUrl, dlqArn);
  }

  /**
   * Redrives up to {@code max} messages (at most the depth seen at the start, so that messages failing
   * again on the way back are not picked up twice in one run), through the implementation the
   * remediate function uses too ({@link DeadLetterRedrive}).
   */
  public Result redrive(Dlq dlq, int max, Consumer<String> progress) {
    DeadLetterRedrive.Result r = redrive.redrive(dlq.url(), dlq.sourceQueueUrl(), max, 0, progress);
    return new Result(r.messagesRedriven(), r.recordsReplayed(), r.messagesLeft(), r.problems());
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
