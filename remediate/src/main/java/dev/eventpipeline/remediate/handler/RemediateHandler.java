package dev.eventpipeline.remediate.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.remediate.domain.Remediator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * Lambda entry point: an EventBridge CloudWatch alarm state change to a remediation (redrive a DLQ, raise
 * a stream's shard count). Answers what was done ({@code {"remediation": ...}}, or {@code {}} when nothing).
 * An error fails the invocation: EventBridge's retries, then the rule target's DLQ.
 */
public final class RemediateHandler implements RequestStreamHandler {
  static {
    InitWarmup.start(); // first: before any logger configures Log4j (docs/operations.md#cold-start)
  }

  private final Remediator remediator;

  /** Wires real adapters from the environment (read once, at init; no AWS call is made here). */
  public RemediateHandler() {
    this(RemediateWiring.remediator(RemediateConfig.from(Env.system()), AwsClients.fromEnvironment()));
  }

  /** For tests: a remediator wired with the caller's ports. */
  public RemediateHandler(Remediator remediator) {
    this.remediator = remediator;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    try (var scope = LambdaLogging.invocation(context)) {
      var result = remediator.handle(AlarmEvents.parse(Json.MAPPER.readTree(input)));
      Json.MAPPER.writeValue(output, result.<Object>map(r -> Map.of("remediation", r)).orElse(Map.of()));
    }
  }
}
