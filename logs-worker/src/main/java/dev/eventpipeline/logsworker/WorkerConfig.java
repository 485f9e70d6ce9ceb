package dev.eventpipeline.logsworker;

import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.settings.EnvVars;
import java.util.HashMap;
import java.util.Map;

/**
 * The worker's own settings, read once from the environment (docs/deploy.md, "Running the log stages on
 * Fargate"); each stage's configuration is its function's, read by the function's own config class from
 * {@link #stageEnvironment}. Fails fast naming a missing or invalid variable.
 *
 * @param account the AWS account (the functions learn it from their ARN; the worker from AWS_ACCOUNT_ID), or null
 * @param failoverMillis how long a lease may go unrenewed before another worker takes it (KCL's failover time)
 */
record WorkerConfig(String applicationName, String region, String account, String rawStream,
    String normalizedStream, String enrichedStream, int ingestBatchSize, int enrichBatchSize, int maskBatchSize,
    long maskWindowMillis, long failoverMillis, long idleMillisBetweenReads) {

  /** Lambda's limits for a Kinesis mapping's batch size and window, the same here. */
  static final int MAX_BATCH_SIZE = 10_000;
  static final int MAX_WINDOW_SECONDS = 300;

  static WorkerConfig from(Env env) {
    return new WorkerConfig(
        env.required(EnvVars.KCL_APPLICATION_NAME),
        env.required("AWS_REGION"),
        env.optional(EnvVars.AWS_ACCOUNT_ID, null),
        env.required(EnvVars.RAW_STREAM_NAME),
        env.required(EnvVars.NORMALIZED_STREAM_NAME),
        env.required(EnvVars.ENRICHED_STREAM_NAME),
        env.intValue(EnvVars.INGEST_BATCH_SIZE, 100, 1, MAX_BATCH_SIZE),
        env.intValue(EnvVars.ENRICH_BATCH_SIZE, 100, 1, MAX_BATCH_SIZE),
        env.intValue(EnvVars.MASK_BATCH_SIZE, 500, 1, MAX_BATCH_SIZE),
        env.intValue(EnvVars.MASK_BATCHING_WINDOW_SECONDS, 5, 0, MAX_WINDOW_SECONDS) * 1000L,
        env.longValue("KCL_FAILOVER_MILLIS", 10_000, 1_000, 600_000),
        env.longValue("KCL_IDLE_MILLIS_BETWEEN_READS", 250, 200, 10_000));
  }

  /**
   * What a stage's function would see: the worker's environment with OUTPUT_STREAM_NAME set to the
   * stage's output stream (null: the stage has none).
   */
  static Env stageEnvironment(Map<String, String> worker, String outputStream) {
    Map<String, String> vars = new HashMap<>(worker);
    vars.remove(EnvVars.OUTPUT_STREAM_NAME);
    if (outputStream != null) {
      vars.put(EnvVars.OUTPUT_STREAM_NAME, outputStream);
    }
    return Env.of(vars);
  }
}
