package dev.eventpipeline.masking;

/**
 * Masks log lines the way {@code ./pipeline mask} does: a line that is one JSON document (object or
 * array) is masked as JSON, anything else as text. Only the bytes of masked spans change.
 */
public final class LineMasker {
  private final JsonMasker json;

  public LineMasker(MaskEngine engine) {
    this.json = new JsonMasker(engine);
  }

  public MaskEngine engine() {
    return json.engine();
  }

  /** The masked line, or {@code line} itself when nothing was masked; adds what it masked to {@code counts}. */
  public String mask(String line, MaskCounts counts) {
    int first = 0;
    while (first < line.length() && Character.isWhitespace(line.charAt(first))) {
      first++;
    }
    if (first < line.length() && (line.charAt(first) == '{' || line.charAt(first) == '[')) {
      MaskCounts jsonCounts = new MaskCounts();
      try {
        String masked = json.maskDocument(line, jsonCounts);
        counts.addAll(jsonCounts);
        return masked;
      } catch (NotJsonException notJson) {
        // not JSON after all: mask it as text
      }
    }
    return json.engine().mask(line, counts);
  }
}
