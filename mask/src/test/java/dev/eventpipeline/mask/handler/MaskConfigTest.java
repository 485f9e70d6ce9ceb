package dev.eventpipeline.mask.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.settings.DetectorType;
import dev.eventpipeline.settings.Operator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskConfigTest {
  private final Map<String, String> env = new HashMap<>(Map.of("ARCHIVE_BUCKET", "archive",
      "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:events"));

  @Test
  void appliesTheDocumentedDefaults() {
    MaskConfig config = MaskConfig.from(Env.of(env));
    assertThat(config.archivePrefix()).isEqualTo("logs/");
    assertThat(config.quarantinePrefix()).isEqualTo("quarantine/");
    assertThat(config.policy().operator(DetectorType.CREDIT_CARD)).isEqualTo(Operator.PARTIAL);
    assertThat(config.hashKeySecretArn()).isNull();
  }

  @Test
  void aMissingBucketNamesTheVariable() {
    env.remove("ARCHIVE_BUCKET");
    assertThatThrownBy(() -> MaskConfig.from(Env.of(env))).isInstanceOf(ConfigException.class)
        .hasMessage("Missing required environment variable ARCHIVE_BUCKET");
  }

  @Test
  void aMalformedPolicyNamesTheVariableAndTheProblem() {
    env.put("MASK_POLICY", "{\"operators\":{\"EMAIL\":\"SCRAMBLE\"}}");
    assertThatThrownBy(() -> MaskConfig.from(Env.of(env))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("MASK_POLICY").hasMessageContaining("unknown operator 'SCRAMBLE' for EMAIL");
  }

  @Test
  void aHashPolicyWithoutAKeySecretFailsFast() {
    env.put("MASK_POLICY", "{\"operators\":{\"EMAIL\":\"HASH\"}}");
    assertThatThrownBy(() -> MaskConfig.from(Env.of(env))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("uses HASH for [EMAIL]").hasMessageContaining("MASK_HASH_KEY_SECRET_ARN is not set");
  }
}
