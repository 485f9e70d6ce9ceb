package dev.eventpipeline.settings;

/** How a masking policy replaces a detected value. */
public enum Operator {
  /** {@code [EMAIL]}. */
  REDACT,
  /** Keeps the last 4 characters ({@code [CREDIT_CARD:****1111]}) or, for e-mail, the domain. */
  PARTIAL,
  /** A stable pseudonym, HMAC-SHA256 with a configured key: {@code [EMAIL:9f2c1a0b]}. */
  HASH,
  /** Not detected, not masked (only for non-credential types). */
  NONE
}
