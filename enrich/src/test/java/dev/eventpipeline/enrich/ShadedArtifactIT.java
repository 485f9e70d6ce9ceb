package dev.eventpipeline.enrich;

import dev.eventpipeline.common.testing.ShadedArtifactCheck;
import org.junit.jupiter.api.Test;

/** The deployment artifact target/enrich-function.jar: size budget, one HTTP client, JSON logs. */
class ShadedArtifactIT {
  private final ShadedArtifactCheck artifact = new ShadedArtifactCheck("enrich");

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
