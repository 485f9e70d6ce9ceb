package dev.eventpipeline.remediate.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.remediate.domain.StreamCapacity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** DescribeStreamSummary and UpdateShardCount against moto's Kinesis. */
class KinesisStreamScalerTest {
  @Test
  void readsTheOpenShardsAndDoublesThem() {
    try (MotoServer moto = MotoServer.start().configureSdkSystemProperties()) {
      Map<String, String> env = new HashMap<>(moto.clientEnvironment());
      env.put("CBOR_ENABLED", "false");
      KinesisClient kinesis = AwsClients.from(Env.of(env)).kinesis();
      kinesis.createStream(b -> b.streamName("s").shardCount(1));
      KinesisStreamScaler scaler = new KinesisStreamScaler(() -> kinesis);
      await().atMost(Duration.ofSeconds(10)).until(() -> scaler.capacity("s").active());

      assertThat(scaler.capacity("s")).isEqualTo(new StreamCapacity(1, true, false));
      scaler.updateShardCount("s", 2);
      await().atMost(Duration.ofSeconds(10)).until(() -> scaler.capacity("s").active());
      assertThat(scaler.capacity("s").openShards()).isEqualTo(2);
    }
  }
}
