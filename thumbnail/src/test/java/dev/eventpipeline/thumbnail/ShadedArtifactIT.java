package dev.eventpipeline.thumbnail;

import dev.eventpipeline.common.testing.ShadedArtifactCheck;
import org.junit.jupiter.api.Test;

/** The deployment artifact target/thumbnail-function.jar: size budget, one HTTP client, JSON logs. */
class ShadedArtifactIT {
  private final ShadedArtifactCheck artifact = new ShadedArtifactCheck("thumbnail");

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
