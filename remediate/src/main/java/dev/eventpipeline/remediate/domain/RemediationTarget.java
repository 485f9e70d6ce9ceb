package dev.eventpipeline.remediate.domain;

import java.util.Objects;

/** What an alarm's remediation acts on: one per remediable alarm, configured by the stack. */
public sealed interface RemediationTarget {
  /** The alarm that triggers this remediation. */
  String alarmName();

  /** What the event names as the target: a queue or a stream. */
  String resource();

  /**
   * A dead-letter queue: redriven to {@code sourceQueueUrl} (an SQS DLQ), or, when that is null, a
   * Kinesis on-failure destination whose failure records are replayed from their stream.
   */
  record Redrive(String alarmName, String dlqUrl, String sourceQueueUrl) implements RemediationTarget {
    public Redrive {
      Objects.requireNonNull(alarmName, "alarmName");
      Objects.requireNonNull(dlqUrl, "dlqUrl");
    }

    @Override
    public String resource() {
      return dlqUrl.substring(dlqUrl.lastIndexOf('/') + 1);
    }

    public boolean kinesisReplay() {
      return sourceQueueUrl == null;
    }
  }

  /** A provisioned stream whose shard count may be raised between {@code minShards} and {@code maxShards}. */
  record ScaleStream(String alarmName, String streamName, int minShards, int maxShards) implements RemediationTarget {
    public ScaleStream {
      Objects.requireNonNull(alarmName, "alarmName");
      Objects.requireNonNull(streamName, "streamName");
      if (minShards < 1 || maxShards < minShards) {
        throw new IllegalArgumentException("shard bounds of " + streamName + " must be 1 <= min <= max: "
            + minShards + ".." + maxShards);
      }
    }

    @Override
    public String resource() {
      return streamName;
    }
  }
}
