package dev.eventpipeline.notify.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class WebhookSettingsTest {
  @Test
  void defaultsMatchDocsFunctionsMd() {
    WebhookSettings settings = WebhookSettings.from(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "subs")));

    assertThat(settings.subscriptionsTable()).isEqualTo("subs");
    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.totalTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.allowedPorts()).containsExactlyInAnyOrder(80, 443, 8080, 8443);
    assertThat(settings.allowPrivateTargets()).isFalse();
  }

  @Test
  void readsEveryVariable() {
    WebhookSettings settings = WebhookSettings.from(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "subs",
        "WEBHOOK_CONNECT_TIMEOUT_MS", "1500", "WEBHOOK_TIMEOUT_MS", "4000",
        "WEBHOOK_ALLOWED_PORTS", "443, 9443", "NOTIFY_ALLOW_PRIVATE_TARGETS", "true")));

    assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(settings.totalTimeout()).isEqualTo(Duration.ofMillis(4000));
    assertThat(settings.allowedPorts()).containsExactlyInAnyOrder(443, 9443);
    assertThat(settings.allowPrivateTargets()).isTrue();
  }

  @Test
  void failsFastNamingTheVariable() {
    assertThatThrownBy(() -> WebhookSettings.from(Env.of(Map.of())))
        .isInstanceOf(ConfigException.class).hasMessage("Missing required environment variable SUBSCRIPTIONS_TABLE");
    assertThatThrownBy(() -> WebhookSettings.from(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "s",
        "WEBHOOK_ALLOWED_PORTS", "443,https"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("WEBHOOK_ALLOWED_PORTS").hasMessageContaining("443,https");
    assertThatThrownBy(() -> WebhookSettings.from(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "s",
        "WEBHOOK_ALLOWED_PORTS", "70000"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("WEBHOOK_ALLOWED_PORTS");
    assertThatThrownBy(() -> WebhookSettings.from(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "s",
        "NOTIFY_ALLOW_PRIVATE_TARGETS", "yes"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("NOTIFY_ALLOW_PRIVATE_TARGETS");
    assertThatThrownBy(() -> WebhookSettings.from(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "s",
        "WEBHOOK_TIMEOUT_MS", "ten"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("WEBHOOK_TIMEOUT_MS");
  }

  @Test
  void notifyAlsoNeedsTheDeliveriesTableAndABoundedConcurrency() {
    DynamoDbClient unused = null;
    assertThatThrownBy(() -> NotifyWiring.notifier(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "s")), unused, null))
        .isInstanceOf(ConfigException.class).hasMessage("Missing required environment variable DELIVERIES_TABLE");
    assertThatThrownBy(() -> NotifyWiring.notifier(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "s", "DELIVERIES_TABLE", "d",
        "DELIVERY_CONCURRENCY", "0")), unused, null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("DELIVERY_CONCURRENCY");
    assertThatThrownBy(() -> NotifyWiring.notifier(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "s", "DELIVERIES_TABLE", "d")),
        unused, null))
        .isInstanceOf(ConfigException.class).hasMessage("Missing required environment variable SUBSCRIPTIONS_KEY_ID");
  }
}
