package dev.eventpipeline.masking.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.masking.MaskEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every example of the detector registry does what the registry (and so docs/masking.md) says. */
class DetectorRegistryTest {
  private static final MaskEngine ENGINE = MaskEngine.withDefaults();

  @TestFactory
  Stream<DynamicTest> eachCatchesExampleIsFoundExactlyAndNothingAroundIt() {
    return DetectorRegistry.entries().stream().flatMap(e -> e.catches().stream().map(example ->
        DynamicTest.dynamicTest(e.type() + ": " + example, () -> {
          String text = example.replace("«", "").replace("»", "");
          List<String> expected = new ArrayList<>();
          int shift = 0;
          for (int open = example.indexOf('«'); open >= 0; open = example.indexOf('«', open + 1)) {
            int close = example.indexOf('»', open);
            int start = open - shift;
            int end = close - shift - 1;
            expected.add(e.type() + "=" + text.substring(start, end) + "@" + start);
            shift += 2;
          }
          Findings f = ENGINE.detect(text);
          List<String> found = new ArrayList<>();
          for (int i = 0; i < f.size(); i++) {
            found.add(f.type(i) + "=" + text.substring(f.start(i), f.end(i)) + "@" + f.start(i));
          }
          assertThat(found).containsExactlyElementsOf(expected);
        })));
  }

  @TestFactory
  Stream<DynamicTest> eachNotExampleHasNoFindingOfItsType() {
    return DetectorRegistry.entries().stream().flatMap(e -> e.not().stream().map(example ->
        DynamicTest.dynamicTest(e.type() + " not: " + example, () -> {
          Findings f = ENGINE.detect(example);
          for (int i = 0; i < f.size(); i++) {
            assertThat(f.type(i)).as(example.substring(f.start(i), f.end(i))).isNotEqualTo(e.type());
          }
        })));
  }

  @Test
  void docsMaskingMdShowsTheRegistryAsItIs() throws IOException {
    String docs = Files.readString(Path.of("../docs/masking.md"));
    assertThat(docs).as("docs/masking.md's detector table is out of date: paste the output of"
        + " `java -cp masking/target/classes dev.eventpipeline.masking.detect.DetectorRegistry`")
        .contains(DetectorRegistry.markdownTable());
  }
}
