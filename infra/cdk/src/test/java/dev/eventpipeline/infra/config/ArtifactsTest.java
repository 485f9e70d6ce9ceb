package dev.eventpipeline.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the function artifacts, and the message when one is missing. */
class ArtifactsTest {
  @TempDir
  Path root;

  @Test
  void resolvesEachFunctionsFixedArtifactPathUnderTheRoot() throws Exception {
    Path pkg = root.resolve("thumbnail/target/thumbnail-function.zip");
    Files.createDirectories(pkg.getParent());
    Files.write(pkg, new byte[] {'P', 'K'});
    assertThat(new Artifacts(root).artifact(FunctionId.THUMBNAIL)).isEqualTo(pkg);
  }

  @Test
  void theSubscriptionApiIsServedFromTheNotifyArtifact() {
    assertThat(FunctionId.SUBSCRIPTIONS_API.artifactPath()).isEqualTo("notify/target/notify-function.zip");
    assertThat(FunctionId.SUBSCRIPTIONS_API.module()).isEqualTo("notify");
  }

  @Test
  void aMissingArtifactNamesTheModuleToBuildAndTheCommand() {
    assertThatThrownBy(() -> new Artifacts(root).artifact(FunctionId.SUBSCRIPTIONS_API))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("notify/target/notify-function.zip")
        .hasMessageContaining("Build the notify module first")
        .hasMessageContaining("./mvnw -q -B -pl notify package -DskipTests");
  }

  @Test
  void aRootPropertyThatIsNotTheRepositoryIsRefused() {
    String before = System.getProperty(Artifacts.HOME_PROPERTY);
    System.setProperty(Artifacts.HOME_PROPERTY, root.toString());
    try {
      assertThatThrownBy(Artifacts::ofThisRepository)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("pipeline.home").hasMessageContaining("infra/cdk/pom.xml");
    } finally {
      if (before == null) {
        System.clearProperty(Artifacts.HOME_PROPERTY);
      } else {
        System.setProperty(Artifacts.HOME_PROPERTY, before);
      }
    }
  }
}
