package dev.eventpipeline.ingest.domain;

/** How a record was decoded; {@link #wire()} is the value of {@code origin.format} in the record schema. */
public enum Format {
  CWL("cwl"),
  KPL("kpl"),
  JSON("json"),
  NDJSON("ndjson"),
  TEXT("text");

  private final String wire;

  Format(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
