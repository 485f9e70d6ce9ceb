package dev.eventpipeline.thumbnail.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import dev.eventpipeline.thumbnail.domain.ThumbnailSet;
import dev.eventpipeline.thumbnail.fuzz.Budget.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every input the fuzz harness found a bug with, kept as a fixture in
 * {@code src/test/resources/corpus/fuzz/} with its expected outcome in {@code expected.properties}
 * there ({@code file = OUTCOME | status | what it is}). Each must now have that outcome through the
 * Thumbnailer (CREATED, or refused with that reason; "A or B" where either refusal is right) and set
 * off no oracle any more: safety (no other exception, within time and allocation budget) and, for
 * JPEG, the differential's failures.
 *
 * <p>Status {@code open} marks a fixture for a bug not fixed yet: its case fails until the fix lands
 * (that is the point: it is the fix's acceptance test). {@code fixed} ones guard against regressions.
 */
class FuzzRegressionTest {
  private static final String FOLDER = "/corpus/fuzz";
  private static final Map<String, Expected> EXPECTED = load();

  /** One line of expected.properties. */
  record Expected(String outcome, String status, String description) {}

  static Stream<Arguments> fixtures() {
    return EXPECTED.entrySet().stream()
        .map(e -> Arguments.of(e.getKey(), e.getValue().outcome(), e.getValue().status()));
  }

  @ParameterizedTest(name = "{0} -> {1} ({2})")
  @MethodSource("fixtures")
  void fixtureHasItsExpectedOutcomeAndSetsOffNoOracle(String file, String outcome, String status) throws IOException {
    byte[] data = Files.readAllBytes(folder().resolve(file));

    Outcome<ThumbnailSet> created = Budget.run(() -> Targets.thumbnails(data, 64), Oracles.TIME_LIMIT);

    String actual = created.succeeded() ? "CREATED"
        : created.thrown() instanceof ImageRejectedException r ? r.reason().name()
        : created.timedOut() ? "TIMED OUT" : created.thrown().toString();
    String fixture = file + " (" + status + "): " + EXPECTED.get(file).description();
    assertThat(actual).as("outcome of %s", fixture).isIn((Object[]) outcome.split(" or "));
    assertThat(Oracles.safety(created)).as("safety oracle on %s", fixture).isEmpty();
    if (Findings.extension(data).equals("jpg")) {
      assertThat(Oracles.differential(data, false, true).failures()).as("differential oracles on %s", fixture).isEmpty();
    }
  }

  @Test
  void everyFixtureHasAnExpectedOutcomeAndEveryOutcomeAFixture() throws IOException {
    Set<String> files;
    try (Stream<Path> list = Files.list(folder())) {
      files = list.map(p -> p.getFileName().toString()).filter(n -> !n.equals("expected.properties"))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    assertThat(files).isEqualTo(EXPECTED.keySet());
    assertThat(EXPECTED.values()).allSatisfy(e -> assertThat(e.status()).isIn("open", "fixed"));
  }

  private static Path folder() {
    try {
      return Path.of(FuzzRegressionTest.class.getResource(FOLDER).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Expected> load() {
    Properties p = new Properties();
    try (InputStream in = FuzzRegressionTest.class.getResourceAsStream(FOLDER + "/expected.properties")) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Expected> expected = new TreeMap<>();
    for (String file : p.stringPropertyNames()) {
      String[] parts = p.getProperty(file).split("\\|", 3);
      expected.put(file, new Expected(parts[0].trim(), parts.length > 1 ? parts[1].trim() : "",
          parts.length > 2 ? parts[2].trim() : ""));
    }
    return expected;
  }
}
