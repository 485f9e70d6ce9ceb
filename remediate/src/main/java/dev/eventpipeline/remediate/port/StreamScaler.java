package dev.eventpipeline.remediate.port;

import dev.eventpipeline.remediate.domain.StreamCapacity;

/** Reads and changes a Kinesis stream's shard count. */
public interface StreamScaler {
  StreamCapacity capacity(String streamName);

  /** Starts a uniform reshard to {@code targetShards} (asynchronous on Kinesis' side). */
  void updateShardCount(String streamName, int targetShards);
}
