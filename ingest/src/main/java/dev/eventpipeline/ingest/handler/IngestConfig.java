package dev.eventpipeline.ingest.handler;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.ingest.domain.DecodeLimits;
import dev.eventpipeline.ingest.domain.QuarantineMasking;
import dev.eventpipeline.settings.PolicyException;

/**
 * The ingest function's configuration (docs/functions.md), read once at init; fails fast naming a bad
 * variable.
 *
 * @param quarantineRawBucket the opt-in bucket for raw copies of quarantined bytes; null: none are kept
 * @param maskPolicy the deployer's masking policy (the mask function's MASK_POLICY), or null; the
 *     quarantine masks with {@link QuarantineMasking#policy(String)} of it
 */
public record IngestConfig(String outputStreamName, String quarantineBucket, String quarantinePrefix,
    String eventsTopicArn, int maxRecordBytes, String quarantineRawBucket, String maskPolicy) {

  /** Without a raw bucket and with the built-in masking policy (tests). */
  public IngestConfig(String outputStreamName, String quarantineBucket, String quarantinePrefix,
      String eventsTopicArn, int maxRecordBytes) {
    this(outputStreamName, quarantineBucket, quarantinePrefix, eventsTopicArn, maxRecordBytes, null, null);
  }

  public static IngestConfig from(Env env) {
    String rawBucket = env.raw("QUARANTINE_RAW_BUCKET");
    String policy = env.raw("MASK_POLICY");
    try {
      QuarantineMasking.policy(policy);
    } catch (PolicyException e) {
      throw new ConfigException("MASK_POLICY", "Invalid value for environment variable MASK_POLICY: " + e.getMessage());
    }
    return new IngestConfig(
        env.required("OUTPUT_STREAM_NAME"),
        env.required("QUARANTINE_BUCKET"),
        env.optional("QUARANTINE_PREFIX", "quarantine/"),
        env.required("EVENTS_TOPIC_ARN"),
        env.intValue("MAX_RECORD_BYTES", DecodeLimits.KINESIS_MAX_RECORD_BYTES, 1024, DecodeLimits.KINESIS_MAX_RECORD_BYTES),
        rawBucket == null || rawBucket.isBlank() ? null : rawBucket.trim(),
        policy == null || policy.isBlank() ? null : policy);
  }

  public DecodeLimits limits() {
    return DecodeLimits.DEFAULT.withMaxRecordBytes(maxRecordBytes);
  }

  /** The quarantine's masker, built from {@link #maskPolicy()}. */
  public QuarantineMasking quarantineMasking() {
    return QuarantineMasking.withPolicy(maskPolicy);
  }
}
