package dev.eventpipeline.remediate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RemediationPolicyTest {
  private final RemediationPolicy policy = new RemediationPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(100));

  @Test
  void backoffDoublesWithEachEarlierAttemptOfTheHourUpToTheCap() {
    assertThat(policy.backoff(0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(60));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(100));
    assertThat(policy.backoff(50)).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void allowsAtMostMaxAttemptsPerHour() {
    assertThat(policy.allows(0)).isTrue();
    assertThat(policy.allows(2)).isTrue();
    assertThat(policy.allows(3)).isFalse();
  }

  @Test
  void refusesNonsensicalSettings() {
    assertThatThrownBy(() -> new RemediationPolicy(0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("maxAttemptsPerHour");
    assertThatThrownBy(() -> new RemediationPolicy(1, Duration.ofSeconds(10), Duration.ofSeconds(5)))
        .hasMessageContaining("backoff");
  }

  @ParameterizedTest(name = "{0} shard(s) within {1}..{2} -> {3}")
  @CsvSource({
      "1, 1, 4, 2",   // doubles
      "2, 1, 4, 4",
      "3, 1, 4, 4",   // stops at the bound
      "4, 1, 4, 4",   // at the bound: unchanged (notify only)
      "6, 1, 4, 6",   // above the bound (changed by hand): never scaled down by the remediation
      "1, 4, 8, 2",   // below the minimum: towards it, at most doubling per UpdateShardCount
      "2, 3, 8, 4",
      "1, 1, 1, 1"})
  void nextShardCountDoublesWithinTheBounds(int open, int min, int max, int expected) {
    assertThat(RemediationPolicy.nextShardCount(open, min, max)).isEqualTo(expected);
  }
}
