package dev.eventpipeline.remediate.adapter;

import dev.eventpipeline.common.dlq.DeadLetterRedrive;
import dev.eventpipeline.remediate.domain.RedriveCounts;
import dev.eventpipeline.remediate.domain.RemediationTarget;
import dev.eventpipeline.remediate.port.DeadLetterRedriver;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redrives with common's {@link DeadLetterRedrive} (what {@code ./pipeline dlq redrive} runs). The backoff
 * of an SQS DLQ is the re-sent messages' DelaySeconds (at most 900 s); a Kinesis replay cannot be
 * delayed on the stream, so the function waits, at most {@code maxWait} (well inside its timeout).
 */
public final class SqsKinesisRedriver implements DeadLetterRedriver {
  private static final Logger LOG = LoggerFactory.getLogger(SqsKinesisRedriver.class);

  private final Supplier<DeadLetterRedrive> redrive;
  private final int maxMessages;
  private final Duration maxWait;

  /** {@code redrive}: asked for on first use (its SQS and Kinesis clients need not be built at init). */
  public SqsKinesisRedriver(Supplier<DeadLetterRedrive> redrive, int maxMessages, Duration maxWait) {
    this.redrive = redrive;
    this.maxMessages = maxMessages;
    this.maxWait = maxWait;
  }

  @Override
  public RedriveCounts redrive(RemediationTarget.Redrive target, Duration delay) {
    int delaySeconds = 0;
    if (target.kinesisReplay()) {
      if (redrive.get().visibleMessages(target.dlqUrl()) == 0) {
        // someone redrove it already: nothing to wait for
        return new RedriveCounts(0, 0, 0, java.util.List.of());
      }
      sleep(delay.compareTo(maxWait) > 0 ? maxWait : delay);
    } else {
      delaySeconds = (int) Math.min(DeadLetterRedrive.MAX_DELAY_SECONDS, delay.toSeconds());
    }
    DeadLetterRedrive.Result r = redrive.get().redrive(target.dlqUrl(), target.sourceQueueUrl(), maxMessages, delaySeconds,
        line -> LOG.info("{}: {}", target.resource(), line));
    return new RedriveCounts(r.messagesRedriven(), r.recordsReplayed(), r.messagesLeft(), r.problems());
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the backoff", e);
    }
  }
}
