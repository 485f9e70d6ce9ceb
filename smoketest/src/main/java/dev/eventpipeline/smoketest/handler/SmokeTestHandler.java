package dev.eventpipeline.smoketest.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.smoketest.adapter.AwsCanaryPipeline;
import dev.eventpipeline.smoketest.domain.Canary;
import dev.eventpipeline.smoketest.domain.SmokeTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Lambda entry point of the post-deploy smoke test (a CDK Trigger invokes it once the stack is deployed;
 * the local cloud at the end of {@code up}). Answers the result; throws when the canary did not make it,
 * which fails the Trigger and so the deployment. The input (the Trigger's request) is not used.
 */
public final class SmokeTestHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  static {
    InitWarmup.start(); // first: before any logger configures Log4j (docs/operations.md#cold-start)
  }

  private final SmokeTest smokeTest;

  /** Wires real adapters from the environment (read once, at init; no AWS call is made here). */
  public SmokeTestHandler() {
    this(SmokeTestConfig.from(Env.system()), AwsClients.fromEnvironment());
  }

  private SmokeTestHandler(SmokeTestConfig c, AwsClients aws) {
    this(new SmokeTest(new AwsCanaryPipeline(aws.kinesis(), aws.s3(), c.stream(), c.uploads(), c.archive(),
        c.archivePrefix(), c.thumbnails()), c.expectedThumbnails(), c.timeout(), Duration.ofSeconds(2),
        Clock.systemUTC(), d -> Thread.sleep(d.toMillis())));
  }

  /** For tests: a smoke test wired with the caller's port. */
  public SmokeTestHandler(SmokeTest smokeTest) {
    this.smokeTest = smokeTest;
  }

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> ignored, Context context) {
    try (var scope = LambdaLogging.invocation(context)) {
      var result = smokeTest.run(Canary.at(Instant.now(), UUID.randomUUID().toString().substring(0, 8)));
      return Json.MAPPER.convertValue(result, Map.class);
    }
  }
}
