package dev.eventpipeline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.eventpipeline.cli.PipelineStackHook;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;
import dev.eventpipeline.local.lambda.FunctionPool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * How the real stack's functions start locally (docs/local-cloud.md, "Cold starts"): `up --warm` makes
 * each function's class-data archive and then starts one provisioned environment per function, one
 * function after the other, never two inits at once; the next `up` on the same state finds every
 * archive, trains nothing, and an on-demand cold start maps its function's archive. No timings are
 * asserted.
 */
class ColdStartIT {
  private static final Path HOME = Path.of(System.getProperty("pipeline.home", "..")).toAbsolutePath().normalize();

  @TempDir
  static Path dir;
  static Path template;
  LocalCloud cloud;

  @BeforeAll
  static void synthesize() throws Exception {
    template = EndToEndSuite.synthesize(dir.resolve("cdk.out"));
    assumeTrue(EndToEndSuite.assetsCarryJoda(template.getParent()), "function artifacts without joda-time"
        + " (see EndToEndSuite)");
  }

  @AfterEach
  void stop() {
    if (cloud != null) {
      cloud.close();
      cloud = null;
    }
  }

  private LocalCloud start(ConsoleCapture console, boolean warm) throws Exception {
    cloud = new LocalCloud(LocalCloudOptions.defaults(HOME, console.stream).with(o -> {
      o.hook = new PipelineStackHook(HOME);
      o.template = template;
      o.stateDir = dir.resolve(".pipeline");
      o.port = LocalCloudIT.freePort();
      o.warm = warm;
      o.initSlots = 1;
      o.classData = true;
    })).start();
    return cloud;
  }

  @Test
  void warmStartsOneEnvironmentPerFunctionSeriallyThenTheNextUpReusesTheArchives() throws Exception {
    ConsoleCapture warmConsole = new ConsoleCapture();
    LocalCloud warm = start(warmConsole, true);

    List<FunctionPool> functions = warm.functions();
    assertThat(functions).hasSizeGreaterThanOrEqualTo(5);
    for (FunctionPool f : functions) {
      assertThat(f.pids()).as(f.spec().name() + " environments").hasSize(1);
      assertThat(f.stats().toJson().path("provisionedEnvironments").asInt()).as(f.spec().name()).isEqualTo(1);
      assertThat(f.stats().coldStarts()).as(f.spec().name() + " cold starts").isZero();
      assertThat(f.hasClassData()).as(f.spec().name() + " archive").isTrue();
    }
    assertThat(warm.initGate().peak()).isEqualTo(1);
    // One function after the other: each provisioned environment reports its init before the next function's
    // first process (its training run, or its environment) starts.
    List<String> lines = warmConsole.lines;
    for (int i = 0; i + 1 < functions.size(); i++) {
      int ready = indexOf(lines, functions.get(i).spec().label(), "provisioned concurrency: 1 environment");
      int nextStart = indexOf(lines, functions.get(i + 1).spec().label(), "INIT_START");
      assertThat(ready).as(functions.get(i).spec().name() + " ready").isNotNegative();
      assertThat(nextStart).as(functions.get(i + 1).spec().name() + " started after").isGreaterThan(ready);
    }
    warm.close();
    cloud = null;

    // The next up (on demand) finds every archive: no training run, and a cold start maps its archive.
    ConsoleCapture console = new ConsoleCapture();
    LocalCloud again = start(console, false);
    assertThat(again.functions()).allSatisfy(f -> assertThat(f.hasClassData()).isTrue());
    assertThat(console.matching("Functions: start on demand")).singleElement().asString()
        .contains(functions.size() + " of " + functions.size() + " archives there");
    try (KinesisClient kinesis = again.aws().kinesis()) {
      kinesis.putRecord(b -> b.streamName(again.outputs().get("RawLogsStreamName")).partitionKey("cold-start-it")
          .data(SdkBytes.fromString("{\"level\":\"INFO\",\"message\":\"cold start\"}", StandardCharsets.UTF_8)));
    }
    String ingest = again.function("IngestFunction").spec().label();
    await().atMost(Duration.ofSeconds(90)).until(() -> console.lines.stream()
        .anyMatch(l -> l.startsWith(ingest + " ") && l.contains("REPORT RequestId") && l.contains("Init Duration")));
    assertThat(console.lines).filteredOn(l -> l.startsWith(ingest + " ") && l.contains("INIT_START"))
        .allSatisfy(l -> assertThat(l).contains("Class data sharing: archive"));
    assertThat(console.matching("writing an archive at exit")).isEmpty();
    assertThat(console.matching("class-data training run")).isEmpty();
    assertThat(console.matching("did not map")).isEmpty();
  }

  private static int indexOf(List<String> lines, String label, String fragment) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(label + " ") && lines.get(i).contains(fragment)) {
        return i;
      }
    }
    return -1;
  }
}
