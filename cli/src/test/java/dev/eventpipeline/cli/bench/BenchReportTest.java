package dev.eventpipeline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  @Test
  void percentilesAreNearestRank() {
    BenchReport.Percentiles p = BenchReport.Percentiles.of(IntStream.rangeClosed(1, 100).mapToObj(i -> (long) i).toList());

    assertThat(p.p50()).isEqualTo(50);
    assertThat(p.p90()).isEqualTo(90);
    assertThat(p.p99()).isEqualTo(99);
    assertThat(p.max()).isEqualTo(100);
    assertThat(p.count()).isEqualTo(100);
    assertThat(BenchReport.Percentiles.of(List.of()).count()).isZero();
  }

  @Test
  void generatedLogLinesAreReproducibleDistinctAndAboutOneInTwentyCarriesPii() {
    LogLineGenerator a = new LogLineGenerator(7, "run");
    LogLineGenerator b = new LogLineGenerator(7, "run");
    Set<String> lines = new HashSet<>();
    int pii = 0;
    for (int i = 0; i < 2000; i++) {
      String line = new String(a.next(), StandardCharsets.UTF_8);
      String twin = new String(b.next(), StandardCharsets.UTF_8);
      // Same seed, same line but for the clock.
      assertThat(twin.length()).isEqualTo(line.length());
      assertThat(twin.substring(twin.length() - 20)).isEqualTo(line.substring(line.length() - 20));
      lines.add(line);
      if (line.matches(".*(@example\\.|4111 1111|203\\.0\\.113|198\\.51\\.100|\\+1 202).*")) {
        pii++;
      }
    }
    assertThat(lines).hasSize(2000);
    assertThat(pii).isBetween(40, 200);
  }

  @Test
  void badImagesAreTextOrTruncatedJpegs() {
    ImageGenerator images = new ImageGenerator();

    assertThat(images.good(0).bytes()[0] & 0xFF).isEqualTo(0xFF);
    assertThat(images.good(2).name()).contains("3000x2000");
    assertThat(images.bad(0).bytes()[0]).isEqualTo((byte) 'n');
    assertThat(images.bad(1).bytes().length).isEqualTo(images.good(1).bytes().length / 2);
  }

  @Test
  void eventTimesWithoutAZoneAreUtc() {
    assertThat(E2eBench.parseTime("2026-11-23T10:00:00.123")).isEqualTo(Instant.parse("2026-11-23T10:00:00.123Z"));
    assertThat(E2eBench.parseTime("2026-11-23T10:00:00.123Z")).isEqualTo(Instant.parse("2026-11-23T10:00:00.123Z"));
  }
}
