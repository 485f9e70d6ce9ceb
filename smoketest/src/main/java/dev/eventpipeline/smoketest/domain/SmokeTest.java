package dev.eventpipeline.smoketest.domain;

import dev.eventpipeline.smoketest.port.CanaryPipeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a canary through both flows and waits for what each must produce: the archive object holding the
 * record, and one thumbnail per configured size. Passes when both appear within the timeout, fails
 * (throws) otherwise; the canary image and its thumbnails are deleted either way.
 */
public final class SmokeTest {
  private static final Logger LOG = LoggerFactory.getLogger(SmokeTest.class);

  /** Waits between checks. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final CanaryPipeline pipeline;
  private final int expectedThumbnails;
  private final Duration timeout;
  private final Duration pollInterval;
  private final Clock clock;
  private final Sleeper sleeper;

  public SmokeTest(CanaryPipeline pipeline, int expectedThumbnails, Duration timeout, Duration pollInterval, Clock clock,
      Sleeper sleeper) {
    this.pipeline = pipeline;
    this.expectedThumbnails = expectedThumbnails;
    this.timeout = timeout;
    this.pollInterval = pollInterval;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public SmokeTestResult run(Canary canary) {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    LOG.info("smoke test {}: canary record and image {} sent", canary.id(), canary.imageKey());
    pipeline.putLogRecord(canary.id(), canary.logRecord());
    pipeline.putImage(canary.imageKey(), canary.image());
    String archived = null;
    long archivedAfter = -1;
    List<String> thumbnails = List.of();
    long thumbnailsAfter = -1;
    boolean cleaned = false;
    try {
      while (true) {
        if (archived == null) {
          Optional<String> found = pipeline.archiveObjectWith(canary.id(), start.minusSeconds(60));
          if (found.isPresent()) {
            archived = found.get();
            archivedAfter = Duration.between(start, clock.instant()).toMillis();
            LOG.info("smoke test {}: record archived in {} after {} ms", canary.id(), archived, archivedAfter);
          }
        }
        if (thumbnailsAfter < 0) {
          thumbnails = pipeline.thumbnailsOf(canary.imageKey());
          if (thumbnails.size() >= expectedThumbnails) {
            thumbnailsAfter = Duration.between(start, clock.instant()).toMillis();
            LOG.info("smoke test {}: {} thumbnail(s) after {} ms", canary.id(), thumbnails.size(), thumbnailsAfter);
          }
        }
        if (archived != null && thumbnailsAfter >= 0) {
          break;
        }
        if (!clock.instant().isBefore(deadline)) {
          throw new SmokeTestFailedException("smoke test " + canary.id() + " failed after " + timeout.toSeconds()
              + " s: " + (archived == null ? "the canary record is not in the archive" : "the record was archived")
              + "; " + thumbnails.size() + " of " + expectedThumbnails + " thumbnail(s) of " + canary.imageKey());
        }
        sleeper.sleep(pollInterval);
      }
      cleaned = cleanUp(canary, thumbnails);
      return new SmokeTestResult(canary.id(), "PASSED", archived, archivedAfter, thumbnails, thumbnailsAfter, cleaned);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SmokeTestFailedException("smoke test " + canary.id() + " interrupted");
    } finally {
      if (!cleaned) {
        try {
          cleanUp(canary, pipeline.thumbnailsOf(canary.imageKey()));
        } catch (RuntimeException e) {
          LOG.warn("smoke test {}: clean-up failed: {}", canary.id(), e.toString());
        }
      }
    }
  }

  private boolean cleanUp(Canary canary, List<String> thumbnails) {
    try {
      pipeline.cleanUp(canary.imageKey(), thumbnails);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("smoke test {}: clean-up failed: {}", canary.id(), e.toString());
      return false;
    }
  }
}
