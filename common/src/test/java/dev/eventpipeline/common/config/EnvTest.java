package dev.eventpipeline.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {
  @Test
  void missingRequiredVariableFailsNamingIt() {
    assertThatThrownBy(() -> Env.of(Map.of()).required("ARCHIVE_BUCKET"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Missing required environment variable ARCHIVE_BUCKET")
        .extracting(e -> ((ConfigException) e).variable()).isEqualTo("ARCHIVE_BUCKET");
  }

  @Test
  void blankCountsAsMissing() {
    assertThatThrownBy(() -> Env.of(Map.of("TOPIC_ARN", "  ")).required("TOPIC_ARN"))
        .hasMessageContaining("TOPIC_ARN");
  }

  @Test
  void invalidIntegerNamesVariableValueAndExpectation() {
    assertThatThrownBy(() -> Env.of(Map.of("BATCH", "ten")).intValue("BATCH", 10, 1, 100))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Invalid value for environment variable BATCH: 'ten' (expected an integer)");
  }

  @Test
  void outOfRangeIntegerIsRejected() {
    assertThatThrownBy(() -> Env.of(Map.of("BATCH", "0")).intValue("BATCH", 10, 1, 100))
        .hasMessageContaining("between 1 and 100");
  }

  @Test
  void defaultsApplyWhenUnset() {
    Env env = Env.of(Map.of());
    assertThat(env.intValue("N", 7, 1, 9)).isEqualTo(7);
    assertThat(env.optional("S", "x")).isEqualTo("x");
    assertThat(env.bool("B", true)).isTrue();
    assertThat(env.list("L", List.of("a"))).containsExactly("a");
    assertThat(env.duration("D", Duration.ofMinutes(5))).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void parsesListsDurationsBooleansAndUris() {
    Env env = Env.of(Map.of("L", " 128, 256 ,,512 ", "D1", "300", "D2", "PT2M", "B", "FALSE",
        "U", "http://127.0.0.1:4566"));
    assertThat(env.list("L", List.of())).containsExactly("128", "256", "512");
    assertThat(env.duration("D1", null)).isEqualTo(Duration.ofSeconds(300));
    assertThat(env.duration("D2", null)).isEqualTo(Duration.ofMinutes(2));
    assertThat(env.bool("B", true)).isFalse();
    assertThat(env.uri("U").getPort()).isEqualTo(4566);
  }

  @Test
  void rejectsNonBooleanAndRelativeUri() {
    assertThatThrownBy(() -> Env.of(Map.of("B", "yes")).bool("B", false)).hasMessageContaining("true or false");
    assertThatThrownBy(() -> Env.of(Map.of("U", "not a uri")).uri("U")).hasMessageContaining("U");
  }

  @Test
  void longValuesAreTruncatedInMessages() {
    String secretish = "x".repeat(500);
    assertThatThrownBy(() -> Env.of(Map.of("N", secretish)).intValue("N", 1, 0, 2))
        .message().hasSizeLessThan(200);
  }

  enum Mode { FAST, SAFE }

  @Test
  void parsesEnumsCaseInsensitively() {
    assertThat(Env.of(Map.of("M", "safe")).enumValue("M", Mode.class, Mode.FAST)).isEqualTo(Mode.SAFE);
    assertThatThrownBy(() -> Env.of(Map.of("M", "slow")).enumValue("M", Mode.class, Mode.FAST))
        .hasMessageContaining("[FAST, SAFE]");
  }
}
