package dev.eventpipeline.ingest.handler;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.ingest.domain.format.DecodeLimits;
import dev.eventpipeline.ingest.domain.QuarantineMasking;
import dev.eventpipeline.settings.EnvVars;
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
    String rawBucket = env.raw(EnvVars.QUARANTINE_RAW_BUCKET);
    String policy = env.raw(EnvVars.MASK_POLICY);
    try {
      QuarantineMasking.policy(policy);
    } catch (PolicyException e) {
      throw new ConfigException(EnvVars.MASK_POLICY, "Invalid value for environment variable MASK_POLICY: " + e.getMessage());
    }
    return new IngestConfig(
        env.required(EnvVars.OUTPUT_STREAM_NAME),
        env.required(EnvVars.QUARANTINE_BUCKET),
        env.optional(EnvVars.QUARANTINE_PREFIX, "quarantine/"),
        env.required(EnvVars.EVENTS_TOPIC_ARN),
        env.intValue(EnvVars.MAX_RECORD_BYTES, DecodeLimits.KINESIS_MAX_RECORD_BYTES, 1024, DecodeLimits.KINESIS_MAX_RECORD_BYTES),
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
