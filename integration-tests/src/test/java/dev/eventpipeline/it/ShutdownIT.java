package dev.eventpipeline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventpipeline.local.testfn.TestStacks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `pipeline up` as its own process: Ctrl-C (SIGINT) stops everything it started, and nothing survives it. */
class ShutdownIT {
  @TempDir
  Path home;

  @Test
  void ctrlCStopsTheFunctionsAndTheBackendAndLeavesNoOrphanProcess() throws Exception {
    Path template = TestStacks.miniPipeline(home.resolve("cdk.out"));
    int port = LocalCloudIT.freePort();
    // A terminal delivers Ctrl-C to a process whose SIGINT is at its default. A test JVM started by a
    // background job of a script inherits SIGINT *ignored*, and a JVM keeps an inherited ignore, so
    // reset it before exec (python3 is on every machine that runs moto) to test what a user gets.
    Process up = new ProcessBuilder("python3", "-c",
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dpipeline.home=" + home,
        "dev.eventpipeline.cli.PipelineCli", "up", "--template", template.toString(), "--port", Integer.toString(port))
        .redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
          System.out.println("up> " + line);
        }
      } catch (Exception ignored) {
        // process ended
      }
    });
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(120)).until(() -> output.stream().anyMatch(l -> l.startsWith("Local cloud ready"))
          || !up.isAlive());
      assertThat(up.isAlive()).as("pipeline up is running").isTrue();
      List<ProcessHandle> children = up.descendants().toList();
      // moto_server plus at least one function JVM (running the runtime interface client)
      assertThat(children).anyMatch(p -> p.info().commandLine().orElse("").contains("moto_server"));
      assertThat(children).anyMatch(p -> p.info().commandLine().orElse("")
          .contains("com.amazonaws.services.lambda.runtime.api.client.AWSLambda"));
      assertThat(home.resolve(".pipeline/outputs.json")).exists();

      new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();

      assertThat(up.waitFor(90, TimeUnit.SECONDS)).as("pipeline up exits after Ctrl-C").isTrue();
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(children).noneMatch(ProcessHandle::isAlive));
      reader.join(5000);
      assertThat(output).anyMatch(l -> l.equals("Local cloud stopped"));
      assertThat(home.resolve(".pipeline/outputs.json")).doesNotExist();
    } finally {
      up.descendants().forEach(ProcessHandle::destroyForcibly);
      up.destroyForcibly();
    }
  }
}
