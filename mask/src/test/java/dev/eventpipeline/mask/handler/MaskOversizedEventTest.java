package dev.eventpipeline.mask.handler;

import static dev.eventpipeline.mask.handler.KinesisFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.CloudEventCodec;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.masking.HashKeySource;
import dev.eventpipeline.common.testing.OutputCapture;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Events stay under SNS's 256 KiB whatever the input (issue 8, "oversized messages"): record ids are
 * written by producers, so a batch of records with very long ids must not make SensitiveDataDetected
 * too big to publish. Published through the real SnsEventPublisher on moto, which refuses an event
 * over the limit before sending anything (and would take the batch's other events down with it).
 */
class MaskOversizedEventTest {
  private static MotoServer moto;
  private static SnsClient sns;
  private static String topicArn;

  @BeforeAll
  static void start() {
    moto = MotoServer.start().configureSdkSystemProperties();
    sns = AwsClients.from(Env.of(moto.clientEnvironment())).sns();
    topicArn = sns.createTopic(b -> b.name("pipeline-events")).topicArn();
  }

  @AfterAll
  static void stop() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void aBatchOfCredentialRecordsWithHugeIdsStillPublishesEveryEventUnderTheSnsLimit() {
    // 400 records whose ids are 1,000 characters: listing them all would be a ~400 KB event
    List<String> payloads = IntStream.range(0, 400)
        .mapToObj(i -> record("r" + i + "-" + "x".repeat(1000), "login with password=hunter" + i)).toList();
    InMemoryArchiveStore store = new InMemoryArchiveStore();
    RecordingEventPublisher recorded = new RecordingEventPublisher();
    SnsEventPublisher real = new SnsEventPublisher(sns, topicArn);
    EventPublisher publisher = events -> {
      real.publish(events);
      recorded.publish(events);
    };
    MaskHandler handler = new MaskHandler(MaskConfig.from(Env.of(Map.of("ARCHIVE_BUCKET", "log-archive",
        "EVENTS_TOPIC_ARN", topicArn))), store, publisher, HashKeySource.none());

    StreamsEventResponse response;
    OutputCapture out = OutputCapture.start();
    try (out) {
      response = handler.handleRequest(KinesisFixtures.event(payloads), null);
    }

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(out.metric("EventPublishFailures")).as("every event was accepted by SNS").isZero();
    EventContract.assertValid(recorded.events());
    assertThat(recorded.ofType(EventType.LogBatchArchived)).hasSize(1);
    JsonNode sensitive = recorded.ofType(EventType.SensitiveDataDetected).get(0).data();
    assertThat(sensitive.path("recordCount").asInt()).isEqualTo(400);
    assertThat(sensitive.path("truncated").asBoolean()).isTrue();
    assertThat(sensitive.path("recordIds").size()).isBetween(1, 399);
    assertThat(sensitive.path("recordIds").get(0).asText()).startsWith("r0-");
    assertThat(CloudEventCodec.toJson(recorded.ofType(EventType.SensitiveDataDetected).get(0)).length)
        .isLessThan(EventPublisher.MAX_MESSAGE_BYTES / 2);
  }
}
