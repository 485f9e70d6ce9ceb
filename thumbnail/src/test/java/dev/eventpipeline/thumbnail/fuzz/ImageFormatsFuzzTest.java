package dev.eventpipeline.thumbnail.fuzz;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The safety oracle ({@link Oracles#safety}) on PNG, GIF, BMP, TIFF, WebP and ICO seeds with
 * format-blind byte mutations: the header readers and the ImageIO path must create or refuse within
 * the time and allocation budget, whatever the bytes.
 *
 * <p>Short run: {@code ./mvnw -o -pl thumbnail test -Dtest=ImageFormatsFuzzTest}; long run: add
 * {@code -Dfuzz.tries=100000 -Dfuzz.seed=random -Dfuzz.survey=true} (see {@link JpegDifferentialFuzzTest}).
 */
@AddLifecycleHook(FuzzSettings.class)
class ImageFormatsFuzzTest {

  @BeforeContainer
  static void warmUp() {
    for (Seeds.Seed seed : Seeds.others().subList(0, 7)) {
      Oracles.safety(seed.bytes(), 64);
    }
  }

  @AfterContainer
  static void report() {
    Findings.report("ImageFormatsFuzzTest");
  }

  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void thumbnailerCreatesOrRefusesAnyFormatWithinBudget(@ForAll("mutatedImages") FuzzCase c) {
    Findings.check("formats", Oracles.safety(c.bytes(), c.largest()), c, bytes -> Oracles.safety(bytes, c.largest()));
  }

  @Provide
  Arbitrary<FuzzCase> mutatedImages() {
    return Combinators.combine(Arbitraries.of(Seeds.others()), ByteMutations.sequences(),
        Arbitraries.of(List.of(16, 64, 256))).as(FuzzCase::of);
  }
}
