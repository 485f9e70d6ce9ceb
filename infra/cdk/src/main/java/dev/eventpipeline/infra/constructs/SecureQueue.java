package dev.eventpipeline.infra.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * A work queue with its dead-letter queue: both encrypted with SSE-SQS and reachable over TLS only;
 * the visibility timeout covers six times its consumer's timeout plus the batching window (the
 * Lambda guidance), so a message is never redelivered while a slow invocation still holds it.
 */
public final class SecureQueue extends Construct {
  /** Messages are kept 14 days in a DLQ (the maximum): time to notice the alarm and redrive. */
  public static final Duration DLQ_RETENTION = Duration.days(14);

  /**
   * {@code logicalName} names the resources (e.g. ThumbnailJobs gives ThumbnailJobsQueue and
   * ThumbnailJobsDlq).
   */
  public record Props(String logicalName, Duration consumerTimeout, Duration batchingWindow,
      int maxReceiveCount) {}

  private final Queue queue;
  private final Queue deadLetterQueue;

  public SecureQueue(Construct scope, String id, Props props) {
    super(scope, id);
    deadLetterQueue = deadLetterQueue(this, "Dlq", props.logicalName() + "Dlq",
        "the dead-letter queue of " + props.logicalName() + "Queue");
    long visibility = 6 * props.consumerTimeout().toSeconds().longValue()
        + props.batchingWindow().toSeconds().longValue();
    queue = Queue.Builder.create(this, "Queue")
        .encryption(QueueEncryption.SQS_MANAGED)
        .enforceSsl(true)
        .visibilityTimeout(Duration.seconds(visibility))
        .deadLetterQueue(DeadLetterQueue.builder()
            .queue(deadLetterQueue)
            .maxReceiveCount(props.maxReceiveCount())
            .build())
        .build();
    LogicalIds.set(queue, props.logicalName() + "Queue");
  }

  /**
   * A queue at the end of a failure path (a DLQ or an on-failure destination): encrypted,
   * TLS-only, 14 days of retention, alarmed by the monitoring construct. {@code role} says what it
   * is the end of (it completes the reason of the nag suppressions).
   */
  public static Queue deadLetterQueue(Construct scope, String id, String logicalId, String role) {
    Queue dlq = Queue.Builder.create(scope, id)
        .encryption(QueueEncryption.SQS_MANAGED)
        .enforceSsl(true)
        .retentionPeriod(DLQ_RETENTION)
        .build();
    LogicalIds.set(dlq, logicalId);
    String reason = "This queue is " + role + ": the end of a failure path, with nothing to redrive"
        + " to; the monitoring construct alarms as soon as it holds a message.";
    // AwsSolutions-SQS3 recognizes redrive DLQs only; Serverless-SQSRedrivePolicy none at all.
    Nag.suppress(dlq, "AwsSolutions-SQS3", reason);
    Nag.suppress(dlq, "Serverless-SQSRedrivePolicy", reason);
    return dlq;
  }

  public Queue queue() {
    return queue;
  }

  public Queue deadLetterQueue() {
    return deadLetterQueue;
  }
}
