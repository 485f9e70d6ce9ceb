package dev.eventpipeline.ingest.domain.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  @Test
  void formatsExactlyLikeInstantWithMillisecondsAlwaysPresent() {
    Random random = new Random(11);
    for (int i = 0; i < 100_000; i++) {
      long ms = random.nextLong(Timestamps.MIN_MILLIS, Timestamps.MAX_MILLIS);
      String expected = Instant.ofEpochMilli(ms).toString();
      String ours = Timestamps.format(ms);
      assertThat(ours).hasSize(24).endsWith("Z");
      assertThat(Instant.parse(ours).toEpochMilli()).isEqualTo(ms);
      if (expected.length() == 24) {
        assertThat(ours).isEqualTo(expected);
      }
    }
    assertThat(Timestamps.format(0)).isEqualTo("1970-01-01T00:00:00.000Z");
  }

  @ParameterizedTest
  @CsvSource({
      "2026-11-23T16:00:00.123Z, 2026-11-23T16:00:00.123Z",
      "2026-11-23T16:00:00Z, 2026-11-23T16:00:00.000Z",
      "2026-11-23t16:00:00.1z, 2026-11-23T16:00:00.100Z",
      "2026-11-23 16:00:00.123456789, 2026-11-23T16:00:00.123Z",
      "'2026-11-23 16:00:00,123', 2026-11-23T16:00:00.123Z",
      "2026-11-23T18:00:00+02:00, 2026-11-23T16:00:00.000Z",
      "2026-11-23T11:30:00-0430, 2026-11-23T16:00:00.000Z",
      "2026-11-23T17:00+01, 2026-11-23T16:00:00.000Z",
      "2026-11-23, 2026-11-23T00:00:00.000Z",
      "2024-02-29T00:00:00Z, 2024-02-29T00:00:00.000Z",
      "1795449600, 2026-11-23T16:00:00.000Z",
      "1795449600.123, 2026-11-23T16:00:00.123Z",
      "1795449600123, 2026-11-23T16:00:00.123Z",
      "1795449600123456, 2026-11-23T16:00:00.123Z",
      "1795449600123456789, 2026-11-23T16:00:00.123Z",
  })
  void parsesIsoAndEpochText(String text, String expected) {
    assertThat(Timestamps.format(Timestamps.parseText(text))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2026-13-01T00:00:00Z", "2023-02-29", "2026-11-23T25:00:00Z",
      "2026-11-23T16:00:00Zjunk", "-5", "0", "12.34.56", "2026-11-23T16:00:00+99:00"})
  void refusesWhatIsNotATimestamp(String text) {
    assertThat(Timestamps.parseText(text)).isEqualTo(Timestamps.NONE);
  }
}
