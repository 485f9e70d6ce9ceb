package dev.eventpipeline.remediate.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.dlq.DeadLetterRedrive;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.remediate.adapter.DynamoDbAttemptLedger;
import dev.eventpipeline.remediate.adapter.KinesisStreamScaler;
import dev.eventpipeline.remediate.adapter.SqsKinesisRedriver;
import dev.eventpipeline.remediate.domain.Remediator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Lambda entry point: an EventBridge alarm state change to a remediation; answers {@code {"remediation":
 * ...}} or {@code {}}. An error fails the invocation: EventBridge's retries, then the rule target's DLQ.
 */
public final class RemediateHandler implements RequestStreamHandler {
  static {
    InitWarmup.start(); // first: before any logger configures Log4j (docs/operations.md#cold-start)
  }

  // A claim older than the function's 5-minute timeout is taken over; a Kinesis replay waits at most 60 s.
  static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(6);
  static final Duration MAX_WAIT = Duration.ofSeconds(60);

  private final Remediator remediator;

  /** Wires real adapters from the environment (read once, at init; no AWS call is made here). */
  public RemediateHandler() {
    this(RemediateConfig.from(Env.system()), AwsClients.fromEnvironment());
  }

  private RemediateHandler(RemediateConfig c, AwsClients aws) {
    this(new Remediator(c.targets(), c.policy(), new DynamoDbAttemptLedger(aws.dynamoDb(), c.table()),
        new SqsKinesisRedriver(new DeadLetterRedrive(aws.sqs(), aws.kinesis()), c.maxMessages(), MAX_WAIT),
        new KinesisStreamScaler(aws.kinesis()), new SnsEventPublisher(aws.sns(), c.eventsTopicArn()),
        Clock.systemUTC(), CLAIM_TIMEOUT));
  }

  /** For tests: a remediator wired with the caller's ports. */
  public RemediateHandler(Remediator remediator) {
    this.remediator = remediator;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    try (var scope = LambdaLogging.invocation(context)) {
      var result = remediator.handle(AlarmEvents.parse(Json.MAPPER.readTree(input)));
      Json.MAPPER.writeValue(output, result.<Object>map(r -> Map.of("remediation", r)).orElse(Map.of()));
    }
  }
}
