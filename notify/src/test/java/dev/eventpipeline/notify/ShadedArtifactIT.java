package dev.eventpipeline.notify;

import dev.eventpipeline.common.testing.ShadedArtifactCheck;
import org.junit.jupiter.api.Test;

/** The deployment artifact target/notify-function.jar: size budget, one HTTP client, JSON logs. */
class ShadedArtifactIT {
  private final ShadedArtifactCheck artifact = new ShadedArtifactCheck("notify");

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
