package dev.eventpipeline.common.metrics;

import dev.eventpipeline.settings.EnvVars;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Per-invocation metrics written as one CloudWatch Embedded Metric Format line to stdout when
 * flushed (never PutMetricData on the hot path). Not thread-safe: one instance per invocation.
 * The namespace comes from METRICS_NAMESPACE (default EventPipeline); the dimension is the function.
 */
public final class Metrics {
  private final MetricsLogger logger;
  private final Map<String, Double> counts = new LinkedHashMap<>();

  private Metrics(String namespace, String functionName) {
    // Always the Lambda environment (stdout): no environment probing, which would call EC2 metadata.
    this.logger = new MetricsLogger(new LambdaEnvironment());
    try {
      logger.setNamespace(namespace);
      logger.setDimensions(DimensionSet.of("FunctionName", functionName));
    } catch (software.amazon.cloudwatchlogs.emf.exception.InvalidNamespaceException
        | software.amazon.cloudwatchlogs.emf.exception.InvalidDimensionException
        | software.amazon.cloudwatchlogs.emf.exception.DimensionSetExceededException e) {
      throw new IllegalArgumentException("invalid metrics namespace or function name: " + e.getMessage(), e);
    }
  }

  /** Metrics for one invocation, namespace and function from the environment. */
  public static Metrics forInvocation() {
    String namespace = System.getenv().getOrDefault(EnvVars.METRICS_NAMESPACE, "EventPipeline");
    String function = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local");
    return new Metrics(namespace, function);
  }

  /** Adds to a count (summed within the invocation). */
  public Metrics count(String name, long amount) {
    counts.merge(name, (double) amount, Double::sum);
    return this;
  }

  /** Records a duration in milliseconds. */
  public Metrics millis(String name, double value) {
    put(name, value, Unit.MILLISECONDS);
    return this;
  }

  public Metrics bytes(String name, long value) {
    put(name, value, Unit.BYTES);
    return this;
  }

  /** Writes the EMF line (only when something was recorded). */
  public void flush() {
    counts.forEach((name, value) -> put(name, value, Unit.COUNT));
    counts.clear();
    logger.flush();
  }

  /** The counts recorded so far (for tests). */
  public Map<String, Double> counts() {
    return Map.copyOf(counts);
  }

  private void put(String name, double value, Unit unit) {
    try {
      logger.putMetric(name, value, unit);
    } catch (software.amazon.cloudwatchlogs.emf.exception.InvalidMetricException e) {
      throw new IllegalArgumentException("invalid metric " + name + ": " + e.getMessage(), e);
    }
  }
}
