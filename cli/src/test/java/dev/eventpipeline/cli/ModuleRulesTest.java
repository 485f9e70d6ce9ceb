package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module map of docs/DESIGN.md ("what each module may import"), checked over every main source
 * file of the checkout: Maven's dependency graph keeps most modules apart already; this also keeps
 * the function modules' domain packages free of the AWS SDK and the emulator free of the CLI.
 */
class ModuleRulesTest {
  private static final Path HOME = home();
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);
  private static final List<String> FUNCTIONS = List.of("ingest", "enrich", "mask", "thumbnail", "notify", "remediate", "smoketest");
  private static final String AWS_SDK = "software.amazon.awssdk.";
  private static final String LAMBDA_EVENTS = "com.amazonaws.services.lambda.runtime.events.";

  /** Module directory -> import prefixes its main sources must not use. */
  private static final Map<String, List<String>> FORBIDDEN = Map.of(
      "settings", List.of(AWS_SDK, "dev.eventpipeline.common.", "dev.eventpipeline.masking.", "dev.eventpipeline.local.",
          "dev.eventpipeline.cli."),
      "masking", List.of(AWS_SDK, "dev.eventpipeline.common.", "dev.eventpipeline.local.", "dev.eventpipeline.cli."),
      "common", List.of("dev.eventpipeline.masking.", "dev.eventpipeline.local.", "dev.eventpipeline.cli."),
      "infra/cdk", List.of("dev.eventpipeline.common.", "dev.eventpipeline.masking.", "dev.eventpipeline.local.",
          "dev.eventpipeline.cli."),
      "local", List.of("dev.eventpipeline.cli.", "picocli.", "dev.eventpipeline.masking.", "dev.eventpipeline.settings."));

  @Test
  void eachModuleImportsOnlyWhatTheDesignAllows() {
    List<String> violations = new ArrayList<>();
    FORBIDDEN.forEach((module, prefixes) -> check(module, "", prefixes, violations));
    for (String fn : FUNCTIONS) {
      List<String> prefixes = new ArrayList<>(List.of("dev.eventpipeline.local.", "dev.eventpipeline.cli."));
      for (String other : FUNCTIONS) {
        if (!other.equals(fn)) {
          prefixes.add("dev.eventpipeline." + other + ".");
        }
      }
      check(fn, "", prefixes, violations);
      // ports and adapters: the domain is pure (no SDK, no Lambda event types)
      check(fn, "dev/eventpipeline/" + fn + "/domain", List.of(AWS_SDK, LAMBDA_EVENTS, "com.amazonaws.xray."), violations);
    }
    assertThat(violations).as("imports against docs/DESIGN.md's module map").isEmpty();
  }

  @Test
  void theRulesSeeEveryModuleTheyName() {
    for (String module : FORBIDDEN.keySet()) {
      assertThat(sources(module, "")).as(module + " main sources").isNotEmpty();
    }
    for (String fn : FUNCTIONS) {
      assertThat(sources(fn, "dev/eventpipeline/" + fn + "/domain")).as(fn + " domain sources").isNotEmpty();
    }
  }

  @Test
  void aForbiddenImportIsFound() {
    assertThat(imports("package x;\nimport software.amazon.awssdk.services.s3.S3Client;\nimport static picocli.CommandLine.Option;\n"))
        .containsExactly("software.amazon.awssdk.services.s3.S3Client", "picocli.CommandLine.Option");
  }

  private static void check(String module, String under, List<String> prefixes, List<String> violations) {
    for (Path file : sources(module, under)) {
      for (String imported : imports(read(file))) {
        for (String prefix : prefixes) {
          if (imported.startsWith(prefix)) {
            violations.add(HOME.relativize(file) + " imports " + imported);
          }
        }
      }
    }
  }

  private static List<Path> sources(String module, String under) {
    Path root = HOME.resolve(module).resolve("src/main/java").resolve(under);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> imports(String source) {
    List<String> found = new ArrayList<>();
    Matcher m = IMPORT.matcher(source);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The checkout: the cli module's parent directory (tests run with the module as working directory). */
  private static Path home() {
    Path dir = Path.of("").toAbsolutePath();
    return Files.isDirectory(dir.resolve("cli")) ? dir : dir.getParent();
  }
}
