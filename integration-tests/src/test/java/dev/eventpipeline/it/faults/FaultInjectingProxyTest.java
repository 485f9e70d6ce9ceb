package dev.eventpipeline.it.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.it.faults.FaultInjectingProxy.Kind;
import dev.eventpipeline.it.faults.FaultInjectingProxy.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The proxy against a real moto server, driven by the SDK clients the local cloud and the functions use. */
class FaultInjectingProxyTest {
  static MotoServer moto;
  static FaultInjectingProxy proxy;
  static LocalAws viaProxy;
  static LocalAws direct;
  static S3Client s3;
  static SqsClient sqs;
  static SnsClient sns;
  static KinesisClient kinesis;
  static DynamoDbClient dynamoDb;
  static S3Client directS3;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start().configureSdkSystemProperties();
    proxy = FaultInjectingProxy.start(moto.endpoint(), 0);
    viaProxy = new LocalAws(proxy.endpoint(), "us-east-1");
    direct = new LocalAws(moto.endpoint(), "us-east-1");
    s3 = viaProxy.s3();
    sqs = viaProxy.sqs();
    sns = viaProxy.sns();
    kinesis = viaProxy.kinesis();
    dynamoDb = viaProxy.dynamoDb();
    directS3 = direct.s3();
  }

  @AfterEach
  void clear() {
    proxy.clearFaults();
    proxy.resetCounts();
  }

  @AfterAll
  static void stop() {
    s3.close();
    sqs.close();
    sns.close();
    kinesis.close();
    dynamoDb.close();
    directS3.close();
    viaProxy.close();
    direct.close();
    proxy.close();
    moto.close();
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void forwardsS3SqsSnsKinesisAndDynamoDbCallsUnchangedAndCountsThemPerService() throws Exception {
    String bucket = unique("bucket");
    s3.createBucket(b -> b.bucket(bucket));
    s3.putObject(b -> b.bucket(bucket).key("dir/a b+c.txt"), RequestBody.fromString("hello proxy"));
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/a b+c.txt")).asUtf8String()).isEqualTo("hello proxy");
    assertThat(s3.headObject(b -> b.bucket(bucket).key("dir/a b+c.txt")).contentLength()).isEqualTo(11L);
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);

    String queue = sqs.createQueue(b -> b.queueName(unique("queue"))).queueUrl();
    sqs.sendMessage(b -> b.queueUrl(queue).messageBody("{\"a\":1}"));
    assertThat(sqs.receiveMessage(b -> b.queueUrl(queue).waitTimeSeconds(1)).messages())
        .singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{\"a\":1}"));

    String topic = sns.createTopic(b -> b.name(unique("topic"))).topicArn();
    assertThat(sns.publish(b -> b.topicArn(topic).message("hi")).messageId()).isNotBlank();

    String stream = createStream();
    String seq = kinesis.putRecord(b -> b.streamName(stream).partitionKey("pk").data(SdkBytes.fromUtf8String("r1")))
        .sequenceNumber();
    String shard = kinesis.listShards(b -> b.streamName(stream)).shards().get(0).shardId();
    String iterator = kinesis.getShardIterator(b -> b.streamName(stream).shardId(shard)
        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).startingSequenceNumber(seq)).shardIterator();
    assertThat(kinesis.getRecords(b -> b.shardIterator(iterator)).records())
        .singleElement().satisfies(r -> assertThat(r.data().asUtf8String()).isEqualTo("r1"));

    assertThat(dynamoDb.listTables().tableNames()).isNotNull();

    for (String service : new String[] {"s3", "sqs", "sns", "kinesis", "dynamodb"}) {
      assertThat(proxy.forwardedCount(service)).as(service).isPositive();
      assertThat(proxy.injectedCount(service)).as(service).isZero();
    }
  }

  @Test
  void everyCallFailingShowsTheSdkARetryableServerErrorOfTheServicesOwnShape() {
    String bucket = unique("bucket");
    s3.createBucket(b -> b.bucket(bucket));
    String queue = sqs.createQueue(b -> b.queueName(unique("queue"))).queueUrl();
    String stream = createStream();
    proxy.inject("s3", 1.0, Kind.INTERNAL_ERROR, Duration.ofMinutes(1))
        .inject("sqs", 1.0, Kind.UNAVAILABLE, Duration.ofMinutes(1))
        .inject("kinesis", 1.0, Kind.INTERNAL_ERROR, Duration.ofMinutes(1))
        .inject("sns", 1.0, Kind.UNAVAILABLE, Duration.ofMinutes(1))
        .inject("dynamodb", 1.0, Kind.INTERNAL_ERROR, Duration.ofMinutes(1));

    assertServiceError(() -> s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x")), 500,
        "InternalError");
    assertServiceError(() -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("x")), 503, "ServiceUnavailable");
    assertServiceError(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("p")
        .data(SdkBytes.fromUtf8String("x"))), 500, "InternalFailure");
    assertServiceError(() -> sns.listTopics(), 503, "ServiceUnavailable");
    assertServiceError(() -> dynamoDb.listTables(), 500, "InternalError");
    // The SDK retried each call: every attempt was answered by the proxy.
    assertThat(proxy.injectedCount("s3")).isGreaterThan(1);
    assertThat(proxy.injectedCount("kinesis")).isGreaterThan(1);
    assertThat(directS3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
  }

  @Test
  void throttlingIsClassifiedAsThrottlingBySdkForEachProtocol() {
    String bucket = unique("bucket");
    s3.createBucket(b -> b.bucket(bucket));
    String stream = createStream();
    String queue = sqs.createQueue(b -> b.queueName(unique("queue"))).queueUrl();
    proxy.inject("*", 1.0, Kind.THROTTLING, Duration.ofMinutes(1));

    // Without retries: the SDK backs off throttling for seconds per attempt; one attempt shows the classification.
    try (S3Client s3 = noRetry(S3Client.builder().forcePathStyle(true));
         KinesisClient kinesis = noRetry(KinesisClient.builder());
         SqsClient sqs = noRetry(SqsClient.builder());
         SnsClient sns = noRetry(SnsClient.builder());
         DynamoDbClient dynamoDb = noRetry(DynamoDbClient.builder())) {
      assertThrottled(() -> s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x")), "SlowDown");
      assertThrottled(() -> kinesis.putRecord(b -> b.streamName(stream).partitionKey("p")
          .data(SdkBytes.fromUtf8String("x"))), "ProvisionedThroughputExceededException");
      assertThrottled(() -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("x")), "ThrottlingException");
      assertThrottled(() -> sns.listTopics(), "Throttling");
      assertThrottled(() -> dynamoDb.listTables(), "ThrottlingException");
    }
    assertThat(proxy.injectedCount()).isEqualTo(5);
  }

  @Test
  void failingAttemptsAreRetriedByTheSdkAndTheCallSucceeds() {
    String bucket = unique("bucket");
    s3.createBucket(b -> b.bucket(bucket));
    proxy.inject(new Rule("s3", "PUT /" + bucket + "/", 1.0, Kind.UNAVAILABLE, null, Instant.now().plusSeconds(60), 2));

    s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));

    assertThat(proxy.injectedCount("s3")).isEqualTo(2);
    assertThat(directS3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
  }

  /**
   * The SDK's retries absorb a steady share of failing attempts. Its default retry budget is switched off
   * here: since SDK 2.5x (retries 2.1) a retry after a non-throttling error costs 14 of the client's 500
   * tokens, so 150 calls at a 30 % failure rate spend the budget (the circuit breaker), after which failures
   * reach the caller on their first attempt: the SDK's intended behaviour, not the proxy's rate under test.
   */
  @Test
  void aShareOfAttemptsFailsAtAboutThatRateAndTheSdkAbsorbsAlmostAll() {
    proxy.inject("sqs", 0.3, Kind.INTERNAL_ERROR, Duration.ofMinutes(1));
    int calls = 150;
    int failedCalls = 0;
    try (SqsClient unbudgeted = viaProxy(SqsClient.builder(),
        AwsRetryStrategy.standardRetryStrategy().toBuilder().circuitBreakerEnabled(false).build())) {
      for (int i = 0; i < calls; i++) {
        try {
          unbudgeted.listQueues();
        } catch (AwsServiceException e) {
          failedCalls++; // every attempt failed: 0.3^attempts of the calls (3 attempts: about 4 of 150)
        }
      }
    }
    double rate = (double) proxy.injectedCount("sqs") / (proxy.injectedCount("sqs") + proxy.forwardedCount("sqs"));
    assertThat(rate).isBetween(0.2, 0.4);
    assertThat(failedCalls).isLessThanOrEqualTo(10);
  }

  @Test
  void aRuleNarrowedToOneBucketLeavesOtherBucketsAloneAndStopsAtItsLimitAndExpiry() {
    String failing = unique("failing");
    String healthy = unique("healthy");
    s3.createBucket(b -> b.bucket(failing));
    s3.createBucket(b -> b.bucket(healthy));
    proxy.inject(new Rule("s3", "PUT /" + failing + "/", 1.0, Kind.INTERNAL_ERROR, null,
        Instant.now().plusSeconds(60), 4));

    s3.putObject(b -> b.bucket(healthy).key("k"), RequestBody.fromString("x"));
    assertThatThrownBy(() -> s3.putObject(b -> b.bucket(failing).key("k1"), RequestBody.fromString("x")))
        .isInstanceOf(AwsServiceException.class);
    // Every attempt of k1 failed: the limit of 4 is spent after at most one more, and k2 goes through.
    s3.putObject(b -> b.bucket(failing).key("k2"), RequestBody.fromString("x"));
    assertThat(proxy.injectedCount("s3")).isEqualTo(4);
    assertThat(directS3.listObjectsV2(b -> b.bucket(failing)).contents()).extracting(o -> o.key())
        .containsExactly("k2");

    proxy.inject(new Rule("s3", null, 1.0, Kind.INTERNAL_ERROR, null, Instant.now().minusSeconds(1), -1));
    s3.putObject(b -> b.bucket(healthy).key("after-expiry"), RequestBody.fromString("x"));
  }

  @Test
  void latencyDelaysTheMatchingCallsThenForwardsThem() {
    String bucket = unique("bucket");
    s3.createBucket(b -> b.bucket(bucket));
    proxy.delay("s3", "PUT /" + bucket + "/slow", 1.0, Duration.ofMillis(1500), Duration.ofMinutes(1), 1);

    long start = System.nanoTime();
    s3.putObject(b -> b.bucket(bucket).key("slow"), RequestBody.fromString("x"));
    long slowMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    start = System.nanoTime();
    s3.putObject(b -> b.bucket(bucket).key("slow"), RequestBody.fromString("y"));
    long fastMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(slowMillis).isGreaterThanOrEqualTo(1500);
    assertThat(fastMillis).isLessThan(1500);
    assertThat(directS3.getObjectAsBytes(b -> b.bucket(bucket).key("slow")).asUtf8String()).isEqualTo("y");
  }

  @Test
  void aHeldCallWaitsUntilReleasedAndIsThenForwarded() throws Exception {
    String bucket = unique("bucket");
    s3.createBucket(b -> b.bucket(bucket));
    FaultInjectingProxy.Hold hold = proxy.hold("s3", "PUT /" + bucket + "/held", 1);

    CompletableFuture<Void> put = CompletableFuture.runAsync(() ->
        s3.putObject(b -> b.bucket(bucket).key("held"), RequestBody.fromString("x")));
    assertThat(hold.awaitHeld(Duration.ofSeconds(10))).isTrue();
    Thread.sleep(300);
    assertThat(put).isNotDone();
    assertThat(directS3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();

    hold.release();
    put.get(10, TimeUnit.SECONDS);
    assertThat(directS3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
  }

  @Test
  void aDroppedCallFailsItsAttemptAndOnlyTheSdksRetryReachesTheBackend() throws Exception {
    String bucket = unique("bucket");
    s3.createBucket(b -> b.bucket(bucket));
    FaultInjectingProxy.Hold hold = proxy.hold("s3", "PUT /" + bucket + "/dropped", 1);

    CompletableFuture<Void> put = CompletableFuture.runAsync(() ->
        s3.putObject(b -> b.bucket(bucket).key("dropped"), RequestBody.fromString("x")));
    assertThat(hold.awaitHeld(Duration.ofSeconds(10))).isTrue();
    hold.drop();
    // The SDK sees the connection close and retries; the retry is not held and goes through.
    put.get(30, TimeUnit.SECONDS);
    assertThat(hold.held()).isEqualTo(1);
    assertThat(proxy.forwardedCount("s3")).isEqualTo(2); // createBucket and the retry
    assertThat(directS3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
  }

  @Test
  void aPutRecordsIsHeldByItsStreamNameEvenWhenItsRecordsFillTheStartOfTheBody() throws Exception {
    String held = createStream();
    String other = createStream();
    FaultInjectingProxy.Hold hold = proxy.hold("kinesis", held, 1);
    // the JSON body lists Records before StreamName: 20 records of 1 KB push the name past its first 2 KB
    java.util.List<software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry> entries =
        java.util.stream.IntStream.range(0, 20).mapToObj(i -> software.amazon.awssdk.services.kinesis.model
            .PutRecordsRequestEntry.builder().partitionKey("pk").data(SdkBytes.fromUtf8String("x".repeat(1024)))
            .build()).toList();

    kinesis.putRecords(b -> b.streamName(other).records(entries));
    assertThat(hold.held()).as("a PutRecords to another stream").isZero();
    CompletableFuture<Void> put = CompletableFuture.runAsync(() ->
        kinesis.putRecords(b -> b.streamName(held).records(entries)));

    assertThat(hold.awaitHeld(Duration.ofSeconds(10))).isTrue();
    assertThat(put).isNotDone();
    hold.release();
    put.get(10, TimeUnit.SECONDS);
  }

  @Test
  void findsTheServiceInTheCredentialScopeOfHeadersAndPresignedUrls() {
    com.sun.net.httpserver.Headers headers = new com.sun.net.httpserver.Headers();
    headers.add("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261123/us-east-1/kinesis/aws4_request, "
        + "SignedHeaders=host, Signature=abc");
    assertThat(FaultInjectingProxy.serviceOf(headers, null)).isEqualTo("kinesis");
    assertThat(FaultInjectingProxy.serviceOf(new com.sun.net.httpserver.Headers(),
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=testing%2F20261123%2Fus-east-1%2Fs3%2Faws4_request"))
        .isEqualTo("s3");
    assertThat(FaultInjectingProxy.serviceOf(new com.sun.net.httpserver.Headers(), null)).isEqualTo("unknown");
  }

  private static String createStream() {
    String stream = unique("stream");
    kinesis.createStream(b -> b.streamName(stream).shardCount(1));
    Instant deadline = Instant.now().plusSeconds(30);
    while (kinesis.describeStreamSummary(b -> b.streamName(stream)).streamDescriptionSummary().streamStatus()
        != StreamStatus.ACTIVE && Instant.now().isBefore(deadline)) {
      Thread.onSpinWait();
    }
    return stream;
  }

  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C noRetry(B builder) {
    return viaProxy(builder, AwsRetryStrategy.doNotRetry());
  }

  /** A client of the proxy with its own retry strategy. */
  private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C viaProxy(B builder,
      software.amazon.awssdk.retries.api.RetryStrategy retries) {
    return builder.endpointOverride(proxy.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(retries)).build();
  }

  private static void assertServiceError(Runnable call, int status, String code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    });
  }

  private static void assertThrottled(Runnable call, String code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
      assertThat(e.isThrottlingException()).as(code).isTrue();
    });
  }
}
