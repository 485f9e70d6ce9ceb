package dev.eventpipeline.masking;

import dev.eventpipeline.settings.MaskPolicy;
import dev.eventpipeline.settings.DetectorType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.masking.HashKeySource;
import dev.eventpipeline.masking.HashKeyUnavailableException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Operators (REDACT, PARTIAL, HASH, NONE) applied to detected values. */
class MaskEngineTest {
  private static final HashKeySource KEY = HashKeySource.fixed("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  private final MaskCounts counts = new MaskCounts();

  @Test
  void redactsWithTheTypeNameAndCountsEachValue() {
    String masked = MaskEngine.withDefaults().mask("from jane@example.com to 10.1.2.3 and bob@example.org", counts);
    assertThat(masked).isEqualTo("from [EMAIL] to [IPV4] and [EMAIL]");
    assertThat(counts.asMap()).containsEntry("EMAIL", 2).containsEntry("IPV4", 1);
  }

  @Test
  void returnsTheSameStringWhenNothingIsFound() {
    String text = "GET /health 200 3ms";
    assertThat(MaskEngine.withDefaults().mask(text, counts)).isSameAs(text);
    assertThat(counts.isEmpty()).isTrue();
  }

  @Test
  void partialKeepsTheLastFourOfACardAndTheDomainOfAnEmail() {
    MaskEngine engine = engine("{\"operators\": {\"EMAIL\": \"PARTIAL\", \"IPV4\": \"PARTIAL\", \"IBAN\": \"PARTIAL\"}}");
    assertThat(engine.mask("card 4111-1111-1111-1111 of jane@example.com at 10.1.2.3 iban GB29 NWBK 6016 1331 9268 19", counts))
        .isEqualTo("card [CREDIT_CARD:****1111] of [EMAIL:****@example.com] at [IPV4:10.1.*.*] iban [IBAN:****6819]");
  }

  @Test
  void hashGivesAStablePseudonymThatJoinsTheSameValueWrittenTwoWays() {
    MaskEngine engine = engine("{\"operators\": {\"EMAIL\": \"HASH\", \"CREDIT_CARD\": \"HASH\"}}");
    String a = engine.mask("Jane@Example.com paid 4111 1111 1111 1111", counts);
    String b = engine.mask("jane@example.com paid 4111-1111-1111-1111", counts);
    assertThat(a).isEqualTo(b).matches("\\[EMAIL:[0-9a-f]{8}] paid \\[CREDIT_CARD:[0-9a-f]{8}]");
    assertThat(engine.mask("john@example.com", counts)).isNotEqualTo(a.substring(0, 16));
  }

  @Test
  void hashDependsOnTheKey() {
    MaskPolicy policy = MaskPolicy.parse("{\"operators\": {\"EMAIL\": \"HASH\"}}");
    String one = new MaskEngine(policy, KEY).mask("jane@example.com", counts);
    String two = new MaskEngine(policy, HashKeySource.fixed("another-key-of-32-bytes-.........".getBytes(StandardCharsets.UTF_8)))
        .mask("jane@example.com", counts);
    assertThat(one).isNotEqualTo(two);
  }

  @Test
  void hashWithoutAKeyFailsInsteadOfLeavingTheValue() {
    MaskEngine engine = new MaskEngine(MaskPolicy.parse("{\"operators\": {\"EMAIL\": \"HASH\"}}"), HashKeySource.none());
    assertThatThrownBy(() -> engine.mask("jane@example.com", counts))
        .isInstanceOf(HashKeyUnavailableException.class)
        .hasMessageContaining("no hash key is configured");
  }

  @Test
  void noneSwitchesADetectorOff() {
    MaskEngine engine = engine("{\"operators\": {\"IPV4\": \"NONE\"}}");
    assertThat(engine.mask("client 10.1.2.3 jane@example.com", counts)).isEqualTo("client 10.1.2.3 [EMAIL]");
  }

  @Test
  void policySensitiveKeysAreMaskedAsSecret() {
    MaskEngine engine = engine("{\"sensitiveKeys\": [\"x-tenant-pin\"]}");
    assertThat(engine.mask("x-tenant-pin=4421 ok", counts)).isEqualTo("x-tenant-pin=[SECRET] ok");
  }

  @Test
  void valueUnderASensitiveKeyIsReportedAsWhatItIs() {
    MaskEngine engine = MaskEngine.withDefaults();
    assertThat(engine.maskWhole(DetectorType.SECRET, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", counts))
        .isEqualTo("[AWS_SECRET_KEY]");
    assertThat(engine.maskWhole(DetectorType.PASSWORD, "hunter2", counts)).isEqualTo("[PASSWORD]");
    assertThat(engine.maskWhole(DetectorType.PASSWORD, "[PASSWORD]", counts)).isEqualTo("[PASSWORD]");
    assertThat(counts.asMap()).containsExactly(
        java.util.Map.entry("AWS_SECRET_KEY", 1), java.util.Map.entry("PASSWORD", 1));
  }

  @Test
  void aJwtInsideACookieIsMaskedAsAJwtAndTheCookieNamesStay() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXNpZw";
    assertThat(MaskEngine.withDefaults().mask("Cookie: id=" + jwt + "; pref=dark\nnext", counts))
        .isEqualTo("Cookie: id=[JWT]; pref=[SECRET]\nnext");
  }

  private static MaskEngine engine(String policyJson) {
    return new MaskEngine(MaskPolicy.parse(policyJson), KEY);
  }
}
