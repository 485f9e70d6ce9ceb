package dev.eventpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cfn-lint, when installed, finds no error in the synthesized template, by default, with the
 * opt-in raw quarantine store and with the log stages on Fargate (warnings are printed).
 */
class CfnLintTest {
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"default settings", "quarantineRaw=true", "logCompute=fargate"})
  void cfnLintReportsNoErrorOnTheTemplate(String variant) throws Exception {
    Optional<Path> cfnLint = onPath("cfn-lint");
    if (cfnLint.isEmpty()) {
      System.out.println("CfnLintTest: SKIPPED - cfn-lint is not on PATH (pip install cfn-lint)");
    }
    Assumptions.assumeTrue(cfnLint.isPresent(), "cfn-lint is not on PATH (pip install cfn-lint)");

    Path template = (switch (variant) {
      case "quarantineRaw=true" -> TestSynthesis.with(QuarantineRawTest.OPT_IN);
      case "logCompute=fargate" -> TestSynthesis.with(LogComputeFargateTest.FARGATE);
      default -> TestSynthesis.defaults();
    }).templateFile();
    Process process = new ProcessBuilder(cfnLint.get().toString(), "--format", "parseable", template.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
    int exit = process.exitValue();
    if (!output.isBlank()) {
      System.out.println("cfn-lint (exit " + exit + "):\n" + output);
    }
    // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational; 1 is a crash.
    assertThat(exit & 3).as("cfn-lint errors:\n%s", output).isZero();
  }

  private static Optional<Path> onPath(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, command))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
