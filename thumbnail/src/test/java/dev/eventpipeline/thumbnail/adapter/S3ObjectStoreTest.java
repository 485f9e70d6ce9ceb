package dev.eventpipeline.thumbnail.adapter;

import static dev.eventpipeline.thumbnail.TestImages.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.common.testing.RecordingEventPublisher;
import dev.eventpipeline.thumbnail.handler.ThumbnailConfig;
import dev.eventpipeline.thumbnail.handler.ThumbnailHandler;
import dev.eventpipeline.thumbnail.port.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The S3 read/write path against a real moto server, including moto's own S3 -> SQS notifications. */
class S3ObjectStoreTest {
  private static MotoServer moto;
  private static S3Client s3;
  private static SqsClient sqs;
  private static S3ObjectStore store;

  @BeforeAll
  static void start() {
    moto = MotoServer.start().configureSdkSystemProperties();
    AwsClients clients = AwsClients.from(Env.of(moto.clientEnvironment()));
    s3 = clients.s3();
    sqs = clients.sqs();
    store = new S3ObjectStore(s3);
    s3.createBucket(b -> b.bucket("uploads"));
    s3.createBucket(b -> b.bucket("thumbs"));
  }

  @AfterAll
  static void stop() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void readsAnObjectWithItsEtagWithoutQuotes() {
    s3.putObject(b -> b.bucket("uploads").key("a b/c.png"), RequestBody.fromBytes(resource("pillow_hopper.png")));

    ObjectStore.StoredObject object = store.get("uploads", "a b/c.png", null, 1_000_000);

    assertThat(object.data()).isEqualTo(resource("pillow_hopper.png"));
    assertThat(object.etag()).doesNotContain("\"").hasSize(32);
  }

  @Test
  void aMissingObjectIsNotFound() {
    assertThatThrownBy(() -> store.get("uploads", "nope.jpg", null, 1000)).isInstanceOf(ObjectStore.ObjectNotFoundException.class);
  }

  @Test
  void refusesAnObjectOverTheCapBeforeReadingIt() {
    s3.putObject(b -> b.bucket("uploads").key("big.bin"), RequestBody.fromBytes(new byte[10_000]));

    assertThatThrownBy(() -> store.get("uploads", "big.bin", null, 1000))
        .isInstanceOfSatisfying(ObjectStore.ObjectTooLargeException.class, e -> assertThat(e.size()).isEqualTo(10_000));
  }

  @Test
  void writesContentTypeAndSourceEtagAndReadsThemBack() {
    store.put("thumbs", "thumbnails/x/128.jpg", new byte[] {1, 2, 3}, "image/jpeg", Map.of("source-etag", "abc"));

    ObjectStore.ObjectInfo info = store.head("thumbs", "thumbnails/x/128.jpg").orElseThrow();

    assertThat(info.contentLength()).isEqualTo(3);
    assertThat(info.metadata()).containsEntry("source-etag", "abc");
    assertThat(s3.headObject(b -> b.bucket("thumbs").key("thumbnails/x/128.jpg")).contentType()).isEqualTo("image/jpeg");
    assertThat(store.head("thumbs", "thumbnails/none/128.jpg")).isEmpty();
  }

  @Test
  void thumbnailsAnUploadFromMotosOwnNotification() {
    String queueUrl = sqs.createQueue(b -> b.queueName("thumbnail-jobs")).queueUrl();
    String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    s3.createBucket(b -> b.bucket("photos"));
    s3.putBucketNotificationConfiguration(b -> b.bucket("photos").notificationConfiguration(n -> n
        .queueConfigurations(q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
    s3.putObject(b -> b.bucket("photos").key("trip 2024/day 1+2.jpg"), RequestBody.fromBytes(resource("pillow_hopper.jpg")));
    RecordingEventPublisher events = new RecordingEventPublisher();
    ThumbnailHandler handler = new ThumbnailHandler(ThumbnailConfig.from(Env.of(Map.of(
        "THUMBNAILS_BUCKET", "thumbs", "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:events"))), store, events);

    // moto sends an s3:TestEvent first, then the ObjectCreated notification (key URL-encoded, '/' as %2F).
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 10 && messages.size() < 2; i++) {
      messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
    }
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(m.messageId());
      record.setBody(m.body());
      record.setEventSource("aws:sqs");
      records.add(record);
    }
    event.setRecords(records);
    SQSBatchResponse response = handler.handleRequest(event, null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(events.ofType(EventType.ThumbnailCreated)).singleElement()
        .satisfies(e -> assertThat(e.data().at("/source/key").asText()).isEqualTo("trip 2024/day 1+2.jpg"));
    EventContract.assertValid(events.events());
    assertThat(store.head("thumbs", "thumbnails/trip 2024/day 1+2.jpg/256.jpg")).isPresent();
  }

  /** Receives what moto's S3 -> SQS notifications delivered (the s3:TestEvent first), as a Lambda SQS event. */
  private static SQSEvent receiveNotifications(String queueUrl, int expected) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < 10 && messages.size() < expected; i++) {
      messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
    }
    SQSEvent event = new SQSEvent();
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (Message m : messages) {
      SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
      record.setMessageId(m.messageId());
      record.setBody(m.body());
      record.setEventSource("aws:sqs");
      records.add(record);
    }
    event.setRecords(records);
    return event;
  }

  /** A bucket whose ObjectCreated notifications go to a new queue; returns the queue URL. */
  private static String notifyingBucket(String bucket, boolean versioned) {
    String queueUrl = sqs.createQueue(b -> b.queueName(bucket + "-jobs")).queueUrl();
    String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    s3.createBucket(b -> b.bucket(bucket));
    if (versioned) {
      s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
    }
    s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
        .queueConfigurations(q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
    return queueUrl;
  }

  private static ThumbnailHandler handler(RecordingEventPublisher events) {
    return new ThumbnailHandler(ThumbnailConfig.from(Env.of(Map.of(
        "THUMBNAILS_BUCKET", "thumbs", "EVENTS_TOPIC_ARN", "arn:aws:sns:us-east-1:123456789012:events"))), store, events);
  }

  @Test
  void anUploadDeletedBeforeItsNotificationIsProcessedIsNotFoundAndAcknowledged() {
    String queueUrl = notifyingBucket("gone-before", false);
    s3.putObject(b -> b.bucket("gone-before").key("soon gone.png"), RequestBody.fromBytes(resource("pillow_hopper.png")));
    s3.deleteObject(b -> b.bucket("gone-before").key("soon gone.png"));
    RecordingEventPublisher events = new RecordingEventPublisher();

    SQSBatchResponse response = handler(events).handleRequest(receiveNotifications(queueUrl, 2), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    EventContract.assertValid(events.events());
    assertThat(events.ofType(EventType.ThumbnailFailed)).singleElement().satisfies(e -> {
      assertThat(e.data().path("reason").asText()).isEqualTo("NOT_FOUND");
      assertThat(e.data().at("/source/key").asText()).isEqualTo("soon gone.png");
    });
  }

  @Test
  void aVersionDeletedBeforeItsNotificationIsProcessedIsNotFoundAndAcknowledged() {
    String queueUrl = notifyingBucket("versioned-gone", true);
    String version = s3.putObject(b -> b.bucket("versioned-gone").key("v.png"),
        RequestBody.fromBytes(resource("pillow_hopper.png"))).versionId();
    s3.deleteObject(b -> b.bucket("versioned-gone").key("v.png").versionId(version)); // permanently
    RecordingEventPublisher events = new RecordingEventPublisher();
    SQSEvent notifications = receiveNotifications(queueUrl, 2);
    // real S3 names the version in the notification (moto leaves it out): the function reads exactly it
    notifications.getRecords().forEach(m -> m.setBody(m.getBody().replace("\"key\":", "\"versionId\":\"" + version
        + "\",\"key\":")));

    SQSBatchResponse response = handler(events).handleRequest(notifications, null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    EventContract.assertValid(events.events());
    assertThat(events.ofType(EventType.ThumbnailFailed)).singleElement().satisfies(e -> {
      assertThat(e.data().path("reason").asText()).isEqualTo("NOT_FOUND");
      assertThat(e.data().at("/source/versionId").asText()).isEqualTo(version);
    });
  }

  @Test
  void thumbnailsAnUploadWhoseKeyHasUnicodeSpacesAndPlusFromMotosNotification() {
    String key = "caf\u00e9 \u2603/\u4f60\u597d+1 \ud83d\udc31.png";
    String queueUrl = notifyingBucket("unicode-keys", false);
    s3.putObject(b -> b.bucket("unicode-keys").key(key), RequestBody.fromBytes(resource("pillow_hopper.png")));
    RecordingEventPublisher events = new RecordingEventPublisher();

    SQSBatchResponse response = handler(events).handleRequest(receiveNotifications(queueUrl, 2), null);

    assertThat(response.getBatchItemFailures()).isEmpty();
    EventContract.assertValid(events.events());
    assertThat(events.ofType(EventType.ThumbnailCreated)).singleElement()
        .satisfies(e -> assertThat(e.data().at("/source/key").asText()).isEqualTo(key));
    assertThat(store.head("thumbs", "thumbnails/" + key + "/256.jpg")).isPresent();
  }
}
