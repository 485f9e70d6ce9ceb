package dev.eventpipeline.notify.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.notify.domain.SendResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SnapStart priming delivers and serves in memory: signed requests to a sender that never connects. */
class NotifyPrimingTest {
  private static final WebhookSettings SETTINGS = WebhookSettings.from(Env.of(Map.of("SUBSCRIPTIONS_TABLE", "subs")));

  @Test
  void deliversTheSyntheticEventsSignedToTheInMemorySubscription() {
    List<Map<String, String>> sent = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    SQSBatchResponse response = NotifyPriming.primeDelivery(SETTINGS, new NotifyPriming.MemoryStore(),
        (target, headers, body) -> {
          sent.add(headers);
          bodies.add(new String(body, StandardCharsets.UTF_8));
          return SendResult.status(200, 1);
        });

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(sent).hasSize(2).allSatisfy(h -> assertThat(h).containsKeys("webhook-id", "webhook-signature"));
    assertThat(bodies).anySatisfy(b -> assertThat(b).contains("ThumbnailCreated"));
  }

  @Test
  void servesTheApiInMemory() {
    NotifyPriming.MemoryStore store = new NotifyPriming.MemoryStore();
    assertThat(NotifyPriming.primeApi(SETTINGS, store)).containsExactly(201, 200, 400);
    assertThat(store.items).hasSize(1);
  }
}
