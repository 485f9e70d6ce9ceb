package dev.eventpipeline.notify.handler;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.notify.adapter.CachingSecretCipher;
import dev.eventpipeline.notify.adapter.DynamoDbDeliveryLog;
import dev.eventpipeline.notify.adapter.DynamoDbSubscriptionStore;
import dev.eventpipeline.notify.adapter.KmsSecretCipher;
import dev.eventpipeline.notify.adapter.SocketWebhookSender;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.Caller;
import dev.eventpipeline.notify.domain.Notifier;
import dev.eventpipeline.notify.domain.SubscriptionService;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.port.HostResolver;
import dev.eventpipeline.notify.port.SecretCipher;
import dev.eventpipeline.settings.EnvVars;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** The delivery function's notifier, wired from its environment (docs/functions.md) and real adapters. */
public final class NotifyWiring {
  private static final Logger LOG = LoggerFactory.getLogger(NotifyWiring.class);

  private NotifyWiring() {}

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

  /** SUBSCRIPTION_ADMINS: comma-separated IAM ARNs (roles, users, the account root) that see every subscription. */
  static Set<String> admins(Env env) {
    Set<String> admins = new LinkedHashSet<>();
    for (String arn : env.list(EnvVars.SUBSCRIPTION_ADMINS, List.of())) {
      try {
        admins.add(Caller.adminPrincipal(arn));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(EnvVars.SUBSCRIPTION_ADMINS, "Invalid value for environment variable "
            + EnvVars.SUBSCRIPTION_ADMINS + ": '" + arn + "' (expected comma-separated IAM ARNs of roles, users or"
            + " an account root)");
      }
    }
    return admins;
  }

  /** The subscription API function's service. */
  static SubscriptionService subscriptionService(Env env) {
    WebhookSettings settings = WebhookSettings.from(env);
    String keyId = env.required(EnvVars.SUBSCRIPTIONS_KEY_ID);
    TargetPolicy targets = new TargetPolicy(settings.allowedPorts(),
        new AddressPolicy(settings.allowPrivateTargets()), HostResolver.system());
    AwsClients clients = AwsClients.from(env);
    // No cache: the API opens a secret only for a test ping.
    return new SubscriptionService(
        new DynamoDbSubscriptionStore(clients.dynamoDb(), settings.subscriptionsTable()),
        new KmsSecretCipher(WebhookSettings.kms(clients), keyId),
        targets, new SocketWebhookSender(settings.connectTimeout(), settings.totalTimeout()), Clock.systemUTC());
  }
}
