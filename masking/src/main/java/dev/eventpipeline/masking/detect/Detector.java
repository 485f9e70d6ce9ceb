package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.Set;

/**
 * Finds sensitive values in a string. Each detector skips ahead on a cheap trigger (a literal found
 * with {@link String#indexOf}, or a character class) and confirms candidates with a validator
 * (Luhn, mod-97, ranges, base64 decoding), so most text costs a scan and nothing else.
 */
public interface Detector {
  /** The types this detector can report. */
  Set<DetectorType> types();

  /** Adds every finding in {@code s} to {@code out}. */
  void scan(String s, Findings out);
}
