package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.template.CfnResource;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Provisions Kinesis data streams. */
final class KinesisProvisioner extends ServiceProvisioner {
  KinesisProvisioner(ProvisionContext ctx) {
    super(ctx, "AWS::Kinesis::Stream");
  }

  @Override
  void provision(CfnResource r) {
    JsonNode p = props(r);
    String name = explicitOr(p, "Name", () -> names.name(r.logicalId(), 128));
    KinesisClient k = kinesis();
    boolean onDemand = "ON_DEMAND".equals(p.path("StreamModeDetails").path("StreamMode").asText());
    int shards = p.path("ShardCount").asInt(onDemand ? 0 : 1);
    boolean created = true;
    try {
      k.createStream(b -> {
        b.streamName(name);
        if (onDemand) {
          b.streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND));
        } else {
          b.shardCount(shards);
        }
      });
    } catch (software.amazon.awssdk.services.kinesis.model.ResourceInUseException exists) {
      created = false;
    }
    StreamDescriptionSummary summary = awaitStream(k, name);
    if (p.has("RetentionPeriodHours") && p.get("RetentionPeriodHours").asInt() > summary.retentionPeriodHours()) {
      int hours = p.get("RetentionPeriodHours").asInt();
      k.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(hours));
    }
    put(r, name, name, summary.streamARN(), null, created,
        summary.openShardCount() + " shard(s)" + (onDemand ? ", on-demand" : ""));
  }

  private static StreamDescriptionSummary awaitStream(KinesisClient k, String name) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      StreamDescriptionSummary s = k.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
      if (s.streamStatus() == StreamStatus.ACTIVE || Instant.now().isAfter(deadline)) {
        return s;
      }
      sleep(Duration.ofMillis(100));
    }
  }
}
