package dev.eventpipeline.ingest.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.ingest.domain.format.Inflate;
import dev.eventpipeline.masking.HashKeySource;
import dev.eventpipeline.masking.MaskCounts;
import dev.eventpipeline.masking.MaskEngine;
import dev.eventpipeline.settings.DetectorType;
import dev.eventpipeline.settings.MaskPolicy;
import dev.eventpipeline.settings.Operator;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Masks what ingest quarantines (pure, thread-safe): the bytes of a rejection decoded leniently as
 * UTF-8 text (invalid sequences become U+FFFD) and run through the same detectors as the mask
 * function. What is masked (docs/ingest.md, "Quarantine"):
 *
 * <ul>
 *   <li>a compressed record rejected after (part of) it inflated: the inflated text, not the compressed
 *       bytes ({@code inflated}, or {@code inflated-prefix} when an error or the cap cut it);
 *   <li>anything else: the rejection's own bytes ({@code payload}).
 * </ul>
 *
 * At most {@link #MAX_TEXT_BYTES} of a source are masked. A source that was cut (a prefix) keeps only
 * its complete lines: the unterminated last line is withheld, because a value cut in the middle (half
 * an e-mail address, 12 digits of a card) can escape the detectors. Masking never throws: when it fails
 * the text is withheld ({@code null}), never stored unmasked.
 */
public final class QuarantineMasking {
  /** The most bytes of one source that are masked (Kinesis' largest record). */
  public static final int MAX_TEXT_BYTES = Inflate.PREFIX_KEPT_BYTES;

  /** Where masked text came from, as the document names it. */
  public enum Source {
    PAYLOAD("payload"), INFLATED("inflated"), INFLATED_PREFIX("inflated-prefix");

    private final String wire;

    Source(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** The masker: {@link MaskEngine#mask(String, MaskCounts)} in production. */
  @FunctionalInterface
  public interface TextMasker {
    String mask(String text, MaskCounts counts);
  }

  /**
   * What masking a rejection gave.
   *
   * @param text the masked text; null when masking failed (withheld)
   * @param counts values masked per detector type (empty when withheld)
   * @param source where the text came from
   * @param sourceBytes how many bytes of the source were masked
   * @param truncated whether that is only the start of the source (a prefix, or over the size cap)
   * @param error the class of the exception that made masking fail (never its message), or null
   */
  public record Masked(String text, Map<String, Integer> counts, Source source, int sourceBytes,
      boolean truncated, String error) {}

  private final TextMasker masker;

  public QuarantineMasking(TextMasker masker) {
    this.masker = masker;
  }

  /** With the engine of {@link #policy(String)} applied to the deployer's policy (null or blank: none). */
  public static QuarantineMasking withPolicy(String deployerPolicy) {
    MaskEngine engine = new MaskEngine(policy(deployerPolicy), HashKeySource.none());
    return new QuarantineMasking(engine::mask);
  }

  /**
   * The policy ingest masks quarantined text with: the built-in defaults, never less strict than the
   * deployer's policy (the mask function's MASK_POLICY), whose extra {@code sensitiveKeys} apply too. Per
   * type the stricter operator wins (NONE &lt; PARTIAL &lt; REDACT); HASH needs the mask function's key,
   * which ingest does not have, so it counts as REDACT and becomes REDACT. So a deployer's NONE or
   * PARTIAL does not loosen the quarantine, and REDACT or HASH on cards hides their last 4 digits too.
   *
   * @throws dev.eventpipeline.settings.PolicyException when the deployer's policy is invalid
   */
  public static MaskPolicy policy(String deployerPolicy) {
    MaskPolicy defaults = MaskPolicy.defaults();
    if (deployerPolicy == null || deployerPolicy.isBlank()) {
      return defaults;
    }
    MaskPolicy deployer = MaskPolicy.parse(deployerPolicy);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode doc = nodes.objectNode();
    doc.put("version", 1);
    ObjectNode operators = doc.putObject("operators");
    for (DetectorType type : DetectorType.values()) {
      int strictness = Math.max(strictness(defaults.operator(type)), strictness(deployer.operator(type)));
      operators.put(type.name(), strictness == 2 ? "REDACT" : strictness == 1 ? "PARTIAL" : "NONE");
    }
    deployer.sensitiveKeys().forEach(doc.putArray("sensitiveKeys")::add);
    return MaskPolicy.parse(doc.toString());
  }

  private static int strictness(Operator op) {
    return switch (op) {
      case NONE -> 0;
      case PARTIAL -> 1;
      case REDACT, HASH -> 2;
    };
  }

  /** Masks a rejection's text; never throws. */
  public Masked mask(Rejection rejection) {
    byte[] src;
    Source source;
    boolean truncated;
    if (rejection.inflated() != null) {
      src = rejection.inflated();
      source = rejection.inflatedWhole() ? Source.INFLATED : Source.INFLATED_PREFIX;
      truncated = !rejection.inflatedWhole();
    } else {
      src = rejection.bytes();
      source = Source.PAYLOAD;
      truncated = false;
    }
    int length = src.length;
    if (length > MAX_TEXT_BYTES) {
      length = MAX_TEXT_BYTES;
      truncated = true;
    }
    if (truncated) {
      length = completeLines(src, length);
    }
    MaskCounts counts = new MaskCounts();
    try {
      String text = masker.mask(new String(src, 0, length, StandardCharsets.UTF_8), counts);
      return new Masked(text, counts.asMap(), source, length, truncated, null);
    } catch (RuntimeException | StackOverflowError e) {
      return new Masked(null, Map.of(), source, length, truncated, e.getClass().getSimpleName());
    }
  }

  /** The length of {@code b[0, length)} up to and including its last line feed (0 when it has none). */
  static int completeLines(byte[] b, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return 0;
  }
}
