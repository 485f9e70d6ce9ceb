package dev.eventpipeline.mask.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SnapStart priming masks and archives a synthetic batch through a second handler, in memory. */
class MaskPrimingTest {
  @Test
  void primesTheWholeBatchPathWithHashingPoliciesToo() {
    for (String policy : new String[] {null, "{\"operators\":{\"EMAIL\":\"HASH\"}}"}) {
      Map<String, String> env = new java.util.HashMap<>(Map.of("ARCHIVE_BUCKET", "log-archive",
          "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events"));
      if (policy != null) {
        env.put("MASK_POLICY", policy);
        env.put("MASK_HASH_KEY_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:k");
      }
      InMemoryArchiveStore store = new InMemoryArchiveStore();
      StreamsEventResponse response = MaskPriming.prime(MaskConfig.from(Env.of(env)), store);

      assertThat(response.getBatchItemFailures()).as("policy %s", policy).isEmpty();
      assertThat(store.keys()).hasSize(1);
      String archived = String.join("\n", store.lines(store.keys().get(0)));
      assertThat(archived).doesNotContain("jane.doe@example.com", "4111 1111 1111 1111", "AKIAIOSFODNN7EXAMPLE",
          "hunter2");
    }
  }
}
