package dev.eventpipeline.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskPolicyTest {
  @Test
  void defaultRedactsEverythingAndShowsTheLastFourDigitsOfCards() {
    MaskPolicy policy = MaskPolicy.defaults();
    assertThat(policy.operator(DetectorType.EMAIL)).isEqualTo(Operator.REDACT);
    assertThat(policy.operator(DetectorType.CREDIT_CARD)).isEqualTo(Operator.PARTIAL);
    assertThat(policy.usesHash()).isFalse();
    assertThat(policy.enabledTypes()).containsExactlyInAnyOrder(DetectorType.values());
  }

  @Test
  void parsesOperatorsAndSensitiveKeysKeepingDefaultsForTypesLeftOut() {
    MaskPolicy policy = MaskPolicy.parse("""
        {"version": 1, "description": "ops team",
         "operators": {"EMAIL": "HASH", "IPV4": "NONE", "AWS_ACCESS_KEY_ID": "PARTIAL"},
         "sensitiveKeys": ["x-session-key"]}""");
    assertThat(policy.operator(DetectorType.EMAIL)).isEqualTo(Operator.HASH);
    assertThat(policy.operator(DetectorType.CREDIT_CARD)).isEqualTo(Operator.PARTIAL);
    assertThat(policy.operator(DetectorType.PHONE)).isEqualTo(Operator.REDACT);
    assertThat(policy.enabledTypes()).doesNotContain(DetectorType.IPV4);
    assertThat(policy.hashedTypes()).containsExactly(DetectorType.EMAIL);
    assertThat(policy.sensitiveKeys()).containsExactly("x-session-key");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
    "{\"operators\": {\"EMAIL\": \"HASH\"|not valid JSON at line 1",
    "[1, 2]|expected a JSON object, found array",
    "''|the document is empty",
    "{\"operator\": {}}|unknown field 'operator'",
    "{\"operators\": {\"EMIAL\": \"REDACT\"}}|unknown detector type 'EMIAL'",
    "{\"operators\": {\"EMAIL\": \"MASK\"}}|unknown operator 'MASK' for EMAIL",
    "{\"operators\": {\"EMAIL\": 3}}|operator of EMAIL must be a string",
    "{\"operators\": [\"EMAIL\"]}|'operators' must be an object",
    "{\"operators\": {\"JWT\": \"PARTIAL\"}}|PARTIAL would reveal part of a credential; JWT",
    "{\"operators\": {\"PASSWORD\": \"NONE\"}}|PASSWORD is a credential type and cannot be NONE",
    "{\"version\": 2}|unsupported version 2",
    "{\"sensitiveKeys\": \"token\"}|'sensitiveKeys' must be an array",
    "{\"sensitiveKeys\": [\"x\"]}|sensitiveKeys[0] must be a key name",
    "{\"operators\": {\"EMAIL\": \"HASH\", \"EMAIL\": \"REDACT\"}}|Duplicate field 'EMAIL'",
    "{} {}|not valid JSON",
  })
  void rejectsMalformedPoliciesNamingTheProblem(String json, String problem) {
    assertThatThrownBy(() -> MaskPolicy.parse(json))
        .isInstanceOf(PolicyException.class)
        .hasMessageStartingWith("Invalid masking policy: ")
        .hasMessageContaining(problem);
  }
}
