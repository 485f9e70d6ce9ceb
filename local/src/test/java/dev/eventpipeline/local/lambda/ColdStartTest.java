package dev.eventpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.local.testfn.TestFunctionJar;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How function processes start: at most as many inits at once as the init gate allows, from a
 * class-data archive made by a training run and reused, a damaged archive ignored and made again, and
 * provisioned (warm) environments. With the official runtime interface client and a test function
 * packaged the way the function modules ship (a .zip with lib/*.jar).
 */
class ColdStartTest {
  @TempDir
  static Path shared;
  static Path zip;

  @TempDir
  Path dir;

  private final RecordingConsole console = new RecordingConsole();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final ExecutorService http = Executors.newCachedThreadPool();
  private final List<FunctionPool> pools = new ArrayList<>();

  @BeforeAll
  static void packageTestFunction() throws Exception {
    Path jar = TestFunctionJar.build(shared.resolve("jar"));
    zip = shared.resolve("test-fn.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("lib/test-function.jar"));
      Files.copy(jar, out);
      out.closeEntry();
    }
  }

  @AfterEach
  void stop() {
    pools.forEach(FunctionPool::close);
    scheduler.shutdownNow();
    http.shutdownNow();
  }

  private FunctionPool pool(String name, int maxConcurrency, FunctionPool.ColdStarts coldStarts) {
    FunctionSpec spec = new FunctionSpec(name, name, name, "arn:aws:lambda:us-east-1:123456789012:function:" + name,
        TestFunctionJar.HANDLER, "java21", 256, 20, Map.of(), zip, 0, "Text", null);
    Path taskRoot = dir.resolve("functions").resolve(name);
    Map<String, String> env = LambdaEnvironment.of(spec, Map.of("AWS_REGION", "us-east-1"), taskRoot, Map.of());
    FunctionPool p = new FunctionPool(spec, env, RuntimeClasspath.find(),
        List.of(RuntimeClasspath.jniOption(dir.resolve("runtime"))), taskRoot, maxConcurrency, Duration.ofMinutes(5),
        console, scheduler, http, coldStarts);
    pools.add(p);
    return p;
  }

  private static InvocationResult await(CompletableFuture<InvocationResult> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  private FunctionPool.ColdStarts withClassData(InitGate gate) {
    return new FunctionPool.ColdStarts(gate, dir.resolve("cds"));
  }

  @Test
  void aTrainingRunMakesTheArchiveAndTheNextStartsMapItAcrossRestarts() throws Exception {
    FunctionPool first = pool("fn", 1, withClassData(InitGate.of(1)));
    assertThat(first.hasClassData()).isFalse();

    first.ensureClassData().get(120, TimeUnit.SECONDS);

    assertThat(first.hasClassData()).isTrue();
    assertThat(first.classDataArchive()).exists();
    assertThat(console.matching("class data: archived")).hasSize(1);
    assertThat(console.matching("class-data training run")).isNotEmpty();
    assertThat(first.pids()).isEmpty(); // the training run took no invocation and is gone
    assertThat(await(first.invoke(FunctionPool.utf8("\"hello\""))).succeeded()).isTrue();
    assertThat(console.matching("INIT_START").get(console.matching("INIT_START").size() - 1))
        .contains("Class data sharing: archive " + first.classDataArchive().getFileName());
    first.close();

    // The next `up`: the same package in the same task root finds the archive; no training run.
    int trainingLines = console.matching("class-data training run").size();
    FunctionPool again = pool("fn", 1, withClassData(InitGate.of(1)));
    assertThat(again.classDataArchive()).isEqualTo(first.classDataArchive());
    assertThat(again.hasClassData()).isTrue();
    again.ensureClassData().get(5, TimeUnit.SECONDS);
    InvocationResult r = await(again.invoke(FunctionPool.utf8("\"hello\"")));

    assertThat(r.succeeded()).isTrue();
    assertThat(r.coldStart()).isTrue();
    assertThat(console.matching("class-data training run")).hasSize(trainingLines);
    assertThat(console.matching("did not map")).isEmpty();
    assertThat(console.matching("Init Duration")).isNotEmpty();
  }

  @Test
  void aTruncatedArchiveIsIgnoredAndMadeAgain() throws Exception {
    FunctionPool first = pool("fn", 1, withClassData(InitGate.of(1)));
    first.ensureClassData().get(120, TimeUnit.SECONDS);
    Path archive = first.classDataArchive();
    first.close();
    long size = Files.size(archive);
    archive.toFile().setWritable(true);
    try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
      f.setLength(size / 2); // mapped as is, a JVM would die of SIGBUS
    }

    FunctionPool again = pool("fn", 1, withClassData(InitGate.of(1)));
    assertThat(again.hasClassData()).isFalse();
    assertThat(archive).doesNotExist();
    InvocationResult r = await(again.invoke(FunctionPool.utf8("\"hello\"")));
    assertThat(r.succeeded()).isTrue();
    assertThat(console.matching("Class data sharing: no archive yet")).isNotEmpty();

    again.ensureClassData().get(120, TimeUnit.SECONDS);
    assertThat(again.hasClassData()).isTrue();
    assertThat(Files.size(archive)).isEqualTo(size);
  }

  @Test
  void anArchiveWithAlteredBytesIsIgnoredAndMadeAgain() throws Exception {
    FunctionPool first = pool("fn", 1, withClassData(InitGate.of(1)));
    first.ensureClassData().get(120, TimeUnit.SECONDS);
    Path archive = first.classDataArchive();
    first.close();
    archive.toFile().setWritable(true);
    try (RandomAccessFile f = new RandomAccessFile(archive.toFile(), "rw")) {
      f.seek(Files.size(archive) / 2);
      f.write(new byte[4096]);
    }

    FunctionPool again = pool("fn", 1, withClassData(InitGate.of(1)));
    assertThat(again.hasClassData()).isFalse();
    again.ensureClassData().get(120, TimeUnit.SECONDS);
    assertThat(again.hasClassData()).isTrue();
    assertThat(await(again.invoke(FunctionPool.utf8("\"hello\""))).succeeded()).isTrue();
    assertThat(console.matching("INIT_START").get(console.matching("INIT_START").size() - 1))
        .contains("Class data sharing: archive");
  }

  @Test
  void coldStartsWaitForAnInitSlotOneAtATime() throws Exception {
    InitGate gate = InitGate.of(1);
    FunctionPool a = pool("fn-a", 3, new FunctionPool.ColdStarts(gate, null));
    FunctionPool b = pool("fn-b", 2, new FunctionPool.ColdStarts(gate, null));
    List<CompletableFuture<InvocationResult>> running = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      running.add(a.invoke(FunctionPool.utf8("\"sleep:1500\"")));
    }
    for (int i = 0; i < 2; i++) {
      running.add(b.invoke(FunctionPool.utf8("\"sleep:1500\"")));
    }
    for (CompletableFuture<InvocationResult> f : running) {
      assertThat(await(f).succeeded()).isTrue();
    }

    assertThat(a.pids()).hasSize(3);
    assertThat(b.pids()).hasSize(2);
    assertThat(console.matching("Init Duration")).hasSize(5);
    assertThat(gate.peak()).isEqualTo(1); // five processes started, never two in their init at once
  }

  @Test
  void anUnlimitedGateStartsThemTogether() throws Exception {
    InitGate gate = InitGate.of(8);
    FunctionPool a = pool("fn-a", 3, new FunctionPool.ColdStarts(gate, null));
    List<CompletableFuture<InvocationResult>> running = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      running.add(a.invoke(FunctionPool.utf8("\"sleep:3000\"")));
    }
    for (CompletableFuture<InvocationResult> f : running) {
      assertThat(await(f).succeeded()).isTrue();
    }
    assertThat(gate.peak()).isGreaterThan(1);
  }

  @Test
  void warmStartsOneProvisionedEnvironmentWhoseInvocationsAreNotColdStarts() throws Exception {
    FunctionPool p = pool("fn", 2, withClassData(InitGate.of(1)));

    double init = p.warm().get(120, TimeUnit.SECONDS);

    assertThat(init).isPositive();
    assertThat(p.hasClassData()).isTrue(); // made first, then the provisioned environment mapped it
    assertThat(p.pids()).hasSize(1);
    assertThat(console.matching("provisioned concurrency")).isNotEmpty();
    InvocationResult r = await(p.invoke(FunctionPool.utf8("\"env:AWS_LAMBDA_INITIALIZATION_TYPE\"")));
    assertThat(r.succeeded()).isTrue();
    assertThat(new String(r.payload())).contains("provisioned-concurrency");
    assertThat(r.coldStart()).isFalse();
    assertThat(p.stats().coldStarts()).isZero();
    assertThat(console.matching("REPORT RequestId")).allSatisfy(line -> assertThat(line).doesNotContain("Init Duration"));
    assertThat(p.stats().toJson().path("provisionedEnvironments").asInt()).isEqualTo(1);
  }

  @Test
  void aTrainingRunWhoseInitFailsIsReportedAndNotRepeated() throws Exception {
    FunctionSpec spec = new FunctionSpec("bad", "bad", "bad", "arn:aws:lambda:us-east-1:123456789012:function:bad",
        TestFunctionJar.HANDLER, "java21", 256, 20, Map.of(), zip, 0, "Text", null);
    Path taskRoot = dir.resolve("functions").resolve("bad");
    Map<String, String> env = LambdaEnvironment.of(spec, Map.of("AWS_REGION", "us-east-1"), taskRoot,
        Map.of("TEST_FAIL_INIT", "ARCHIVE_BUCKET"));
    FunctionPool p = new FunctionPool(spec, env, RuntimeClasspath.find(),
        List.of(RuntimeClasspath.jniOption(dir.resolve("runtime"))), taskRoot, 1, Duration.ofMinutes(5), console,
        scheduler, http, withClassData(InitGate.of(1)));
    pools.add(p);

    p.ensureClassData().get(120, TimeUnit.SECONDS);

    assertThat(p.hasClassData()).isFalse();
    assertThat(console.matching("INIT failed (class-data training run)"))
        .anySatisfy(line -> assertThat(line).contains("Missing required environment variable ARCHIVE_BUCKET"));
    assertThat(p.ensureClassData()).isDone();
  }

  @SuppressWarnings("unused")
  private static void write(Path p, byte[] bytes) throws Exception {
    try (OutputStream out = Files.newOutputStream(p)) {
      out.write(bytes);
    }
  }
}
