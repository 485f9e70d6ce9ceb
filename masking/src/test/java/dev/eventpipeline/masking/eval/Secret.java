package dev.eventpipeline.masking.eval;

import java.util.List;

/**
 * A sensitive value before it is placed in a line.
 *
 * @param value the value as text shows it
 * @param labels accepted placeholder types, the expected one first
 * @param jsonRaw how it is written inside a JSON string when not simply escaped (JSON \\u escapes), or null
 * @param pem whether it is a PEM block (its BEGIN/END lines may survive the leak check)
 */
record Secret(String value, List<String> labels, String jsonRaw, boolean pem) {
  Secret {
    labels = List.copyOf(labels);
  }

  static Secret of(String value, String... labels) {
    return new Secret(value, List.of(labels), null, false);
  }

  Secret withJsonRaw(String raw) {
    return new Secret(value, labels, raw, pem);
  }

  Secret withLabels(String... newLabels) {
    return new Secret(value, List.of(newLabels), jsonRaw, pem);
  }

  /** The text of this secret inside a JSON string. */
  String inJsonString() {
    return jsonRaw != null ? jsonRaw : Json.escape(value);
  }
}
