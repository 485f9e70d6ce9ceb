package dev.eventpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.infra.config.Artifacts;
import dev.eventpipeline.infra.nag.NagChecks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's entry point: arguments, failures with clear messages and exit codes, asset pruning. */
class EventPipelineAppTest {
  @TempDir
  Path dir;

  @Test
  void argumentsAreContextOverridesWithOrWithoutDashC() {
    assertThat(EventPipelineApp.parseArgs(new String[] {"-c", "streams.shardCount=2", "alarmEmail=a@b.example"}))
        .containsExactly(Map.entry("streams.shardCount", "2"), Map.entry("alarmEmail", "a@b.example"));
    assertThatThrownBy(() -> EventPipelineApp.parseArgs(new String[] {"shardCount"}))
        .hasMessageContaining("key=value");
    assertThatThrownBy(() -> EventPipelineApp.parseArgs(new String[] {"-c"}))
        .hasMessageContaining("-c needs key=value");
  }

  @Test
  void badArgumentsExitWithTwo() throws Exception {
    Result r = capture(() -> EventPipelineApp.run(new String[] {"nonsense"}));
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).contains("usage:");
  }

  @Test
  void aMissingArtifactFailsSynthesisNamingTheModuleToBuild() throws Exception {
    Files.createDirectories(dir.resolve("infra/cdk"));
    Files.writeString(dir.resolve("infra/cdk/pom.xml"), "<project/>");
    Files.copy(TestSynthesis.repositoryRoot().resolve("infra/cdk/cdk.json"), dir.resolve("infra/cdk/cdk.json"));
    Result r = withHome(dir, () -> EventPipelineApp.run(new String[0]));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr()).contains("ingest/target/ingest-function.zip")
        .contains("./mvnw -q -B -pl ingest package -DskipTests");
  }

  @Test
  void aMissingCdkJsonFailsSynthesisNamingIt() throws Exception {
    Files.createDirectories(dir.resolve("infra/cdk"));
    Files.writeString(dir.resolve("infra/cdk/pom.xml"), "<project/>");
    Result r = withHome(dir, () -> EventPipelineApp.run(new String[0]));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr()).contains("Missing " + dir.resolve("infra/cdk/cdk.json"));
  }

  @Test
  void anInvalidSettingFailsSynthesisNamingTheKey() throws Exception {
    Path root = TestSynthesis.standInRepository();
    Result r = withHome(root, () -> EventPipelineApp.run(new String[] {"-c", "maxReceiveCount=many"}));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr()).contains("Invalid value for context key maxReceiveCount: 'many'");
  }

  @Test
  void anInvalidLogComputeFailsSynthesisNamingTheKeyAndTheChoices() throws Exception {
    Path root = TestSynthesis.standInRepository();
    Result r = withHome(root, () -> EventPipelineApp.run(new String[] {"-c", "logCompute=kubernetes"}));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr()).contains("Invalid value for context key logCompute: 'kubernetes' (expected lambda or fargate)");
  }

  @Test
  void aSynthesisWithAnUnsuppressedFindingFailsAndLeavesNoTemplateBehind() throws Exception {
    EventPipelineApp.Synthesis good = EventPipelineApp.synthesize(new Artifacts(TestSynthesis.standInRepository()),
        dir.resolve("cdk.out"), new java.util.HashMap<>());
    assertThat(good.templateFile()).exists();
    NagChecks.Finding finding = new NagChecks.Finding("error", "/EventPipeline/Something",
        "AwsSolutions-S1: The S3 Bucket has server access logs disabled.");
    EventPipelineApp.Synthesis refused = new EventPipelineApp.Synthesis(good.app(), good.stack(), good.settings(),
        good.context(), good.assembly(), List.of(finding), List.of(finding));

    Result r = capture(() -> EventPipelineApp.report(refused));

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.stderr()).contains("1 unsuppressed finding(s)").contains("AwsSolutions-S1")
        .contains("removed " + good.templateFile());
    assertThat(good.templateFile()).doesNotExist();
    assertThat(capture(() -> EventPipelineApp.report(good)).exit()).isZero();
  }

  @Test
  void stagedAssetsNoLongerReferencedArePruned() throws Exception {
    Files.writeString(dir.resolve("EventPipeline.assets.json"),
        "{\"files\":{\"a\":{\"source\":{\"path\":\"asset.aaa.jar\"}}}}");
    Files.writeString(dir.resolve("asset.aaa.jar"), "current");
    Files.writeString(dir.resolve("asset.bbb.jar"), "stale");
    Files.createDirectories(dir.resolve("asset.ccc/nested"));
    Files.writeString(dir.resolve("asset.ccc/nested/file"), "stale");
    Files.writeString(dir.resolve("EventPipeline.template.json"), "{}");

    EventPipelineApp.pruneStaleAssets(dir, "EventPipeline");

    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("EventPipeline.assets.json", "asset.aaa.jar", "EventPipeline.template.json");
    }
  }

  private record Result(int exit, String stderr) {}

  private static Result withHome(Path home, Callable<Integer> action) throws Exception {
    String before = System.getProperty(Artifacts.HOME_PROPERTY);
    System.setProperty(Artifacts.HOME_PROPERTY, home.toString());
    try {
      return capture(action);
    } finally {
      if (before == null) {
        System.clearProperty(Artifacts.HOME_PROPERTY);
      } else {
        System.setProperty(Artifacts.HOME_PROPERTY, before);
      }
    }
  }

  private static Result capture(Callable<Integer> action) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = action.call();
      return new Result(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(original);
    }
  }
}
