package dev.eventpipeline.remediate.port;

import dev.eventpipeline.remediate.domain.RedriveCounts;
import dev.eventpipeline.remediate.domain.RemediationTarget;
import java.time.Duration;

/** Redrives a dead-letter queue (the implementation {@code ./pipeline dlq redrive} uses too). */
public interface DeadLetterRedriver {
  /** Redrives every message visible now, each delivered no sooner than {@code delay} from now. */
  RedriveCounts redrive(RemediationTarget.Redrive target, Duration delay);
}
