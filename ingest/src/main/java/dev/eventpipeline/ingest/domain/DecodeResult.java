package dev.eventpipeline.ingest.domain;

import java.util.ArrayList;
import java.util.List;

/** Everything one raw record turned into: normalized records, rejections, and what it was. */
public final class DecodeResult {
  final List<OutputRecord> outputs = new ArrayList<>(2);
  final List<Rejection> rejections = new ArrayList<>(0);
  Format inputFormat;
  boolean control;
  boolean empty;
  int splitRecords;

  public List<OutputRecord> outputs() {
    return outputs;
  }

  public List<Rejection> rejections() {
    return rejections;
  }

  /** The container format of the raw record (null when it was rejected whole or empty). */
  public Format inputFormat() {
    return inputFormat;
  }

  /** A CloudWatch Logs CONTROL_MESSAGE: acknowledged, nothing forwarded. */
  public boolean control() {
    return control;
  }

  /** No content at all (zero bytes, only blank lines, or an aggregate of no user records). */
  public boolean empty() {
    return empty;
  }

  /** How many normalized records were split into parts. */
  public int splitRecords() {
    return splitRecords;
  }
}
