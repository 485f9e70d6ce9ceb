package dev.eventpipeline.notify.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.batch.SqsBatch;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.notify.domain.DeliveryBatch;
import dev.eventpipeline.notify.domain.Notifier;
import java.time.Clock;
import java.util.List;

/**
 * Lambda entry point of notify: pipeline events from the notify-events queue to signed webhooks
 * ({@link DeliveryBatch}); messages that are not pipeline events are acknowledged ({@link EventMessages}).
 */
public final class NotifyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  static {
    InitWarmup.start(); // first: before the logger below configures Log4j (docs/operations.md#cold-start)
  }

  private final DeliveryBatch batch;

  /** Wires the real adapters from the environment (docs/functions.md). */
  public NotifyHandler() {
    this(Env.system(), AwsClients.fromEnvironment());
  }

  private NotifyHandler(Env env, AwsClients clients) {
    this(NotifyWiring.notifier(env, clients.dynamoDb(), WebhookSettings.kms(clients)), Clock.systemUTC());
    NotifyPriming.registerDelivery(WebhookSettings.from(env));
  }

  /** For tests: a notifier built from ports. */
  public NotifyHandler(Notifier notifier, Clock clock) {
    this.batch = new DeliveryBatch(notifier, clock);
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
    try (var scope = LambdaLogging.invocation(context)) {
      Metrics metrics = Metrics.forInvocation();
      try {
        metrics.count("EventsReceived", messages.size());
        List<Notifier.Inbound> events = EventMessages.deliverable(messages, metrics);
        long remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        return SqsBatch.failures(batch.deliver(events, messages.size(), remaining, metrics));
      } finally {
        metrics.flush();
      }
    }
  }
}
