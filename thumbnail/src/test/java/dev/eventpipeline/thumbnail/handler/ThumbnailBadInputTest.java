package dev.eventpipeline.thumbnail.handler;

import static dev.eventpipeline.thumbnail.TestImages.resource;
import static dev.eventpipeline.thumbnail.handler.HostileImageCorpusTest.putNotification;
import static dev.eventpipeline.thumbnail.handler.HostileImageCorpusTest.sqsEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.PipelineEvent;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.thumbnail.InMemoryObjectStore;
import dev.eventpipeline.common.testing.OutputCapture;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 8's image edge cases other than the corpus, through the real handler: an empty object, an
 * object deleted before it is processed, keys with spaces, unicode and '+', a body that is not an
 * S3 notification. What the user sees: the event, the thumbnail keys, the metrics and the log line.
 */
class ThumbnailBadInputTest {
  private static final ThumbnailConfig CONFIG = ThumbnailConfig.from(Env.of(Map.of(
      "THUMBNAILS_BUCKET", "thumbs", "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events")));

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final RecordingEventPublisher events = new RecordingEventPublisher();
  private final ThumbnailHandler handler = new ThumbnailHandler(CONFIG, store, events);

  @AfterEach
  void everyPublishedEventMatchesItsSchema() {
    EventContract.assertValid(events.events());
  }

  @Test
  void aZeroByteObjectIsCorruptAndAcknowledged() {
    store.add("mybucket", "empty.jpg", new byte[0], "d41d8cd98f00b204e9800998ecf8427e");

    SQSBatchResponse response;
    OutputCapture out = OutputCapture.start();
    try (out) {
      response = handler.handleRequest(sqsEvent(putNotification("empty.jpg")), null);
    }

    assertThat(response.getBatchItemFailures()).isEmpty();
    PipelineEvent failed = events.ofType(EventType.ThumbnailFailed).get(0);
    assertThat(failed.data().path("reason").asText()).isEqualTo("CORRUPT");
    assertThat(failed.data().path("detail").asText()).contains("empty");
    assertThat(failed.data().at("/source/bytes").asLong()).isZero();
    assertThat(store.puts()).isEmpty();
    assertThat(out.metric("ThumbnailsFailed")).isEqualTo(1);
    assertThat(out.logMessages("WARN")).singleElement().asString().startsWith("Thumbnail failed permanently: CORRUPT");
  }

  @Test
  void anObjectDeletedBeforeItIsProcessedIsNotFoundOnceNotARetryLoop() {
    // the notification names an object the store no longer has
    SQSEvent event = sqsEvent(putNotification("deleted+meanwhile.png"));

    SQSBatchResponse first;
    OutputCapture out = OutputCapture.start();
    try (out) {
      first = handler.handleRequest(event, null);
    }
    SQSBatchResponse redelivered = handler.handleRequest(event, null); // SQS delivering the message twice

    assertThat(first.getBatchItemFailures()).isEmpty();
    assertThat(redelivered.getBatchItemFailures()).isEmpty();
    var failed = events.ofType(EventType.ThumbnailFailed);
    assertThat(failed).hasSize(2);
    assertThat(failed.get(0).data().path("reason").asText()).isEqualTo("NOT_FOUND");
    assertThat(failed.get(0).data().at("/source/key").asText()).isEqualTo("deleted meanwhile.png");
    assertThat(failed.get(0).data().at("/source/etag").asText()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    assertThat(failed.get(1).id()).as("a redelivery repeats the event id").isEqualTo(failed.get(0).id());
    assertThat(out.metric("ThumbnailsFailed")).isEqualTo(1);
    assertThat(out.metric("MessagesRetried")).isZero();
  }

  @ParameterizedTest(name = "{0} -> \"{1}\"")
  @CsvSource(delimiter = '|', value = {
    "holiday+pics%2Fday+1.png|holiday pics/day 1.png",
    "1%2B1%3D2.png|1+1=2.png",
    "caf%C3%A9+%E2%98%83%2F%E4%BD%A0%E5%A5%BD%F0%9F%90%B1.png|café ☃/你好🐱.png",
    "a+%2B+b+%25+c.png|a + b % c.png",
  })
  void decodesKeysWithSpacesUnicodeAndPlusAndWritesThumbnailsUnderTheRealKey(String encoded, String key) {
    store.add("mybucket", key, resource("pillow_hopper.png"), "k");

    SQSBatchResponse response = handler.handleRequest(sqsEvent(putNotification(encoded)), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(store.puts()).containsExactly("thumbs/thumbnails/" + key + "/128.jpg", "thumbs/thumbnails/" + key + "/256.jpg",
        "thumbs/thumbnails/" + key + "/512.jpg");
    PipelineEvent created = events.ofType(EventType.ThumbnailCreated).get(0);
    assertThat(created.subject()).isEqualTo("mybucket/" + key);
    assertThat(created.data().at("/source/key").asText()).isEqualTo(key);
    assertThat(created.data().at("/thumbnails/1/key").asText()).isEqualTo("thumbnails/" + key + "/256.jpg");
  }

  @Test
  void aBodyThatIsNotAnS3NotificationIsRetriedAndReachesTheDlqWithoutQuotingIt() {
    SQSBatchResponse response;
    OutputCapture out = OutputCapture.start();
    try (out) {
      response = handler.handleRequest(sqsEvent("{\"token\":\"s3cr3t-value\"}", "\u0000\u00ffnot json at all"), null);
    }

    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m0", "m1");
    assertThat(events.events()).isEmpty();
    assertThat(out.metric("MessagesRetried")).isEqualTo(2);
    assertThat(out.text()).doesNotContain("s3cr3t-value", "not json at all");
  }
}
