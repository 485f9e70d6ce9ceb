package dev.eventpipeline.cli.client;

/** How {@code pipeline logs push} turns input into stream records. */
public enum LogFormat {
  /** Decide per input: gzip is opened, CloudWatch Logs payloads go as they are, JSON documents as json, the rest as text. */
  AUTO,
  /** One record per line (or per --lines-per-record lines); bytes as they are, binary included. */
  TEXT,
  /** One record per JSON value (NDJSON, concatenated values, or the elements of a top-level array). */
  JSON,
  /** Lines wrapped into CloudWatch Logs subscription payloads (gzip JSON DATA_MESSAGE), as a subscription filter sends them. */
  CWL,
  /** Lines aggregated into KPL aggregated records (magic F3 89 9A C2 + protobuf + MD5), as the KPL sends them. */
  KPL
}
