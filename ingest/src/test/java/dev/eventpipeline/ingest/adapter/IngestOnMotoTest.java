package dev.eventpipeline.ingest.adapter;

import static dev.eventpipeline.ingest.testing.Fixtures.gzip;
import static dev.eventpipeline.ingest.testing.Fixtures.json;
import static dev.eventpipeline.ingest.testing.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventType;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.common.testing.EventContract;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.ingest.handler.IngestConfig;
import dev.eventpipeline.ingest.handler.IngestHandler;
import dev.eventpipeline.ingest.testing.TestContext;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The handler with its real adapters against a real moto server: records land in the stream, quarantine objects in S3. */
class IngestOnMotoTest {
  private static final String OUTPUT = "normalized-logs";
  private static final String BUCKET = "log-archive";
  private static MotoServer moto;
  private static KinesisClient kinesis;
  private static S3Client s3;
  private static SqsClient sqs;
  private static String queueUrl;
  private static IngestHandler handler;
  private static SnsClient sns;
  private static String topicArn;

  @BeforeAll
  static void startMoto() {
    moto = MotoServer.start().configureSdkSystemProperties();
    AwsClients clients = AwsClients.from(Env.of(moto.clientEnvironment()));
    kinesis = clients.kinesis();
    s3 = clients.s3();
    sns = clients.sns();
    sqs = clients.sqs();
    kinesis.createStream(b -> b.streamName(OUTPUT).shardCount(1));
    s3.createBucket(b -> b.bucket(BUCKET));
    topicArn = sns.createTopic(b -> b.name("pipeline-events")).topicArn();
    queueUrl = sqs.createQueue(b -> b.queueName("events-tail")).queueUrl();
    String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
        .attributes(Map.of("RawMessageDelivery", "true")));

    IngestConfig config = new IngestConfig(OUTPUT, BUCKET, "quarantine/", topicArn, 1024 * 1024);
    handler = new IngestHandler(config,
        new KinesisRecordWriter(kinesis, OUTPUT),
        new S3QuarantineStore(s3, BUCKET),
        new SnsEventPublisher(sns, topicArn));
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void forwardsDecodedRecordsToTheStreamAndQuarantinesTheRestInS3WithMetadata() {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesisStreamEvent.json");
    event.getRecords().get(0).getKinesis().setData(ByteBuffer.wrap(
        gzip(resource("decoded/powertools_kinesisStreamCloudWatchLogsEvent_record0_decoded.json"))));
    byte[] badGzip = {0x1F, (byte) 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
    event.getRecords().get(1).getKinesis().setData(ByteBuffer.wrap(badGzip));

    StreamsEventResponse response = handler.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();

    List<Record> records = readStream();
    assertThat(records).hasSize(3);
    List<JsonNode> normalized = records.stream().map(r -> json(r.data().asByteArray())).toList();
    assertThat(normalized).extracting(r -> r.get("id").asText()).containsExactly(
        "shardId-000000000006.49590338271490256608559692538361571095921575989136588898.0.0",
        "shardId-000000000006.49590338271490256608559692538361571095921575989136588898.0.1",
        "shardId-000000000006.49590338271490256608559692538361571095921575989136588898.0.2");
    assertThat(records).extracting(Record::partitionKey).containsOnly(
        "/aws/lambda/pt-1488-DummyLogDataFunction-gnWXPvL6jJyG:2022/11/10/[$LATEST]26b6a45d574f442ea28438923cbf7bf7");

    String key = "quarantine/ingest/dt=2018-12-17/shardId-000000000006/49590338271490256608559692540925702759324208523137515618.json";
    ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key));
    JsonNode document = json(object.asByteArray());
    assertThat(document.get("reason").asText()).isEqualTo("INVALID_GZIP");
    assertThat(document.get("payloadBytes").asInt()).isEqualTo(badGzip.length);
    assertThat(document.get("payloadSha256").asText()).isEqualTo(sha256(badGzip));
    assertThat(document.get("rawCopy").isNull()).isTrue();
    assertThat(object.response().contentType()).isEqualTo("application/json");
    assertThat(object.response().metadata())
        .containsEntry("reason", "INVALID_GZIP")
        .containsEntry("stage", "ingest")
        .containsEntry("stream", "lambda-stream")
        .containsEntry("shard-id", "shardId-000000000006")
        .containsEntry("sequence-number", "49590338271490256608559692540925702759324208523137515618")
        .containsEntry("sub-sequence-number", "0")
        .containsEntry("arrival-time", "2018-12-17T22:11:51.166Z")
        .containsEntry("payload-sha256", sha256(badGzip));

    List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(5))
        .messages();
    assertThat(messages).singleElement().satisfies(m -> {
      EventContract.assertValid(EventType.LogRecordsRejected, m.body());
      assertThat(json(m.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).get("data").get("quarantined")
          .get(0).get("key").asText()).isEqualTo(key);
    });
  }

  @Test
  void withTheOptInTheRawBytesGoToTheRawBucketAndTheArchiveHoldsOnlyTheMaskedDocument() {
    s3.createBucket(b -> b.bucket(RAW_BUCKET));
    IngestHandler withRaw = handler(RAW_BUCKET);
    byte[] binary = "\u0000 user bob.secret@example.com password=Tr0ub4dor-3\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    KinesisEvent event = oneRecord(binary, RAW_SEQ);

    StreamsEventResponse response = withRaw.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).isEmpty();
    String stem = "quarantine/ingest/dt=2018-12-17/shardId-000000000006/" + RAW_SEQ;
    ResponseBytes<GetObjectResponse> raw = s3.getObjectAsBytes(b -> b.bucket(RAW_BUCKET).key(stem + ".bin"));
    assertThat(raw.asByteArray()).isEqualTo(binary);
    assertThat(raw.response().contentType()).isEqualTo("application/octet-stream");
    assertThat(raw.response().metadata()).containsEntry("reason", "BINARY").containsEntry("payload-sha256", sha256(binary));
    ResponseBytes<GetObjectResponse> doc = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(stem + ".json"));
    assertThat(doc.asUtf8String()).doesNotContain("bob.secret@example.com", "Tr0ub4dor-3");
    JsonNode document = json(doc.asByteArray());
    assertThat(document.get("maskedPayload").asText()).isEqualTo("\u0000 user [EMAIL] password=[PASSWORD]\n");
    assertThat(document.get("rawCopy").get("bucket").asText()).isEqualTo(RAW_BUCKET);
    assertThat(document.get("rawCopy").get("key").asText()).isEqualTo(stem + ".bin");
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(stem)).contents()).extracting(o -> o.key())
        .containsExactly(stem + ".json");
  }

  @Test
  void whenTheRawCopyCannotBeStoredTheRecordIsRetriedAndNoDocumentNamesAMissingCopy() {
    IngestHandler withMissingBucket = handler("no-such-raw-bucket");
    KinesisEvent event = oneRecord(new byte[] {0, 1, 2, 3}, MISSING_SEQ);

    StreamsEventResponse response = withMissingBucket.handleRequest(event, new TestContext());

    assertThat(response.getBatchItemFailures()).singleElement()
        .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo(MISSING_SEQ));
    assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("quarantine/ingest/dt=2018-12-17/shardId-000000000006/"
        + MISSING_SEQ)).contents()).isEmpty();
  }

  private static final String RAW_BUCKET = "quarantine-raw";
  private static final String RAW_SEQ = "49590338271490256608559692538361571095921575989136580001";
  private static final String MISSING_SEQ = "49590338271490256608559692538361571095921575989136580002";

  private static IngestHandler handler(String rawBucket) {
    IngestConfig config = new IngestConfig(OUTPUT, BUCKET, "quarantine/", topicArn, 1024 * 1024, rawBucket, null);
    return new IngestHandler(config,
        new KinesisRecordWriter(kinesis, OUTPUT),
        new S3QuarantineStore(s3, BUCKET),
        // events stay out of the queue the first test reads
        new dev.eventpipeline.common.testing.RecordingEventPublisher());
  }

  /** The fixture's first record only, with these bytes and sequence number (nothing else is forwarded). */
  private static KinesisEvent oneRecord(byte[] data, String sequenceNumber) {
    KinesisEvent event = EventLoader.loadKinesisEvent("events/kinesisStreamEvent.json");
    event.setRecords(List.of(event.getRecords().get(0)));
    event.getRecords().get(0).getKinesis().setData(ByteBuffer.wrap(data));
    event.getRecords().get(0).getKinesis().setSequenceNumber(sequenceNumber);
    return event;
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Record> readStream() {
    String shardId = kinesis.listShards(b -> b.streamName(OUTPUT)).shards().get(0).shardId();
    String iterator = kinesis.getShardIterator(b -> b.streamName(OUTPUT).shardId(shardId)
        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < 5 && iterator != null; i++) {
      String current = iterator;
      var response = kinesis.getRecords(b -> b.shardIterator(current));
      out.addAll(response.records());
      iterator = response.records().isEmpty() ? null : response.nextShardIterator();
    }
    return out;
  }
}
