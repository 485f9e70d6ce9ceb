package dev.eventpipeline.remediate.handler;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.dlq.DeadLetterRedrive;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.lifecycle.Lazy;
import dev.eventpipeline.remediate.adapter.DynamoDbAttemptLedger;
import dev.eventpipeline.remediate.adapter.KinesisStreamScaler;
import dev.eventpipeline.remediate.adapter.SqsKinesisRedriver;
import dev.eventpipeline.remediate.domain.Remediator;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The remediator with its real adapters (no AWS call is made here). */
final class RemediateWiring {
  /** An uncompleted claim older than this is taken over: more than the function's 5-minute timeout. */
  static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(6);
  /** The longest in-function backoff of a Kinesis replay (SQS redrives use DelaySeconds instead). */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private RemediateWiring() {}

  /**
   * Every alarm is recorded in the ledger (DynamoDB) and announced (SNS): those clients are built at
   * init. SQS and Kinesis serve only the redrive or the scaling an alarm asks for: built on first use
   * (each SDK client costs tens of milliseconds of init; docs/operations.md#cold-start).
   */
  static Remediator remediator(RemediateConfig c, AwsClients aws) {
    Lazy<KinesisClient> kinesis = Lazy.of(aws::kinesis);
    Lazy<DeadLetterRedrive> redrive = Lazy.of(() -> new DeadLetterRedrive(aws.sqs(), kinesis.get()));
    return new Remediator(c.targets(), c.policy(), new DynamoDbAttemptLedger(aws.dynamoDb(), c.table()),
        new SqsKinesisRedriver(redrive, c.maxMessages(), MAX_WAIT), new KinesisStreamScaler(kinesis),
        new SnsEventPublisher(aws.sns(), c.eventsTopicArn()), Clock.systemUTC(), CLAIM_TIMEOUT);
  }
}
