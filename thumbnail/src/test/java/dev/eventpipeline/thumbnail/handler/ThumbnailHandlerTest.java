package dev.eventpipeline.thumbnail.handler;

import dev.eventpipeline.thumbnail.image.OutputFormat;
import static dev.eventpipeline.thumbnail.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.thumbnail.InMemoryObjectStore;
import dev.eventpipeline.thumbnail.domain.ThumbnailBatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handler tests on AWS's own event JSON: the SQS fixture (Powertools' s3SqsEvent.json, loaded the
 * way the Lambda runtime deserializes it) carrying S3 notification bodies (the S3 User Guide's).
 */
class ThumbnailHandlerTest {
  private static final ThumbnailConfig CONFIG = ThumbnailConfig.from(Env.of(Map.of(
      "THUMBNAILS_BUCKET", "thumbs", "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:pipeline-events")));

  private final InMemoryObjectStore store = new InMemoryObjectStore();
  private final RecordingEventPublisher events = new RecordingEventPublisher();
  private final ThumbnailHandler handler = new ThumbnailHandler(CONFIG, store, events);

  @AfterEach
  void everyPublishedEventMatchesItsSchema() {
    EventContract.assertValid(events.events());
  }

  private static String text(String resource) {
    try (InputStream in = ThumbnailHandlerTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The S3 User Guide's ObjectCreated:Put notification, for another key. */
  private static String putNotification(String encodedKey) {
    return text("/events/s3-put-event.json").replace("\"HappyFace.jpg\"", "\"" + encodedKey + "\"");
  }

  /** The SQS fixture with one message per body (message ids m0, m1, ...). */
  private static SQSEvent sqsEvent(String... bodies) {
    SQSEvent fixture = EventLoader.loadSQSEvent("events/s3SqsEvent.json");
    SQSEvent.SQSMessage template = fixture.getRecords().get(0);
    List<SQSEvent.SQSMessage> messages = new ArrayList<>();
    for (int i = 0; i < bodies.length; i++) {
      SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
      m.setMessageId("m" + i);
      m.setReceiptHandle(template.getReceiptHandle());
      m.setEventSource(template.getEventSource());
      m.setEventSourceArn(template.getEventSourceArn());
      m.setAttributes(template.getAttributes());
      m.setBody(bodies[i]);
      messages.add(m);
    }
    fixture.setRecords(messages);
    return fixture;
  }

  @Test
  void theFixtureAsIsReportsItsMissingObjectAsNotFound() {
    SQSEvent event = EventLoader.loadSQSEvent("events/s3SqsEvent.json");

    SQSBatchResponse response = handler.handleRequest(event, null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(events.ofType(EventType.ThumbnailFailed)).singleElement()
        .satisfies(e -> {
          assertThat(e.data().at("/reason").asText()).isEqualTo("NOT_FOUND");
          assertThat(e.data().at("/source/key").asText()).isEqualTo("test.pdf");
          assertThat(e.data().at("/source/versionId").asText()).isEqualTo("yd3d4HaWOT2zguDLvIQLU6ptDTwKBnQV");
        });
  }

  @Test
  void makesThumbnailsForAnUploadedImage() {
    store.add("mybucket", "HappyFace.jpg", resource("pillow_hopper.jpg"), "d41d8cd98f00b204e9800998ecf8427e");

    SQSBatchResponse response = handler.handleRequest(sqsEvent(text("/events/s3-put-event.json")), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(store.puts()).containsExactly("thumbs/thumbnails/HappyFace.jpg/128.jpg",
        "thumbs/thumbnails/HappyFace.jpg/256.jpg", "thumbs/thumbnails/HappyFace.jpg/512.jpg");
    assertThat(events.ofType(EventType.ThumbnailCreated)).hasSize(1);
  }

  @Test
  void acknowledgesTheS3TestEvent() {
    SQSBatchResponse response = handler.handleRequest(sqsEvent(text("/events/s3-test-event.json")), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(events.events()).isEmpty();
  }

  @Test
  void reportsOnlyTheMessageThatFailedTransiently() {
    store.add("mybucket", "slow.png", resource("pillow_hopper.png"), "a")
        .add("mybucket", "ok.png", resource("pillow_hopper.png"), "b")
        .failGetsOf("slow.png");

    SQSBatchResponse response = handler.handleRequest(sqsEvent(putNotification("slow.png"), putNotification("ok.png")), null);

    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m0");
    assertThat(events.ofType(EventType.ThumbnailCreated)).hasSize(1);
  }

  @Test
  void acknowledgesPermanentFailuresAfterPublishingThem() {
    store.add("mybucket", "bomb.jpg", resource("fuzzdb_lottapixel.jpg"), "x");

    SQSBatchResponse response = handler.handleRequest(sqsEvent(putNotification("bomb.jpg")), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(events.ofType(EventType.ThumbnailFailed).get(0).data().at("/reason").asText()).isEqualTo("TOO_MANY_PIXELS");
  }

  @Test
  void aMessageWithTwoRecordsWhereOneFailsIsAcknowledged() {
    store.add("mybucket", "good.png", resource("pillow_hopper.png"), "g")
        .add("mybucket", "bad.gif", resource("fuzzdb_poc-img-phpinfo_actually_html.gif"), "b");
    String good = putNotification("good.png");
    String twoRecords = good.replaceFirst("\\]\\s*}\\s*$", "," + recordOf(putNotification("bad.gif")) + "]}");

    SQSBatchResponse response = handler.handleRequest(sqsEvent(twoRecords), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(events.ofType(EventType.ThumbnailCreated)).hasSize(1);
    assertThat(events.ofType(EventType.ThumbnailFailed)).singleElement()
        .satisfies(e -> assertThat(e.data().at("/reason").asText()).isEqualTo("UNSUPPORTED_FORMAT"));
  }

  @Test
  void aMessageWithTwoRecordsWhereOneFailsTransientlyIsRetriedAndTheRetryReusesTheFirst() {
    store.add("mybucket", "first.png", resource("pillow_hopper.png"), "f")
        .add("mybucket", "second.png", resource("pillow_hopper.bmp"), "s")
        .failGetsOf("second.png");
    String twoRecords = putNotification("first.png")
        .replaceFirst("\\]\\s*}\\s*$", "," + recordOf(putNotification("second.png")) + "]}");

    SQSBatchResponse first = handler.handleRequest(sqsEvent(twoRecords), null);
    store.heal("second.png");
    SQSBatchResponse retry = handler.handleRequest(sqsEvent(twoRecords), null);

    assertThat(first.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m0");
    assertThat(retry.getBatchItemFailures()).isEmpty();
    assertThat(store.puts()).hasSize(6); // first.png's three thumbnails were not rewritten on the retry
    var created = events.ofType(EventType.ThumbnailCreated);
    assertThat(created).hasSize(3);
    assertThat(created.get(1).id()).isEqualTo(created.get(0).id());
    assertThat(created.get(1).data().at("/thumbnails/0/reused").asBoolean()).isTrue();
  }

  @Test
  void reportsABodyThatIsNotAnS3NotificationForRetryAndTheDlq() {
    SQSBatchResponse response = handler.handleRequest(sqsEvent("{\"hello\":\"world\"}", text("/events/s3-test-event.json")), null);

    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m0");
  }

  @Test
  void decodesKeysWithSpacesAndEncodedSlashesAsMotoSendsThem() {
    store.add("mybucket", "holiday pics/day 1.png", resource("pillow_hopper.png"), "k");

    handler.handleRequest(sqsEvent(putNotification("holiday+pics%2Fday+1.png")), null);

    assertThat(store.puts()).contains("thumbs/thumbnails/holiday pics/day 1.png/256.jpg");
  }

  @Test
  void failsFastNamingAMissingOrInvalidVariable() {
    assertThatThrownBy(() -> ThumbnailConfig.from(Env.of(Map.of("EVENTS_TOPIC_ARN", "arn"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("THUMBNAILS_BUCKET");
    assertThatThrownBy(() -> ThumbnailConfig.from(Env.of(Map.of("THUMBNAILS_BUCKET", "b", "EVENTS_TOPIC_ARN", "a",
        "THUMBNAIL_SIZES", "128,big"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("THUMBNAIL_SIZES");
    assertThatThrownBy(() -> ThumbnailConfig.from(Env.of(Map.of("THUMBNAILS_BUCKET", "b", "EVENTS_TOPIC_ARN", "a",
        "JPEG_QUALITY", "0"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("JPEG_QUALITY");
  }

  @Test
  void refusesMoreThanSixteenDistinctThumbnailSizes() {
    String seventeen = IntStream.rangeClosed(1, 17).mapToObj(i -> String.valueOf(i * 100)).collect(Collectors.joining(","));
    String sixteenWithRepeats = IntStream.rangeClosed(1, 16).mapToObj(i -> i * 100 + "," + i * 100)
        .collect(Collectors.joining(","));

    assertThatThrownBy(() -> ThumbnailConfig.from(Env.of(Map.of("THUMBNAILS_BUCKET", "b", "EVENTS_TOPIC_ARN", "a",
        "THUMBNAIL_SIZES", seventeen))))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.variable()).isEqualTo("THUMBNAIL_SIZES"))
        .hasMessageContaining("17 distinct sizes, at most 16");
    ThumbnailConfig sixteen = ThumbnailConfig.from(Env.of(Map.of("THUMBNAILS_BUCKET", "b", "EVENTS_TOPIC_ARN", "a",
        "THUMBNAIL_SIZES", sixteenWithRepeats)));
    assertThat(sixteen.settings().sizes()).hasSize(16);
  }

  @Test
  void readsItsDefaultsAndOverrides() {
    ThumbnailConfig config = ThumbnailConfig.from(Env.of(Map.of("THUMBNAILS_BUCKET", "b", "EVENTS_TOPIC_ARN", "a",
        "THUMBNAIL_SIZES", "512, 64", "MAX_SOURCE_BYTES", "1000", "MAX_SOURCE_PIXELS", "2000", "JPEG_QUALITY", "90",
        "MAX_DECODE_BYTES", "3000000")));

    assertThat(config.settings().sizes()).containsExactly(64, 512);
    assertThat(config.settings().maxSourceBytes()).isEqualTo(1000);
    assertThat(config.settings().maxSourcePixels()).isEqualTo(2000);
    assertThat(config.settings().jpegQuality()).isEqualTo(90);
    assertThat(config.settings().maxDecodeBytes()).isEqualTo(3_000_000);
    assertThat(CONFIG.settings().sizes()).containsExactly(128, 256, 512);
    assertThat(CONFIG.settings().maxSourceBytes()).isEqualTo(52_428_800L);
    assertThat(CONFIG.settings().maxDecodeBytes()).isEqualTo(512L * 1024 * 1024);
  }

  /** The single record object inside a notification body. */
  private static String recordOf(String notification) {
    int start = notification.indexOf('[') + 1;
    int end = notification.lastIndexOf(']');
    return notification.substring(start, end).trim();
  }

  @Test
  void withTooLittleTimeLeftEveryMessageIsLeftForARetryUntouched() {
    com.amazonaws.services.lambda.runtime.Context almostOut = (com.amazonaws.services.lambda.runtime.Context)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {com.amazonaws.services.lambda.runtime.Context.class},
            (proxy, method, args) -> switch (method.getName()) {
              case "getRemainingTimeInMillis" -> (int) ThumbnailBatch.MIN_REMAINING_MILLIS - 1;
              case "getAwsRequestId" -> "req";
              default -> null;
            });

    SQSBatchResponse response = handler.handleRequest(sqsEvent(putNotification("a.jpg"), putNotification("b.jpg")), almostOut);

    assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("m0", "m1");
    assertThat(events.events()).isEmpty();
  }

  @Test
  void aSourceKeyNearS3sLimitGetsAHashedThumbnailKeyThatStillFits() {
    String longKey = "photos/" + "é".repeat(500) + ".jpg"; // 1,011 UTF-8 bytes
    String key = dev.eventpipeline.thumbnail.domain.ThumbnailService.thumbnailKey(longKey, 512,
        dev.eventpipeline.thumbnail.image.OutputFormat.JPEG);
    assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat(key).startsWith("thumbnails/sha256/").endsWith("/512.jpg");
    assertThat(dev.eventpipeline.thumbnail.domain.ThumbnailService.thumbnailKey(longKey, 512,
        dev.eventpipeline.thumbnail.image.OutputFormat.JPEG)).isEqualTo(key);
    assertThat(dev.eventpipeline.thumbnail.domain.ThumbnailService.thumbnailKey("cat.jpg", 256,
        dev.eventpipeline.thumbnail.image.OutputFormat.JPEG)).isEqualTo("thumbnails/cat.jpg/256.jpg");
  }
}
