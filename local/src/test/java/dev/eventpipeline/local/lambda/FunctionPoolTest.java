package dev.eventpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.local.lambda.InvocationResult.Outcome;
import dev.eventpipeline.local.testfn.TestFunctionJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/** The Runtime API and process pool, driving the official runtime interface client with a test function. */
class FunctionPoolTest {
  @TempDir
  static Path dir;
  static Path jar;

  private final RecordingConsole console = new RecordingConsole();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final ExecutorService http = Executors.newCachedThreadPool();
  private FunctionPool pool;

  @BeforeAll
  static void packageTestFunction() {
    jar = TestFunctionJar.build(dir.resolve("asset"));
  }

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.close();
    }
    scheduler.shutdownNow();
    http.shutdownNow();
  }

  private FunctionPool pool(int timeoutSeconds, int maxConcurrency, Map<String, String> extraEnv) {
    return pool(jar, timeoutSeconds, maxConcurrency, extraEnv);
  }

  private FunctionPool pool(Path asset, int timeoutSeconds, int maxConcurrency, Map<String, String> extraEnv) {
    FunctionSpec spec = new FunctionSpec("TestFn", "test-fn", "test-fn",
        "arn:aws:lambda:us-east-1:123456789012:function:test-fn", TestFunctionJar.HANDLER, "java21", 256,
        timeoutSeconds, Map.of("FROM_TEMPLATE", "yes"), asset, 0, "Text", null);
    Map<String, String> env = LambdaEnvironment.of(spec, Map.of("AWS_REGION", "us-east-1"), dir.resolve("task"),
        extraEnv);
    pool = new FunctionPool(spec, env, RuntimeClasspath.find(),
        List.of(RuntimeClasspath.jniOption(dir.resolve("runtime"))), dir.resolve("task"), maxConcurrency,
        Duration.ofMinutes(5), console, scheduler, http);
    return pool;
  }

  private static InvocationResult await(CompletableFuture<InvocationResult> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS);
  }

  @Test
  void runsTheHandlerThroughTheRuntimeInterfaceClientAndReportsLikeLambda() throws Exception {
    FunctionPool p = pool(10, 1, Map.of());
    InvocationResult first = await(p.invoke(FunctionPool.utf8("{\"hello\":\"world\"}")));
    InvocationResult second = await(p.invoke(FunctionPool.utf8("\"env:FROM_TEMPLATE\"")));

    assertThat(first.outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(first.payloadText()).isEqualTo("{\"hello\":\"world\"}");
    assertThat(first.coldStart()).isTrue();
    assertThat(second.payloadText()).isEqualTo("\"yes\"");
    assertThat(second.coldStart()).isFalse();
    List<String> reports = console.matching("REPORT RequestId: ");
    assertThat(reports).hasSize(2);
    assertThat(reports.get(0)).contains("RequestId: " + first.requestId()).contains("Billed Duration: ")
        .contains("Memory Size: 256 MB").containsPattern("Max Memory Used: [1-9][0-9]* MB").contains("Init Duration: ");
    assertThat(reports.get(1)).doesNotContain("Init Duration");
    assertThat(console.matching("\"requestId\":\"" + first.requestId() + "\"")).hasSize(1);
    assertThat(p.pids()).hasSize(1);
  }

  @Test
  void aZipPackageWithTheFunctionJarInLibRunsFromTheUnpackedTaskRoot() throws Exception {
    Path zip = dir.resolve("asset.fedcba9876543210.zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("lib/test-function.jar"));
      out.write(Files.readAllBytes(jar));
      out.closeEntry();
    }
    FunctionPool p = pool(zip, 10, 1, Map.of());

    InvocationResult result = await(p.invoke(FunctionPool.utf8("\"env:LAMBDA_TASK_ROOT\"")));

    assertThat(result.succeeded()).as("error: %s", result.errorMessage()).isTrue();
    assertThat(result.payloadText()).isEqualTo("\"" + dir.resolve("task") + "\"");
    assertThat(dir.resolve("task/lib/test-function.jar")).exists();
  }

  @Test
  void aThrowingHandlerIsAFunctionErrorAndTheEnvironmentStaysWarm() throws Exception {
    FunctionPool p = pool(10, 1, Map.of());
    InvocationResult failed = await(p.invoke(FunctionPool.utf8("\"throw\"")));
    InvocationResult ok = await(p.invoke(FunctionPool.utf8("\"again\"")));

    assertThat(failed.outcome()).isEqualTo(Outcome.FUNCTION_ERROR);
    assertThat(failed.errorType()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(failed.errorMessage()).isEqualTo("asked to throw");
    assertThat(ok.succeeded()).isTrue();
    assertThat(ok.coldStart()).isFalse();
  }

  @Test
  void anInvocationThatOverrunsItsTimeoutIsKilledAndTheNextOneIsACodStart() throws Exception {
    FunctionPool p = pool(2, 1, Map.of());
    await(p.invoke(FunctionPool.utf8("\"warm\"")));
    long firstPid = p.pids().get(0);

    InvocationResult timedOut = await(p.invoke(FunctionPool.utf8("\"sleep:20000\"")));
    InvocationResult next = await(p.invoke(FunctionPool.utf8("\"after\"")));

    assertThat(timedOut.outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(timedOut.errorMessage()).isEqualTo("Task timed out after 2.00 seconds");
    assertThat(console.matching(timedOut.requestId() + " Task timed out after 2.00 seconds")).hasSize(1);
    assertThat(console.matching("Status: timeout")).hasSize(1);
    assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(next.succeeded()).isTrue();
    assertThat(next.coldStart()).isTrue();
  }

  @Test
  void aRuntimeThatDiesMidInvocationFailsItWithRuntimeExitError() throws Exception {
    FunctionPool p = pool(10, 1, Map.of());
    InvocationResult crashed = await(p.invoke(FunctionPool.utf8("\"exit\"")));
    InvocationResult next = await(p.invoke(FunctionPool.utf8("\"after\"")));

    assertThat(crashed.outcome()).isEqualTo(Outcome.CRASH);
    assertThat(crashed.errorType()).isEqualTo("Runtime.ExitError");
    assertThat(next.succeeded()).isTrue();
    assertThat(next.coldStart()).isTrue();
  }

  @Test
  void anInitErrorFailsTheInvocationThatPaidForIt() throws Exception {
    FunctionPool p = pool(10, 1, Map.of("TEST_FAIL_INIT", "ARCHIVE_BUCKET"));
    InvocationResult failed = await(p.invoke(FunctionPool.utf8("\"hello\"")));

    assertThat(failed.succeeded()).isFalse();
    assertThat(failed.errorMessage()).contains("Missing required environment variable ARCHIVE_BUCKET");
    assertThat(console.matching("INIT_REPORT")).isNotEmpty();
  }

  @Test
  void concurrentInvocationsGetTheirOwnProcessesUpToTheLimit() throws Exception {
    FunctionPool p = pool(20, 2, Map.of());
    List<CompletableFuture<InvocationResult>> running = List.of(
        p.invoke(FunctionPool.utf8("\"sleep:1500\"")), p.invoke(FunctionPool.utf8("\"sleep:1500\"")),
        p.invoke(FunctionPool.utf8("\"sleep:1500\"")));
    for (CompletableFuture<InvocationResult> f : running) {
      assertThat(await(f).succeeded()).isTrue();
    }
    assertThat(p.pids()).hasSize(2);
    assertThat(console.matching("Init Duration")).hasSize(2);
  }

  @Test
  void stoppingTheProcessesLeavesNoFailedToGetNextInvocationErrors() throws Exception {
    FunctionPool p = pool(10, 2, Map.of());
    List<CompletableFuture<InvocationResult>> running = List.of(
        p.invoke(FunctionPool.utf8("\"sleep:300\"")), p.invoke(FunctionPool.utf8("\"sleep:300\"")));
    for (CompletableFuture<InvocationResult> f : running) {
      assertThat(await(f).succeeded()).isTrue();
    }
    List<Long> pids = p.pids();

    p.close();
    Thread.sleep(500); // what the processes print while stopping is piped asynchronously

    assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    assertThat(console.matching("Failed to get next invocation")).isEmpty();
    assertThat(console.matching("LAMBDA_RUNTIME")).isEmpty();
  }
}
