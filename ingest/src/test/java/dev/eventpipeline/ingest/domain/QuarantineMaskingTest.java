package dev.eventpipeline.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.ingest.domain.format.RejectReason;
import dev.eventpipeline.settings.DetectorType;
import dev.eventpipeline.settings.MaskPolicy;
import dev.eventpipeline.settings.Operator;
import dev.eventpipeline.settings.PolicyException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** How ingest masks what it quarantines: which text, which policy, what happens when masking fails. */
class QuarantineMaskingTest {
  private static final QuarantineMasking DEFAULTS = QuarantineMasking.withPolicy(null);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Rejection payload(String text) {
    return Rejection.ofRecord(RejectReason.BINARY, "test", utf8(text));
  }

  @Test
  void masksTheRejectedBytesDecodedLenientlyAsUtf8() {
    byte[] bytes = {'p', 'a', 's', 's', 'w', 'o', 'r', 'd', '=', 's', '3', 'c', 'r', 'e', 't', ' ', (byte) 0xFF, ' ',
        'b', 'o', 'b', '@', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm'};
    QuarantineMasking.Masked m = DEFAULTS.mask(Rejection.ofRecord(RejectReason.BINARY, "t", bytes));

    assertThat(m.text()).isEqualTo("password=[PASSWORD] \uFFFD [EMAIL]");
    assertThat(m.counts()).containsEntry("PASSWORD", 1).containsEntry("EMAIL", 1);
    assertThat(m.source()).isEqualTo(QuarantineMasking.Source.PAYLOAD);
    assertThat(m.sourceBytes()).isEqualTo(bytes.length);
    assertThat(m.truncated()).isFalse();
    assertThat(m.error()).isNull();
  }

  @Test
  void masksWhatInflatedInsteadOfTheCompressedBytes() {
    Rejection whole = Rejection.ofCompressedRecord(RejectReason.CWL_MALFORMED, "t", new byte[] {0x1F, (byte) 0x8B},
        utf8("{\"user\":\"bob@example.com\"}"), true);
    QuarantineMasking.Masked m = DEFAULTS.mask(whole);
    assertThat(m.source()).isEqualTo(QuarantineMasking.Source.INFLATED);
    assertThat(m.text()).isEqualTo("{\"user\":\"[EMAIL]\"}");
    assertThat(m.truncated()).isFalse();
  }

  @Test
  void aPrefixKeepsOnlyItsCompleteLinesSoAValueCutInHalfCannotEscapeTheDetectors() {
    Rejection cut = Rejection.ofCompressedRecord(RejectReason.INVALID_GZIP, "t", new byte[] {0x1F, (byte) 0x8B},
        utf8("ok bob@example.com\ncard 4111 1111 1111 11"), false);
    QuarantineMasking.Masked m = DEFAULTS.mask(cut);
    assertThat(m.source()).isEqualTo(QuarantineMasking.Source.INFLATED_PREFIX);
    assertThat(m.text()).isEqualTo("ok [EMAIL]\n");
    assertThat(m.sourceBytes()).isEqualTo("ok bob@example.com\n".length());
    assertThat(m.truncated()).isTrue();

    Rejection oneLine = Rejection.ofCompressedRecord(RejectReason.INVALID_GZIP, "t", new byte[] {0x1F, (byte) 0x8B},
        utf8("{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"message\":\"login bob@exa"), false);
    assertThat(DEFAULTS.mask(oneLine).text()).as("an unterminated line is withheld").isEmpty();
  }

  @Test
  void masksAtMostOneMebibyteOfASourceEndingAtALineBreak() {
    byte[] big = new byte[QuarantineMasking.MAX_TEXT_BYTES + 1000];
    Arrays.fill(big, (byte) 'a');
    big[1000] = '\n';
    big[QuarantineMasking.MAX_TEXT_BYTES + 10] = '\n';
    QuarantineMasking.Masked m = DEFAULTS.mask(Rejection.ofRecord(RejectReason.RECORD_TOO_LARGE, "t", big));
    assertThat(m.truncated()).isTrue();
    assertThat(m.sourceBytes()).isEqualTo(1001);
    assertThat(m.text()).hasSize(1001);
  }

  @Test
  void aMaskerThatThrowsWithholdsTheTextAndNamesOnlyTheExceptionClass() {
    QuarantineMasking failing = new QuarantineMasking((text, counts) -> {
      throw new IllegalStateException("boom " + text);
    });
    QuarantineMasking.Masked m = failing.mask(payload("password=s3cret"));
    assertThat(m.text()).isNull();
    assertThat(m.counts()).isEmpty();
    assertThat(m.error()).isEqualTo("IllegalStateException");

    QuarantineMasking overflowing = new QuarantineMasking((text, counts) -> {
      throw new StackOverflowError();
    });
    assertThat(overflowing.mask(payload("x")).error()).isEqualTo("StackOverflowError");
  }

  // ---- the policy

  @Test
  void withoutADeployerPolicyItIsTheBuiltInOne() {
    MaskPolicy p = QuarantineMasking.policy(null);
    for (DetectorType t : DetectorType.values()) {
      assertThat(p.operator(t)).as(t.name()).isEqualTo(MaskPolicy.defaults().operator(t));
    }
    assertThat(QuarantineMasking.policy("  ").sensitiveKeys()).isEmpty();
  }

  @Test
  void theDeployersExtraSensitiveKeysApply() {
    QuarantineMasking m = QuarantineMasking.withPolicy("{\"sensitiveKeys\":[\"x-tenant-ref\"]}");
    assertThat(m.mask(payload("x-tenant-ref=abcdef123456 ok")).text()).doesNotContain("abcdef123456");
    assertThat(DEFAULTS.mask(payload("x-tenant-ref=abcdef123456 ok")).text())
        .as("not a built-in sensitive key").contains("abcdef123456");
  }

  @Test
  void hashBecomesRedactBecauseIngestHasNoHashKey() {
    MaskPolicy p = QuarantineMasking.policy("{\"operators\":{\"EMAIL\":\"HASH\",\"PASSWORD\":\"HASH\"}}");
    assertThat(p.usesHash()).isFalse();
    assertThat(p.operator(DetectorType.EMAIL)).isEqualTo(Operator.REDACT);
    QuarantineMasking m = QuarantineMasking.withPolicy("{\"operators\":{\"EMAIL\":\"HASH\"}}");
    assertThat(m.mask(payload("mail bob@example.com")).text()).isEqualTo("mail [EMAIL]");
  }

  @Test
  void aDeployersNoneOrPartialNeverLoosensTheQuarantineButRedactTightensIt() {
    MaskPolicy p = QuarantineMasking.policy(
        "{\"operators\":{\"IPV4\":\"NONE\",\"EMAIL\":\"PARTIAL\",\"CREDIT_CARD\":\"REDACT\"}}");
    assertThat(p.operator(DetectorType.IPV4)).isEqualTo(Operator.REDACT);
    assertThat(p.operator(DetectorType.EMAIL)).isEqualTo(Operator.REDACT);
    assertThat(p.operator(DetectorType.CREDIT_CARD)).as("no last 4 digits either").isEqualTo(Operator.REDACT);
    assertThat(QuarantineMasking.policy(null).operator(DetectorType.CREDIT_CARD)).isEqualTo(Operator.PARTIAL);
  }

  @Test
  void anInvalidDeployerPolicyIsRefused() {
    assertThatThrownBy(() -> QuarantineMasking.policy("{\"operators\":{\"EMAIL\":\"SHOUT\"}}"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("SHOUT");
  }
}
