package dev.eventpipeline.common.logging;

import com.amazonaws.services.lambda.runtime.Context;
import dev.eventpipeline.common.tracing.Tracing;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.MDC;

/**
 * Puts the invocation's correlation keys in the logging context, the way Powertools does: every
 * line logged during the invocation carries functionRequestId, coldStart and xrayTraceId (the JSON
 * layout adds functionName and functionVersion). Use with try-with-resources:
 *
 * <pre>{@code try (var scope = LambdaLogging.invocation(context)) { ... } }</pre>
 */
public final class LambdaLogging {
  public static final String REQUEST_ID = "functionRequestId";
  public static final String COLD_START = "coldStart";
  public static final String TRACE_ID = "xrayTraceId";

  private static final AtomicBoolean FIRST_INVOCATION = new AtomicBoolean(true);

  private LambdaLogging() {}

  /** Starts an invocation's logging scope; closing it removes every key it put. */
  public static Scope invocation(Context context) {
    boolean coldStart = FIRST_INVOCATION.getAndSet(false);
    MDC.put(REQUEST_ID, context == null ? "unknown" : context.getAwsRequestId());
    MDC.put(COLD_START, Boolean.toString(coldStart));
    Tracing.currentTraceId().ifPresent(id -> MDC.put(TRACE_ID, id));
    return new Scope(coldStart, REQUEST_ID, COLD_START, TRACE_ID);
  }

  /** Adds per-record correlation keys (shard, sequence number, object key, event id, ...). */
  public static Scope with(String key, String value) {
    MDC.put(key, value);
    return new Scope(false, key);
  }

  /** Removes the keys it put when closed. */
  public static final class Scope implements AutoCloseable {
    private final boolean coldStart;
    private final String[] keys;

    private Scope(boolean coldStart, String... keys) {
      this.coldStart = coldStart;
      this.keys = keys;
    }

    /** Whether this is the first invocation in this execution environment. */
    public boolean coldStart() {
      return coldStart;
    }

    @Override
    public void close() {
      for (String key : keys) {
        MDC.remove(key);
      }
    }
  }
}
