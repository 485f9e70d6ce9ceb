package dev.eventpipeline.masking.detect;

/**
 * Finds a keyword written in lower case, UPPER case or Capitalized, using two vectorized
 * {@link String#indexOf} scans on the keyword's tail instead of a per-character case-insensitive loop.
 */
final class CaseTrigger {
  private final String lowerTail;
  private final String upperTail;
  private final char lowerHead;
  private final char upperHead;

  /** {@code keyword} in lower case, at least 2 characters. */
  CaseTrigger(String keyword) {
    this.lowerHead = keyword.charAt(0);
    this.upperHead = Character.toUpperCase(lowerHead);
    this.lowerTail = keyword.substring(1);
    this.upperTail = lowerTail.toUpperCase(java.util.Locale.ROOT);
  }

  int length() {
    return lowerTail.length() + 1;
  }

  /** Start of the next occurrence at or after {@code from}, or -1. */
  int next(String s, int from) {
    int searchFrom = Math.max(1, from + 1);
    while (true) {
      int l = s.indexOf(lowerTail, searchFrom);
      int u = s.indexOf(upperTail, searchFrom);
      int tail = l < 0 ? u : u < 0 ? l : Math.min(l, u);
      if (tail < 0) {
        return -1;
      }
      char head = s.charAt(tail - 1);
      if (head == lowerHead || head == upperHead) {
        return tail - 1;
      }
      searchFrom = tail + 1;
    }
  }
}
