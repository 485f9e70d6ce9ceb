package dev.eventpipeline.ingest.handler;

import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.ingest.domain.DecodeLimits;

/** The ingest function's configuration (docs/functions.md), read once at init; fails fast naming a bad variable. */
public record IngestConfig(String outputStreamName, String quarantineBucket, String quarantinePrefix,
    String eventsTopicArn, int maxRecordBytes) {

  public static IngestConfig from(Env env) {
    return new IngestConfig(
        env.required("OUTPUT_STREAM_NAME"),
        env.required("QUARANTINE_BUCKET"),
        env.optional("QUARANTINE_PREFIX", "quarantine/"),
        env.required("EVENTS_TOPIC_ARN"),
        env.intValue("MAX_RECORD_BYTES", DecodeLimits.KINESIS_MAX_RECORD_BYTES, 1024, DecodeLimits.KINESIS_MAX_RECORD_BYTES));
  }

  public DecodeLimits limits() {
    return DecodeLimits.DEFAULT.withMaxRecordBytes(maxRecordBytes);
  }
}
