package dev.eventpipeline.remediate.adapter;

import dev.eventpipeline.remediate.domain.StreamCapacity;
import dev.eventpipeline.remediate.port.StreamScaler;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Kinesis DescribeStreamSummary and UpdateShardCount (uniform scaling). */
public final class KinesisStreamScaler implements StreamScaler {
  private final Supplier<KinesisClient> kinesis;

  /** {@code kinesis}: the client, asked for on first use (scaling is rare: the function need not build it at init). */
  public KinesisStreamScaler(Supplier<KinesisClient> kinesis) {
    this.kinesis = kinesis;
  }

  @Override
  public StreamCapacity capacity(String streamName) {
    StreamDescriptionSummary s = kinesis.get().describeStreamSummary(b -> b.streamName(streamName)).streamDescriptionSummary();
    boolean onDemand = s.streamModeDetails() != null && s.streamModeDetails().streamMode() == StreamMode.ON_DEMAND;
    return new StreamCapacity(s.openShardCount(), s.streamStatus() == StreamStatus.ACTIVE, onDemand);
  }

  @Override
  public void updateShardCount(String streamName, int targetShards) {
    kinesis.get().updateShardCount(b -> b.streamName(streamName).targetShardCount(targetShards)
        .scalingType(ScalingType.UNIFORM_SCALING));
  }
}
