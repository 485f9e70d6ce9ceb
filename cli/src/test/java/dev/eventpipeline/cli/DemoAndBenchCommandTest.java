package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The demo and bench commands' usage (running them is covered by the integration tests and by hand). */
class DemoAndBenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = PipelineCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void demoHelpSaysWhatItDoesAndItsExitCodes() {
    assertThat(run("demo", "--help")).isZero();
    assertThat(out.toString()).contains("KPL").contains("CloudWatch Logs").contains("--wait")
        .contains("1 something is missing");
  }

  @Test
  void benchWithoutABenchmarkIsAUsageError() {
    assertThat(run("bench")).isEqualTo(2);
    assertThat(err.toString()).contains("e2e");
  }

  @Test
  void benchE2eHelpListsItsOptions() {
    assertThat(run("bench", "e2e", "--help")).isZero();
    assertThat(out.toString()).contains("--records").contains("--images").contains("--port").contains("--json")
        .contains("records in = archived + quarantined");
  }

  @Test
  void negativeSizesAreUsageErrors() {
    assertThat(run("bench", "e2e", "--records", "-1")).isEqualTo(2);
    assertThat(run("demo", "--wait", "0")).isEqualTo(2);
  }
}
