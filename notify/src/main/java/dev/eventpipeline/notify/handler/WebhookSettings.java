package dev.eventpipeline.notify.handler;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.settings.EnvVars;
import dev.eventpipeline.settings.WebhookPorts;
import java.time.Duration;
import java.util.Set;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The configuration both handlers share, read once at init (see docs/functions.md).
 *
 * @param allowPrivateTargets NOTIFY_ALLOW_PRIVATE_TARGETS: local development only; the stack never sets it
 */
public record WebhookSettings(String subscriptionsTable, Duration connectTimeout, Duration totalTimeout,
    Set<Integer> allowedPorts, boolean allowPrivateTargets) {
  public WebhookSettings {
    allowedPorts = Set.copyOf(allowedPorts);
  }

  /** The KMS client both functions use for the secrets, built like every other client of the function. */
  static KmsClient kms(AwsClients clients) {
    return clients.configure(KmsClient.builder().credentialsProvider(clients.credentials()), "KMS");
  }

  public static WebhookSettings from(Env env) {
    return new WebhookSettings(
        env.required(EnvVars.SUBSCRIPTIONS_TABLE),
        Duration.ofMillis(env.intValue(EnvVars.WEBHOOK_CONNECT_TIMEOUT_MS, 3000, 100, 60_000)),
        Duration.ofMillis(env.intValue(EnvVars.WEBHOOK_TIMEOUT_MS, 10_000, 100, 900_000)),
        ports(env),
        env.bool(EnvVars.NOTIFY_ALLOW_PRIVATE_TARGETS, false));
  }

  private static Set<Integer> ports(Env env) {
    String name = EnvVars.WEBHOOK_ALLOWED_PORTS;
    String text = env.isSet(name) ? env.raw(name) : WebhookPorts.DEFAULT;
    try {
      return WebhookPorts.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, "Invalid value for environment variable " + name + ": '" + text + "': "
          + e.getMessage());
    }
  }
}
