package dev.eventpipeline.mask;

import dev.eventpipeline.common.testing.ShadedArtifactCheck;
import org.junit.jupiter.api.Test;

/** The deployment artifact target/mask-function.jar: size budget, one HTTP client, JSON logs. */
class ShadedArtifactIT {
  private final ShadedArtifactCheck artifact = new ShadedArtifactCheck("mask");

  @Test
  void fitsTheSizeBudget() throws Exception {
    artifact.assertFitsBudget();
  }

  @Test
  void carriesExactlyOneSdkHttpClient() throws Exception {
    artifact.assertOneHttpClient();
  }

  @Test
  void stillLogsJsonAfterShading() throws Exception {
    artifact.logLineFromJar();
  }
}
