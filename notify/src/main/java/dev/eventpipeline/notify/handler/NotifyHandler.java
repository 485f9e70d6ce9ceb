package dev.eventpipeline.notify.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.batch.SqsBatch;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.InvalidEventException;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.notify.adapter.CachingSecretCipher;
import dev.eventpipeline.notify.adapter.DynamoDbDeliveryLog;
import dev.eventpipeline.notify.adapter.DynamoDbSubscriptionStore;
import dev.eventpipeline.notify.adapter.KmsSecretCipher;
import dev.eventpipeline.notify.adapter.SocketWebhookSender;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.DeliveryOutcome;
import dev.eventpipeline.notify.domain.Notifier;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.port.HostResolver;
import dev.eventpipeline.notify.port.SecretCipher;
import dev.eventpipeline.settings.EnvVars;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Lambda entry point of notify: pipeline events from the notify-events queue to signed webhooks.
 * Messages whose deliveries must be retried are reported in batchItemFailures; a message that is
 * not a pipeline event (invalid JSON, not a CloudEvent, unknown type) can never succeed, so it is
 * acknowledged, logged and counted (InvalidEvents) instead of cycling to the DLQ.
 */
public final class NotifyHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  static {
    InitWarmup.start(); // first: before the logger below configures Log4j (docs/operations.md#cold-start)
  }

  private static final Logger LOG = LoggerFactory.getLogger(NotifyHandler.class);
  /** Time kept back from the invocation's remaining time for the response and metrics. */
  private static final Duration SAFETY_MARGIN = Duration.ofMillis(1500);

  private final Notifier notifier;
  private final Clock clock;

  /** Wires the real adapters from the environment (docs/functions.md). */
  public NotifyHandler() {
    this(Env.system(), AwsClients.fromEnvironment());
  }

  private NotifyHandler(Env env, AwsClients clients) {
    this(notifier(env, clients.dynamoDb(), WebhookSettings.kms(clients)), Clock.systemUTC());
    NotifyPriming.registerDelivery(WebhookSettings.from(env));
  }

  /** For tests: a notifier built from ports. */
  public NotifyHandler(Notifier notifier, Clock clock) {
    this.notifier = notifier;
    this.clock = clock;
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    try (var scope = LambdaLogging.invocation(context)) {
      Metrics metrics = Metrics.forInvocation();
      try {
        return process(event, deadline(context), metrics);
      } finally {
        metrics.flush();
      }
    }
  }

  private SQSBatchResponse process(SQSEvent event, Instant deadline, Metrics metrics) {
    List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
    metrics.count("EventsReceived", messages.size());
    List<Notifier.Inbound> inbound = new ArrayList<>(messages.size());
    for (SQSEvent.SQSMessage message : messages) {
      try (var scope = LambdaLogging.with("messageId", message.getMessageId())) {
        try {
          inbound.add(EventMessages.parse(message));
        } catch (InvalidEventException e) {
          // Retrying cannot turn it into an event; acknowledged so it does not cycle to the DLQ.
          LOG.warn("Message is not a deliverable pipeline event, acknowledged without delivery: {}", e.getMessage());
          metrics.count("InvalidEvents", 1);
        }
      }
    }
    if (inbound.isEmpty()) {
      return SqsBatch.failures(List.of());
    }
    Notifier.Report report;
    try {
      report = notifier.deliver(inbound, deadline);
    } catch (RuntimeException e) {
      LOG.error("Could not read the subscriptions; every message will come back", e);
      metrics.count("SubscriptionsUnavailable", 1);
      return SqsBatch.failures(inbound.stream().map(Notifier.Inbound::messageId).distinct().toList());
    }
    for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
      metrics.count(outcome.metric(), report.counts().getOrDefault(outcome, 0));
    }
    if (!report.retryMessageIds().isEmpty()) {
      LOG.info("{} of {} message(s) will come back for retryable deliveries", report.retryMessageIds().size(),
          messages.size());
    }
    return SqsBatch.failures(report.retryMessageIds());
  }

  private Instant deadline(Context context) {
    Instant now = clock.instant();
    if (context == null || context.getRemainingTimeInMillis() <= 0) {
      return now.plus(Duration.ofMinutes(15));
    }
    Instant deadline = now.plusMillis(context.getRemainingTimeInMillis()).minus(SAFETY_MARGIN);
    if (now.plus(notifier.deliveryTimeout()).isAfter(deadline)) {
      LOG.error("Only {} ms left in this invocation: not enough for one delivery (WEBHOOK_TIMEOUT_MS {} ms plus "
          + "{} ms); every delivery is deferred. Raise the function timeout.", context.getRemainingTimeInMillis(),
          notifier.deliveryTimeout().toMillis(), SAFETY_MARGIN.toMillis());
    }
    return deadline;
  }

  static Notifier notifier(Env env, DynamoDbClient dynamo, KmsClient kms) {
    WebhookSettings settings = WebhookSettings.from(env);
    String deliveries = env.required(EnvVars.DELIVERIES_TABLE);
    int concurrency = env.intValue(EnvVars.DELIVERY_CONCURRENCY, 8, 1, 64);
    String keyId = env.required(EnvVars.SUBSCRIPTIONS_KEY_ID);
    TargetPolicy targets = new TargetPolicy(settings.allowedPorts(),
        new AddressPolicy(settings.allowPrivateTargets()), HostResolver.system());
    if (settings.allowPrivateTargets()) {
      LOG.warn("NOTIFY_ALLOW_PRIVATE_TARGETS=true: webhooks may reach loopback and private addresses (local development only)");
    }
    // One Decrypt per secret per 10 minutes and execution environment, not one per delivery.
    SecretCipher secrets = new CachingSecretCipher(new KmsSecretCipher(kms, keyId), Duration.ofMinutes(10), 10_000,
        Clock.systemUTC());
    return new Notifier(new DynamoDbSubscriptionStore(dynamo, settings.subscriptionsTable()), secrets,
        new DynamoDbDeliveryLog(dynamo, deliveries),
        new SocketWebhookSender(settings.connectTimeout(), settings.totalTimeout()),
        targets, deliveryThreads(concurrency), concurrency, settings.totalTimeout(), Clock.systemUTC());
  }

  /** The bounded pool deliveries run on; daemon threads, so they never keep a JVM alive. */
  public static ExecutorService deliveryThreads(int concurrency) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(concurrency, runnable -> {
      Thread thread = new Thread(runnable, "webhook-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }
}
