package dev.eventpipeline.mask.handler;

import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
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
    String policyJson = env.raw("MASK_POLICY");
    try {
      policy = policyJson == null ? MaskPolicy.defaults() : MaskPolicy.parse(policyJson);
    } catch (PolicyException e) {
      throw new ConfigException("MASK_POLICY", "Invalid value for environment variable MASK_POLICY: " + e.getMessage());
    }
    String secretArn = env.raw("MASK_HASH_KEY_SECRET_ARN");
    if (policy.usesHash() && secretArn == null) {
      throw new ConfigException("MASK_HASH_KEY_SECRET_ARN", "The masking policy uses HASH for "
          + policy.hashedTypes() + " but MASK_HASH_KEY_SECRET_ARN is not set (the Secrets Manager secret holding"
          + " the HMAC key)");
    }
    return new MaskConfig(
        env.required("ARCHIVE_BUCKET"),
        env.optional("ARCHIVE_PREFIX", "logs/"),
        env.optional("QUARANTINE_PREFIX", "quarantine/"),
        env.required("EVENTS_TOPIC_ARN"),
        policy,
        secretArn);
  }
}
