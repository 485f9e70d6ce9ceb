package dev.eventpipeline.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.MotoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The SNS adapter against a real moto server: bodies, attributes, filter policies, batching. */
class SnsEventPublisherTest {
  private static MotoServer moto;
  private static SnsClient sns;
  private static SqsClient sqs;

  @BeforeAll
  static void start() {
    moto = MotoServer.start().configureSdkSystemProperties();
    AwsClients clients = AwsClients.from(Env.of(moto.clientEnvironment()));
    sns = clients.sns();
    sqs = clients.sqs();
  }

  @AfterAll
  static void stop() {
    moto.close();
  }

  @Test
  void publishesCloudEventBodiesWithFilterableAttributes() throws Exception {
    String topic = sns.createTopic(b -> b.name("events-" + System.nanoTime())).topicArn();
    String all = subscribedQueue(topic, null);
    String failuresOnly = subscribedQueue(topic, "{\"eventType\":[\"ThumbnailFailed\"]}");

    List<PipelineEvent> events = new ArrayList<>();
    IntStream.range(0, 23).forEach(i -> events.add(PipelineEvent.of(
        i % 5 == 0 ? EventType.ThumbnailFailed : EventType.ThumbnailCreated, "thumbnail", "k" + i,
        Map.of("i", i), "uploads", "k" + i)));
    new SnsEventPublisher(sns, topic).publish(events);

    List<Message> received = drain(all, 23);
    assertThat(received).hasSize(23);
    JsonNode first = Json.MAPPER.readTree(received.get(0).body());
    assertThat(first.path("specversion").asText()).isEqualTo("1.0");
    assertThat(received.get(0).messageAttributes().get("eventType").stringValue()).isIn("ThumbnailCreated", "ThumbnailFailed");
    assertThat(received.get(0).messageAttributes().get("source").stringValue()).isEqualTo("eventpipeline/thumbnail");

    List<Message> filtered = drain(failuresOnly, 5);
    assertThat(filtered).hasSize(5).allSatisfy(m ->
        assertThat(m.messageAttributes().get("eventType").stringValue()).isEqualTo("ThumbnailFailed"));
  }

  @Test
  void refusesAnEventOverTheSnsLimitWithAClearMessage() {
    String topic = sns.createTopic(b -> b.name("big-" + System.nanoTime())).topicArn();
    PipelineEvent huge = PipelineEvent.of(EventType.LogRecordsRejected, "ingest", null,
        Map.of("blob", "x".repeat(EventPublisher.MAX_MESSAGE_BYTES)), "a");
    assertThatThrownBy(() -> new SnsEventPublisher(sns, topic).publish(huge))
        .isInstanceOf(EventPublishException.class).hasMessageContaining("summarize");
  }

  @Test
  void failsWhenTheTopicDoesNotExist() {
    assertThatThrownBy(() -> new SnsEventPublisher(sns, "arn:aws:sns:us-east-1:123456789012:missing")
        .publish(PipelineEvent.of(EventType.ThumbnailFailed, "thumbnail", null, Map.of(), "a")))
        .isInstanceOf(EventPublishException.class);
  }

  private static String subscribedQueue(String topicArn, String filterPolicy) {
    String url = sqs.createQueue(b -> b.queueName("q-" + System.nanoTime())).queueUrl();
    String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    Map<String, String> attributes = filterPolicy == null
        ? Map.of("RawMessageDelivery", "true")
        : Map.of("RawMessageDelivery", "true", "FilterPolicy", filterPolicy);
    sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(arn).attributes(attributes));
    return url;
  }

  private static List<Message> drain(String queueUrl, int expected) {
    List<Message> all = new ArrayList<>();
    for (int i = 0; i < 20 && all.size() < expected; i++) {
      all.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
          .messageAttributeNames("All").waitTimeSeconds(1)).messages());
    }
    return all;
  }
}
