package dev.eventpipeline.masking.eval;

import java.util.List;

/**
 * One generated log line. A positive case knows the exact spans of its secrets; a negative case
 * has none and must come back unchanged.
 *
 * @param classId the case class (one row of the report)
 * @param index the case's number in its class (stable for a seed)
 * @param input the log line
 * @param spans the secrets, in order, not overlapping; empty for a negative case
 * @param json whether the line is one JSON document (the output must still parse)
 */
record Case(String classId, int index, String input, List<Span> spans, boolean json) {
  boolean positive() {
    return !spans.isEmpty();
  }

  /**
   * One secret in {@link Case#input}: the characters {@code [start, end)} must become one
   * placeholder.
   *
   * @param labels the placeholder types that name this secret correctly (the first is the expected one)
   * @param quoted a JSON number: the placeholder must be written as a JSON string, in quotes
   * @param secrets what must not survive anywhere in the output: the span as written and, when it
   *     is escaped, the value it stands for (for a PEM block, without its BEGIN and END lines)
   */
  record Span(int start, int end, List<String> labels, boolean quoted, List<String> secrets) {
    boolean accepts(String label) {
      return labels.contains(label);
    }
  }
}
