package dev.eventpipeline.smoketest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.smoketest.port.CanaryPipeline;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmokeTestTest {
  private static final Instant T0 = Instant.parse("2026-12-07T13:30:00Z");

  /** A pipeline that archives the record after {@code archiveAfter} checks and writes thumbnails after {@code thumbsAfter}. */
  static final class FakePipeline implements CanaryPipeline {
    final List<String> calls = new ArrayList<>();
    final int archiveAfter;
    final int thumbsAfter;
    int archiveChecks;
    int thumbChecks;
    byte[] record;

    FakePipeline(int archiveAfter, int thumbsAfter) {
      this.archiveAfter = archiveAfter;
      this.thumbsAfter = thumbsAfter;
    }

    @Override
    public void putLogRecord(String partitionKey, byte[] record) {
      this.record = record;
      calls.add("put record " + partitionKey);
    }

    @Override
    public void putImage(String key, byte[] png) {
      calls.add("put image " + key + " " + png.length + " bytes");
    }

    @Override
    public Optional<String> archiveObjectWith(String canaryId, Instant since) {
      return ++archiveChecks >= archiveAfter ? Optional.of("logs/dt=2026-12-07/hour=13/shard-1.ndjson.gz") : Optional.empty();
    }

    @Override
    public List<String> thumbnailsOf(String imageKey) {
      return ++thumbChecks >= thumbsAfter ? List.of("thumbnails/" + imageKey + "/128.png",
          "thumbnails/" + imageKey + "/256.png", "thumbnails/" + imageKey + "/512.png") : List.of();
    }

    @Override
    public void cleanUp(String imageKey, List<String> thumbnails) {
      calls.add("clean up " + imageKey + " and " + thumbnails.size() + " thumbnail(s)");
    }
  }

  /** A clock that moves on by each sleep. */
  static final class SleepingClock extends Clock {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final SleepingClock clock = new SleepingClock();

  private SmokeTest smokeTest(FakePipeline p) {
    return new SmokeTest(p, 3, Duration.ofSeconds(60), Duration.ofSeconds(2), clock, d -> clock.now = clock.now.plus(d));
  }

  @Test
  void passesWhenTheRecordIsArchivedAndEverySizeIsThumbnailedAndCleansUpTheImage() {
    FakePipeline p = new FakePipeline(4, 2);
    Canary canary = Canary.at(T0, "ab12cd34");

    SmokeTestResult r = smokeTest(p).run(canary);

    assertThat(r.status()).isEqualTo("PASSED");
    assertThat(r.canaryId()).isEqualTo("canary-20261207T133000Z-ab12cd34");
    assertThat(r.archivedAfterMillis()).isEqualTo(6000);
    assertThat(r.thumbnailsAfterMillis()).isEqualTo(2000);
    assertThat(r.thumbnails()).hasSize(3);
    assertThat(r.cleanedUp()).isTrue();
    assertThat(p.calls).containsExactly("put record canary-20261207T133000Z-ab12cd34",
        "put image canary/canary-20261207T133000Z-ab12cd34.png 79 bytes",
        "clean up canary/canary-20261207T133000Z-ab12cd34.png and 3 thumbnail(s)");
  }

  @Test
  void theCanaryIsClearlyMarked() {
    Canary canary = Canary.at(T0, "ab12cd34");
    String record = new String(canary.logRecord(), StandardCharsets.UTF_8);

    assertThat(record).contains("\"service\":\"eventpipeline-canary\"", "\"canary\":true",
        "\"canaryId\":\"canary-20261207T133000Z-ab12cd34\"");
    assertThat(canary.imageKey()).startsWith("canary/");
    assertThat(canary.image()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void failsWhenTheArchiveObjectDoesNotAppearInTimeAndStillCleansUp() {
    FakePipeline p = new FakePipeline(Integer.MAX_VALUE, 1);

    assertThatThrownBy(() -> smokeTest(p).run(Canary.at(T0, "ef56ab78")))
        .isInstanceOf(SmokeTestFailedException.class)
        .hasMessageContaining("failed after 60 s")
        .hasMessageContaining("the canary record is not in the archive")
        .hasMessageContaining("3 of 3 thumbnail(s)");
    assertThat(p.calls).last().isEqualTo("clean up canary/canary-20261207T133000Z-ef56ab78.png and 3 thumbnail(s)");
  }

  @Test
  void failsWhenThumbnailsAreMissing() {
    FakePipeline p = new FakePipeline(1, Integer.MAX_VALUE);

    assertThatThrownBy(() -> smokeTest(p).run(Canary.at(T0, "00000000")))
        .hasMessageContaining("the record was archived").hasMessageContaining("0 of 3 thumbnail(s)");
  }
}
