package dev.eventpipeline.enrich.handler;

import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.settings.EnvVars;
import java.time.Duration;

/** The enrich function's configuration, read once from the environment (docs/functions.md). */
public record EnrichConfig(String outputStreamName, String environmentName, String region, String pipelineVersion,
    String catalogBucket, String catalogKey, Duration catalogTtl) {

  public static EnrichConfig from(Env env) {
    return new EnrichConfig(
        env.required(EnvVars.OUTPUT_STREAM_NAME),
        env.required(EnvVars.ENVIRONMENT_NAME),
        env.required("AWS_REGION"),
        env.required(EnvVars.PIPELINE_VERSION),
        env.required(EnvVars.CATALOG_BUCKET),
        env.optional(EnvVars.CATALOG_KEY, "catalog.json"),
        Duration.ofSeconds(env.longValue(EnvVars.CATALOG_TTL_SECONDS, 300, 0, 86_400)));
  }
}
