package dev.eventpipeline.thumbnail.fuzz;

import dev.eventpipeline.thumbnail.image.ImageRejectedException;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.thumbnail.fuzz.Mutation.Effect;
import dev.eventpipeline.thumbnail.fuzz.Oracles.Comparison;
import dev.eventpipeline.thumbnail.fuzz.Oracles.Oracle;
import dev.eventpipeline.thumbnail.fuzz.Seeds.Seed;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the JPEG path with structure-aware mutations of a seed corpus ({@link Seeds},
 * {@link JpegMutations}, one to four mutations per input) against the oracles of {@link Oracles}, one
 * property per class of bug so that one open bug does not hide another:
 * <ul>
 *   <li>the whole Thumbnailer creates or refuses (ImageRejectedException) within its time and
 *       allocation budget, and accepts nothing over the pixel limit (safety);
 *   <li>the guard measures the frame our decoder decodes, and the decoder stays within budget;
 *   <li>our decoder throws nothing outside its contract;
 *   <li>our decoder and ImageIO's reader agree on size, and on pixels where nothing the pixels are
 *       made of was mutated (which disagreements are only reported, and why, is in {@link Oracles}).
 * </ul>
 * A finding's input is saved under {@code target/fuzz-findings/}; fixtures made from them live in
 * {@code src/test/resources/corpus/fuzz} and are checked by {@link FuzzRegressionTest}.
 *
 * <p>Short run, part of {@code ./mvnw verify} (fixed seed {@value FuzzSettings#DEFAULT_SEED}; 500
 * tries of the Thumbnailer, 600 of the decoder contract and of the ImageIO comparison, 1,000 of the
 * cheap guard property; 20-30 s on this loaded 2-core machine):
 * <pre>./mvnw -o -pl thumbnail test -Dtest=JpegDifferentialFuzzTest</pre>
 * Long run (any number of tries per property, a fresh seed, every distinct finding collected and
 * minimized rather than stopping at the first, the differential's outcome classes tallied):
 * <pre>./mvnw -o -pl thumbnail test -Dtest=JpegDifferentialFuzzTest -Dfuzz.tries=100000 -Dfuzz.seed=random -Dfuzz.survey=true</pre>
 * {@code -Dfuzz.timeoutSeconds=N} changes the per-call time limit (default 5 s). jqwik prints the
 * seed of every run; {@code -Dfuzz.seed=<that seed>} replays it.
 */
@AddLifecycleHook(FuzzSettings.class)
class JpegDifferentialFuzzTest {
  /** Largest thumbnail sizes asked for: at 16 and 64 px the decoder shrinks on load (1/8, 1/4, 1/2), at 256 not. */
  private static final List<Integer> LARGEST = List.of(16, 64, 256);
  private static final Map<Seed, Boolean> SEED_AGREES = new ConcurrentHashMap<>();

  @BeforeContainer
  static void warmUp() {
    // class loading, ImageIO's plugin scan and the first JIT compilations stay out of the budgets
    for (Seed seed : Seeds.jpegs().subList(0, 4)) {
      Oracles.safety(seed.bytes(), 64);
      Oracles.differential(seed.bytes(), true, true);
    }
  }

  @AfterContainer
  static void report() {
    Findings.report("JpegDifferentialFuzzTest");
  }

  @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
  void thumbnailerCreatesOrRefusesWithinBudget(@ForAll("mutatedJpegs") FuzzCase c) {
    Findings.check("thumbnailer", Oracles.safety(c.bytes(), c.largest()), c, bytes -> Oracles.safety(bytes, c.largest()));
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
  void guardMeasuresTheFrameOurDecoderDecodesWithinBudget(@ForAll("mutatedJpegs") FuzzCase c) {
    checkDifferential("guard", c, false, EnumSet.of(Oracle.GUARD_MISMATCH, Oracle.ALLOCATION, Oracle.TIME));
  }

  @Property(tries = 600, edgeCases = EdgeCasesMode.NONE)
  void ourDecoderThrowsOnlyWhatItsContractAllows(@ForAll("mutatedJpegs") FuzzCase c) {
    checkDifferential("contract", c, false, EnumSet.of(Oracle.CONTRACT));
  }

  @Property(tries = 600, edgeCases = EdgeCasesMode.NONE)
  void ourDecoderAgreesWithImageIo(@ForAll("mutatedJpegs") FuzzCase c) {
    checkDifferential("imageio", c, true, EnumSet.of(Oracle.DIMENSIONS, Oracle.PIXELS));
  }

  /** The oracle's calibration: every generated seed, unmutated, decodes to the same pixels both ways. */
  @Example
  void everyGeneratedSeedDecodesAlikeWithBothDecoders() {
    List<String> disagreements = new ArrayList<>();
    for (Seed seed : Seeds.jpegs()) {
      if (seed.name().startsWith("gen-") && !seedAgrees(seed)) {
        disagreements.add(seed.name() + ": " + Oracles.differential(seed.bytes(), true, true));
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Provide
  Arbitrary<FuzzCase> mutatedJpegs() {
    return Combinators.combine(Arbitraries.of(Seeds.jpegs()), JpegMutations.sequences(),
        Arbitraries.of(LARGEST)).as(FuzzCase::of);
  }

  /**
   * One differential property: fails on the first of {@code oracles} the case breaks. The oracles are
   * split over properties so that one open bug (say a CONTRACT violation) does not hide another
   * (a GUARD_MISMATCH) in the fail-fast short run.
   */
  private static void checkDifferential(String property, FuzzCase c, boolean withReference, Set<Oracle> oracles) {
    boolean pixelsComparable = c.effect().compareTo(Effect.METADATA) <= 0 && seedAgrees(c.seed());
    Comparison result = Oracles.differential(c.bytes(), pixelsComparable, withReference);
    if (withReference && result.failures().isEmpty()) {
      Findings.tally(result.agreement(), c);
    }
    Findings.check(property, result.first(oracles), c,
        bytes -> Oracles.differential(bytes, pixelsComparable, withReference).first(oracles));
  }

  /** True when both decoders decode the unmutated seed to the same pixels (some corpus files are broken to begin with). */
  private static boolean seedAgrees(Seed seed) {
    return SEED_AGREES.computeIfAbsent(seed, s -> {
      Comparison c = Oracles.differential(s.bytes(), true, true);
      return c.failures().isEmpty() && c.agreement().equals("both decode, same pixels");
    });
  }
}
