package dev.eventpipeline.common.tracing;

import com.amazonaws.xray.AWSXRay;
import com.amazonaws.xray.entities.Entity;
import com.amazonaws.xray.entities.Subsegment;
import com.amazonaws.xray.interceptors.TracingInterceptor;
import com.amazonaws.xray.strategy.IgnoreErrorContextMissingStrategy;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The one small facade over the X-Ray SDK. It never throws when there is no segment or no daemon
 * (local runs, tests, init), so instrumentation can never fail a batch. In Lambda the segment is the
 * function's own (active tracing); we only add subsegments.
 */
public final class Tracing {
  static {
    // Missing context is normal outside an invocation (init, SnapStart priming) and in local runs:
    // ignore, don't throw or log. Set on the SDK's own global recorder rather than building a second
    // one (each builds a sampling strategy, an emitter and its socket: a cold start's time).
    AWSXRay.getGlobalRecorder().setContextMissingStrategy(new IgnoreErrorContextMissingStrategy());
  }

  private Tracing() {}

  /** Traces SDK v2 calls as subsegments when a segment exists; a no-op otherwise. */
  public static ExecutionInterceptor sdkInterceptor() {
    return new TracingInterceptor();
  }

  /** Runs {@code work} in a named subsegment when tracing is active, otherwise just runs it. */
  public static <T> T traced(String name, Supplier<T> work) {
    if (!isActive()) {
      return work.get();
    }
    Subsegment subsegment = AWSXRay.beginSubsegment(name);
    try {
      return work.get();
    } catch (RuntimeException | Error e) {
      subsegment.addException(e);
      throw e;
    } finally {
      AWSXRay.endSubsegment();
    }
  }

  public static void traced(String name, Runnable work) {
    traced(name, () -> {
      work.run();
      return null;
    });
  }

  /** Adds an annotation (indexed, searchable) to the current subsegment, if any. */
  public static void annotate(String key, String value) {
    Entity entity = isActive() ? AWSXRay.getTraceEntity() : null;
    if (entity != null) {
      entity.putAnnotation(key, value);
    }
  }

  /** The trace id of the current invocation, from Lambda's trace header, if there is one. */
  public static Optional<String> currentTraceId() {
    String header = System.getProperty("com.amazonaws.xray.traceHeader");
    if (header == null || header.isBlank()) {
      header = System.getenv("_X_AMZN_TRACE_ID");
    }
    return traceIdFromHeader(header);
  }

  /** Extracts "1-5759e988-bd862e3fe1be46a994272793" from "Root=1-...;Parent=...;Sampled=1". */
  public static Optional<String> traceIdFromHeader(String header) {
    if (header == null) {
      return Optional.empty();
    }
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith("Root=")) {
        return Optional.of(p.substring(5));
      }
    }
    return Optional.empty();
  }

  /** Active inside a traced invocation: Lambda passes the trace header to every invocation. */
  private static boolean isActive() {
    return currentTraceId().isPresent() && System.getenv("LAMBDA_TASK_ROOT") != null;
  }
}
