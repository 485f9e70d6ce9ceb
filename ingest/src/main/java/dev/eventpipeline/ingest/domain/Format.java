package dev.eventpipeline.ingest.domain;

import java.util.Locale;

/** How a record was decoded; {@link #wire()} is the value of {@code origin.format} in the record schema. */
public enum Format {
  CWL, KPL, JSON, NDJSON, TEXT;

  private final String wire = name().toLowerCase(Locale.ROOT);

  /** The name in lower case: "cwl", "kpl", "json", "ndjson", "text". */
  public String wire() {
    return wire;
  }
}
