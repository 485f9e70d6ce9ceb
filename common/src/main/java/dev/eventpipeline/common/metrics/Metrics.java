package dev.eventpipeline.common.metrics;

import dev.eventpipeline.settings.EnvVars;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Per-invocation metrics written as one CloudWatch Embedded Metric Format line to stdout when
 * flushed (never PutMetricData on the hot path). Not thread-safe: one instance per invocation.
 * The namespace comes from METRICS_NAMESPACE (default EventPipeline); the dimension is the function.
 */
public final class Metrics {
  /** While set (SnapStart priming), metrics are serialized as usual and then dropped: never published. */
  private static volatile boolean discarding;

  private final MetricsLogger logger;
  private final Map<String, Double> counts = new LinkedHashMap<>();

  private Metrics(String namespace, String functionName) {
    // Always the Lambda environment (stdout): no environment probing, which would call EC2 metadata.
    this.logger = new MetricsLogger(discarding ? new DiscardingEnvironment() : new LambdaEnvironment());
    try {
      logger.setNamespace(namespace);
      logger.setDimensions(DimensionSet.of("FunctionName", functionName));
    } catch (software.amazon.cloudwatchlogs.emf.exception.InvalidNamespaceException
        | software.amazon.cloudwatchlogs.emf.exception.InvalidDimensionException
        | software.amazon.cloudwatchlogs.emf.exception.DimensionSetExceededException e) {
      throw new IllegalArgumentException("invalid metrics namespace or function name: " + e.getMessage(), e);
    }
  }

  /**
   * The MDC key naming the "function" outside Lambda: the logs worker runs the three log stages in one
   * process and puts the stage's name here around each batch, so their metrics stay apart.
   */
  public static final String FUNCTION_NAME_KEY = "metricsFunctionName";

  /**
   * Metrics for one invocation, namespace from the environment, function from Lambda's
   * AWS_LAMBDA_FUNCTION_NAME, else {@link #FUNCTION_NAME_KEY} in the MDC, else "local".
   */
  public static Metrics forInvocation() {
    String namespace = System.getenv().getOrDefault(EnvVars.METRICS_NAMESPACE, "EventPipeline");
    String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
    if (function == null) {
      function = org.slf4j.MDC.get(FUNCTION_NAME_KEY);
    }
    return new Metrics(namespace, function != null ? function : "local");
  }

  /**
   * Runs {@code work} with every metric it flushes serialized and dropped (the code paths warmed, no
   * line printed): a synthetic invocation, e.g. SnapStart priming, must not count as traffic.
   */
  public static void discardingOutput(Runnable work) {
    discarding = true;
    try {
      work.run();
    } finally {
      discarding = false;
    }
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

  /** Lambda's environment with a sink that serializes and drops. */
  private static final class DiscardingEnvironment extends LambdaEnvironment {
    @Override
    public ISink getSink() {
      return new ISink() {
        @Override
        public void accept(MetricsContext context) {
          try {
            context.serialize();
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("metrics could not be serialized", e);
          }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
          return CompletableFuture.completedFuture(null);
        }
      };
    }
  }
}
