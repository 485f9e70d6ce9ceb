package dev.eventpipeline.common.logging;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A tiny program that logs like a handler does; {@link LogLineShapeTest} runs it in a fresh JVM. */
public final class LoggingProbe {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingProbe.class);

  private LoggingProbe() {}

  public static void main(String[] args) {
    Context context = (Context) Proxy.newProxyInstance(LoggingProbe.class.getClassLoader(),
        new Class<?>[] {Context.class}, (proxy, method, a) -> method.getName().equals("getAwsRequestId") ? "req-1" : null);
    try (var invocation = LambdaLogging.invocation(context)) {
      try (var record = LambdaLogging.with("shardId", "shardId-000000000001")) {
        LOG.info("handled");
      }
      LOG.error("failed", new IllegalStateException("boom"));
    }
    try (var invocation = LambdaLogging.invocation(context)) {
      LOG.info("second");
    }
  }
}
