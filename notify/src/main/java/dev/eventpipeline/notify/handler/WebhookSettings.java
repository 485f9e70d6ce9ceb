package dev.eventpipeline.notify.handler;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.settings.EnvVars;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The configuration both handlers share, read once at init (see docs/functions.md).
 *
 * @param allowPrivateTargets NOTIFY_ALLOW_PRIVATE_TARGETS: local development only; the stack never sets it
 */
public record WebhookSettings(String subscriptionsTable, Duration connectTimeout, Duration totalTimeout,
    Set<Integer> allowedPorts, boolean allowPrivateTargets) {
  public static final List<String> DEFAULT_PORTS = List.of("80", "443", "8080", "8443");

  public WebhookSettings {
    allowedPorts = Set.copyOf(allowedPorts);
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
    String name = "WEBHOOK_ALLOWED_PORTS";
    Set<Integer> ports = new LinkedHashSet<>();
    for (String item : env.list(name, DEFAULT_PORTS)) {
      int port;
      try {
        port = Integer.parseInt(item);
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new ConfigException(name, "Invalid value for environment variable " + name + ": '" + env.raw(name)
            + "' (expected comma-separated port numbers between 1 and 65535)");
      }
      ports.add(port);
    }
    if (ports.isEmpty()) {
      throw new ConfigException(name, "Invalid value for environment variable " + name + ": no ports listed");
    }
    return ports;
  }
}
