package dev.eventpipeline.masking.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.masking.LineMasker;
import dev.eventpipeline.masking.MaskEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 14's targets over the generated corpus, one dynamic test per class: recall ≥ 99.9 %
 * (standard) / 99 % (evasions), exact spans ≥ 99 %, false positives ≤ 0.5 %, no line changed when
 * nothing was masked, Basic/Bearer credentials labelled AUTHORIZATION (or JWT).
 *
 * <p>A metric listed in {@code eval/known-gaps.properties} (a gap of today's engine) is held to
 * "no worse than recorded" instead, so the build is green today and fails on any regression; run
 * with {@code -Dmasking.eval.strict=true} to hold every class to the target (issue 14 is done when
 * that passes and the file is empty). Each run writes the Markdown report (report.md: every
 * failing kind with examples; summary.md: the table and three examples per class) and a fresh
 * gaps file to {@code target/masking-eval/}.
 *
 * <pre>./mvnw -o -q -B test -pl masking -Dtest=MaskingEvaluationTest [-Dmasking.eval.strict=true]</pre>
 */
@Tag("masking-eval")
class MaskingEvaluationTest {
  private static List<Evaluation.ClassResult> results;
  private static Properties knownGaps;
  private static final boolean STRICT = Boolean.getBoolean("masking.eval.strict");

  @BeforeAll
  static void evaluate() throws IOException {
    long start = System.nanoTime();
    long seed = Corpus.seed();
    results = Evaluation.run(new LineMasker(MaskEngine.withDefaults()), seed);
    long millis = (System.nanoTime() - start) / 1_000_000;
    Path dir = Path.of("target", "masking-eval");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("report.md"), MaskingEvaluationReport.markdown(results, seed, millis), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("summary.md"), MaskingEvaluationReport.summary(results, seed, millis), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("known-gaps.properties"), MaskingEvaluationReport.baseline(results), StandardCharsets.UTF_8);
    knownGaps = load();
    System.out.printf("masking evaluation: %d classes in %d ms, report at %s%n", results.size(), millis,
        dir.resolve("report.md").toAbsolutePath());
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = MaskingEvaluationTest.class.getResourceAsStream("/eval/known-gaps.properties")) {
      if (in != null) {
        p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  @TestFactory
  Stream<DynamicTest> eachClassMeetsItsTargets() {
    return results.stream().map(r -> DynamicTest.dynamicTest(r.cls.id(), () -> {
      List<String> failures = new ArrayList<>();
      for (Targets.Check c : Targets.checks(r)) {
        if (c.met()) {
          if (knownGaps.containsKey(c.key())) {
            System.out.println("now meets its target, remove from eval/known-gaps.properties: " + c.describe());
          }
          continue;
        }
        String recorded = knownGaps.getProperty(c.key());
        if (!STRICT && recorded != null) {
          double floor = Double.parseDouble(recorded.strip());
          boolean noWorse = c.atLeast() ? c.value() >= floor - 1e-9 : c.value() <= floor + 1e-9;
          if (!noWorse) {
            failures.add("regression: " + c.describe() + ", was " + recorded);
          }
        } else {
          failures.add(c.describe());
        }
      }
      assertThat(failures).as("targets of %s (%s); examples in target/masking-eval/report.md", r.cls.id(),
          r.cls.description()).isEmpty();
    }));
  }
}
