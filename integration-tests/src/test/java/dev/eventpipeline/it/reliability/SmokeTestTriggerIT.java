package dev.eventpipeline.it.reliability;

import static dev.eventpipeline.it.reliability.ReliableCloud.figure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.lambda.InvocationResult;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The post-deploy smoke test as `pipeline up` runs it: the stack's CDK Trigger invoked once the local
 * cloud is ready; the canary record reaches the archive, the canary image gets its thumbnails, and the
 * image and thumbnails are deleted again.
 */
class SmokeTestTriggerIT {
  @TempDir
  static Path dir;
  static ReliableCloud env;

  @BeforeAll
  static void start() throws Exception {
    env = ReliableCloud.start(ReliableCloud.synthesized(), dir, false, o -> o.runTriggers = true);
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void theTriggerPassesAndLeavesNoCanaryImageOrThumbnailBehind() throws Exception {
    assertThat(env.cloud.triggerResults()).hasSize(1);
    InvocationResult result = env.cloud.triggerResults().values().iterator().next().get(300, TimeUnit.SECONDS);

    assertThat(result.succeeded()).as(result.describeError() + " " + result.payloadText()).isTrue();
    JsonNode r = ReliableCloud.json(result.payloadText());
    assertThat(r.path("status").asText()).isEqualTo("PASSED");
    assertThat(r.path("archiveObject").asText()).startsWith("logs/dt=");
    assertThat(r.path("thumbnails")).hasSize(3);
    assertThat(r.path("cleanedUp").asBoolean()).isTrue();
    figure("smoke test: archived after " + r.path("archivedAfterMillis").asLong() + " ms, thumbnails after "
        + r.path("thumbnailsAfterMillis").asLong() + " ms, invocation " + Math.round(result.durationMillis()) + " ms");
    assertThat(env.console.count("[trigger] ")).isPositive();
    assertThat(env.console.count(" PASSED in ")).isPositive();

    String canary = r.path("canaryId").asText();
    assertThat(env.s3.listObjectsV2(b -> b.bucket(env.outputs.get("UploadsBucketName")).prefix("canary/")).contents())
        .as("canary image deleted").isEmpty();
    assertThat(env.s3.listObjectsV2(b -> b.bucket(env.outputs.get("ThumbnailsBucketName")).prefix("thumbnails/canary/"))
        .contents()).as("canary thumbnails deleted").isEmpty();
    assertThat(canary).startsWith("canary-");
  }
}
