package dev.eventpipeline.remediate.handler;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.dlq.DeadLetterRedrive;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.remediate.adapter.DynamoDbAttemptLedger;
import dev.eventpipeline.remediate.adapter.KinesisStreamScaler;
import dev.eventpipeline.remediate.adapter.SqsKinesisRedriver;
import dev.eventpipeline.remediate.domain.Remediator;
import java.time.Clock;
import java.time.Duration;

/** The remediator with its real adapters (no AWS call is made here). */
final class RemediateWiring {
  /** An uncompleted claim older than this is taken over: more than the function's 5-minute timeout. */
  static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(6);
  /** The longest in-function backoff of a Kinesis replay (SQS redrives use DelaySeconds instead). */
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private RemediateWiring() {}

  static Remediator remediator(RemediateConfig c, AwsClients aws) {
    return new Remediator(c.targets(), c.policy(), new DynamoDbAttemptLedger(aws.dynamoDb(), c.table()),
        new SqsKinesisRedriver(new DeadLetterRedrive(aws.sqs(), aws.kinesis()), c.maxMessages(), MAX_WAIT),
        new KinesisStreamScaler(aws.kinesis()), new SnsEventPublisher(aws.sns(), c.eventsTopicArn()),
        Clock.systemUTC(), CLAIM_TIMEOUT);
  }
}
