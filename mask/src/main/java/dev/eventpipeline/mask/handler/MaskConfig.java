package dev.eventpipeline.mask.handler;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.settings.EnvVars;
import dev.eventpipeline.settings.MaskPolicy;
import dev.eventpipeline.settings.PolicyException;

/**
 * The mask function's configuration (docs/functions.md), read once at init. A malformed
 * MASK_POLICY, or a policy using HASH without MASK_HASH_KEY_SECRET_ARN, fails the cold start with a
 * message naming the variable.
 */
public record MaskConfig(
    String archiveBucket,
    String archivePrefix,
    String quarantinePrefix,
    String eventsTopicArn,
    MaskPolicy policy,
    String hashKeySecretArn) {

  public static MaskConfig from(Env env) {
    MaskPolicy policy;
    String policyJson = env.raw(EnvVars.MASK_POLICY);
    try {
      policy = policyJson == null ? MaskPolicy.defaults() : MaskPolicy.parse(policyJson);
    } catch (PolicyException e) {
      throw new ConfigException(EnvVars.MASK_POLICY, "Invalid value for environment variable MASK_POLICY: " + e.getMessage());
    }
    String secretArn = env.raw(EnvVars.MASK_HASH_KEY_SECRET_ARN);
    if (policy.usesHash() && secretArn == null) {
      throw new ConfigException(EnvVars.MASK_HASH_KEY_SECRET_ARN, "The masking policy uses HASH for "
          + policy.hashedTypes() + " but MASK_HASH_KEY_SECRET_ARN is not set (the Secrets Manager secret holding"
          + " the HMAC key)");
    }
    return new MaskConfig(
        env.required(EnvVars.ARCHIVE_BUCKET),
        env.optional(EnvVars.ARCHIVE_PREFIX, "logs/"),
        env.optional(EnvVars.QUARANTINE_PREFIX, "quarantine/"),
        env.required(EnvVars.EVENTS_TOPIC_ARN),
        policy,
        secretArn);
  }
}
