package dev.eventpipeline.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A child wrapped by {@link ChildProcesses#stoppedWithThisJvm} dies with its JVM, even a SIGKILLed one. */
class ChildProcessesTest {
  /** Run in a child JVM: starts a wrapped `sleep 300`, prints its pid, then waits to be killed. */
  public static final class ParentOfASleeper {
    public static void main(String[] args) throws Exception {
      Process p = new ProcessBuilder(ChildProcesses.stoppedWithThisJvm(List.of("sleep", "300"))).start();
      System.out.println("sleeper " + sleeperUnder(p.toHandle()).pid());
      System.out.flush();
      Thread.sleep(300_000);
    }
  }

  static ProcessHandle sleeperUnder(ProcessHandle wrapper) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      var sleeper = wrapper.descendants().filter(d -> d.info().command().orElse("").endsWith("/sleep")).findFirst();
      if (sleeper.isPresent()) {
        return sleeper.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no sleep process under " + wrapper.pid());
  }

  @Test
  void theWrappedCommandIsStoppedWhenItsJvmIsKilledWithSigkill() throws Exception {
    Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ParentOfASleeper.class.getName())
        .redirectErrorStream(true).start();
    long sleeperPid;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertThat(line).as("child JVM output").startsWith("sleeper ");
      sleeperPid = Long.parseLong(line.substring("sleeper ".length()));
      ProcessHandle sleeper = ProcessHandle.of(sleeperPid).orElseThrow();
      assertThat(sleeper.isAlive()).isTrue();

      jvm.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(jvm.waitFor(10, TimeUnit.SECONDS)).isTrue();

      assertThat(sleeper.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get())
          .as("the sleeper exited after its JVM was killed").isNotNull();
      assertThat(sleeper.isAlive()).isFalse();
    } finally {
      jvm.destroyForcibly();
      ProcessHandle.of(jvm.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void theWrapperExitsWithTheCommandsStatusAndStopsWithIt() throws Exception {
    Process p = new ProcessBuilder(ChildProcesses.stoppedWithThisJvm(List.of("sh", "-c", "exit 7"))).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(7);

    Process sleeping = new ProcessBuilder(ChildProcesses.stoppedWithThisJvm(List.of("sleep", "300"))).start();
    ProcessHandle sleeper = sleeperUnder(sleeping.toHandle());
    ChildProcesses.stop(sleeping.toHandle(), Duration.ofSeconds(5));
    assertThat(sleeping.isAlive()).isFalse();
    assertThat(sleeper.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get()).isNotNull();
  }
}
