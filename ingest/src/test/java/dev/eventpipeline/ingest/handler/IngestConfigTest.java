package dev.eventpipeline.ingest.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment ingest reads, including the quarantine's opt-in raw bucket and the deployer's policy. */
class IngestConfigTest {
  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put("OUTPUT_STREAM_NAME", "normalized-logs");
    env.put("QUARANTINE_BUCKET", "log-archive");
    env.put("EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events");
    return env;
  }

  @Test
  void withoutTheOptionalVariablesNoRawCopyIsKeptAndTheBuiltInPolicyMasks() {
    IngestConfig config = IngestConfig.from(Env.of(required()));
    assertThat(config.quarantineRawBucket()).isNull();
    assertThat(config.maskPolicy()).isNull();
    assertThat(config.quarantinePrefix()).isEqualTo("quarantine/");
  }

  @Test
  void readsTheRawBucketAndTheDeployersPolicy() {
    Map<String, String> env = required();
    env.put("QUARANTINE_RAW_BUCKET", "eventpipeline-quarantineraw");
    env.put("MASK_POLICY", "{\"sensitiveKeys\":[\"x-session-key\"]}");
    IngestConfig config = IngestConfig.from(Env.of(env));
    assertThat(config.quarantineRawBucket()).isEqualTo("eventpipeline-quarantineraw");
    assertThat(config.maskPolicy()).contains("x-session-key");
  }

  @Test
  void anInvalidMaskPolicyFailsTheColdStartNamingTheVariable() {
    Map<String, String> env = required();
    env.put("MASK_POLICY", "{\"operators\":{\"EMAIL\":\"SHOUT\"}}");
    assertThatThrownBy(() -> IngestConfig.from(Env.of(env)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("MASK_POLICY")
        .satisfies(e -> assertThat(((ConfigException) e).variable()).isEqualTo("MASK_POLICY"));
  }
}
