package dev.eventpipeline.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.cli.PipelineStackHook;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;
import dev.eventpipeline.local.testfn.TestStacks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.User;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local cloud on a hand-written stack in the CDK's shapes, driven with real SDK clients: moto on
 * a random free port, the test function in its own JVMs through the runtime interface client.
 */
class LocalCloudIT {
  @TempDir
  static Path home;
  static final ConsoleCapture console = new ConsoleCapture();
  static LocalCloud cloud;
  static Map<String, String> outputs;
  static KinesisClient kinesis;
  static SqsClient sqs;
  static S3Client s3;

  @BeforeAll
  static void start() throws IOException {
    Path template = TestStacks.miniPipeline(home.resolve("cdk.out"));
    LocalCloudOptions options = LocalCloudOptions.defaults(home, console.stream).with(o -> {
      o.hook = new PipelineStackHook(home);
      o.template = template;
      o.port = freePort();
    });
    cloud = new LocalCloud(options).start();
    outputs = cloud.outputs();
    kinesis = cloud.aws().kinesis();
    sqs = cloud.aws().sqs();
    s3 = cloud.aws().s3();
  }

  @AfterAll
  static void stop() {
    kinesis.close();
    sqs.close();
    s3.close();
    List<Long> children = cloud.childPids();
    cloud.close();
    assertThat(children).isNotEmpty();
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(children)
        .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse()));
    assertThat(home.resolve(".pipeline/outputs.json")).doesNotExist();
  }

  /** A port nothing listens on now (unchecked, so it fits in an options lambda). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void printsReadyAndPublishesTheOutputsWithTheEndpoint() throws IOException {
    assertThat(console.matching("Local cloud ready")).hasSize(1);
    JsonNode file = Json.MAPPER.readTree(home.resolve(".pipeline/outputs.json").toFile());
    assertThat(file.path("Endpoint").asText()).isEqualTo(cloud.endpoint().toString());
    assertThat(file.path("RawLogsStreamName").asText()).isEqualTo("EventPipeline-RawLogsStream");
    assertThat(file.path("SubscriptionsApiUrl").asText()).startsWith("http://127.0.0.1:");
    assertThat(console.matching("AuthType AWS_IAM: SigV4-signed requests only")).hasSize(1);
    assertThat(console.matching("kinesis put-record")).isNotEmpty();
  }

  @Test
  void aFunctionUrlTurnsRequestsIntoPayloadV2EventsAndReportsEachInvocation() throws Exception {
    HttpResponse<String> response = SignedRequests.send("POST",
        URI.create(outputs.get("SubscriptionsApiUrl") + "subscriptions?type=A&type=B"), "{\"url\":\"http://127.0.0.1:9/hook\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("x-test")).contains("yes");
    JsonNode event = Json.MAPPER.readTree(response.body());
    assertThat(event.path("version").asText()).isEqualTo("2.0");
    assertThat(event.path("rawPath").asText()).isEqualTo("/subscriptions");
    assertThat(event.path("queryStringParameters").path("type").asText()).isEqualTo("A,B");
    assertThat(event.path("requestContext").path("http").path("method").asText()).isEqualTo("POST");
    assertThat(event.path("body").asText()).isEqualTo("{\"url\":\"http://127.0.0.1:9/hook\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> !console.matching("REPORT RequestId:").isEmpty());
    assertThat(console.matching("REPORT RequestId:")).allSatisfy(l -> assertThat(l)
        .contains("Duration:").contains("Billed Duration:").contains("Memory Size: 256 MB").contains("Max Memory Used:"));
  }

  @Test
  void anIamUserCreatedOnTheLocalCloudCallsTheIamUrlAsThemselvesAndOthersGet403() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    URI url = URI.create(outputs.get("SubscriptionsApiUrl") + "subscriptions/" + run);
    User user;
    AccessKey key;
    try (IamClient iam = IamClient.builder().endpointOverride(cloud.endpoint()).region(Region.AWS_GLOBAL)
        .httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
      user = iam.createUser(b -> b.userName("it-user-" + run)).user();
      key = iam.createAccessKey(b -> b.userName(user.userName())).accessKey();
    }
    AwsBasicCredentials theirKeys = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());

    HttpResponse<String> asThemselves = SignedRequests.send("GET", url, null, theirKeys);

    assertThat(asThemselves.statusCode()).as(asThemselves.body()).isEqualTo(201);
    JsonNode context = Json.MAPPER.readTree(asThemselves.body()).path("requestContext");
    JsonNode iam = context.path("authorizer").path("iam");
    assertThat(iam.path("userArn").asText()).isEqualTo(user.arn()).endsWith(":user/it-user-" + run);
    assertThat(iam.path("userId").asText()).isEqualTo(user.userId());
    assertThat(iam.path("callerId").asText()).isEqualTo(user.userId());
    assertThat(iam.path("accessKey").asText()).isEqualTo(key.accessKeyId());
    assertThat(iam.path("accountId").asText()).isEqualTo("123456789012");
    assertThat(iam.has("cognitoIdentity") && iam.path("cognitoIdentity").isNull()).isTrue();
    assertThat(iam.has("principalOrgId") && iam.path("principalOrgId").isNull()).isTrue();
    assertThat(context.path("accountId").asText()).isEqualTo("123456789012");
    assertThat(asThemselves.body()).doesNotContain(key.secretAccessKey());

    HttpResponse<String> asRoot = SignedRequests.send("GET", url, null);
    assertThat(Json.MAPPER.readTree(asRoot.body()).path("requestContext").path("authorizer").path("iam")
        .path("userArn").asText()).isEqualTo("arn:aws:iam::123456789012:root");
    int invocations = console.matching("REPORT RequestId:").size();

    HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrongSecret = SignedRequests.send("GET", url, null,
        AwsBasicCredentials.create(key.accessKeyId(), "not-" + key.secretAccessKey()));
    HttpResponse<String> unknownKey = SignedRequests.send("GET", url, null,
        AwsBasicCredentials.create("AKIANOBODYISSUED0001", key.secretAccessKey()));
    for (HttpResponse<String> refused : List.of(unsigned, wrongSecret, unknownKey)) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(Json.MAPPER.readTree(refused.body()).path("Message").asText()).startsWith("Forbidden");
      assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("AccessDeniedException");
    }
    assertThat(console.matching("[function url]")).anySatisfy(l -> assertThat(l).contains("no Authorization header"))
        .anySatisfy(l -> assertThat(l).contains("signature does not match"))
        .anySatisfy(l -> assertThat(l).contains("AKIANOBODYISSUED0001").contains("not known"))
        .noneSatisfy(l -> assertThat(l).contains(key.secretAccessKey()));
    assertThat(console.matching("REPORT RequestId:")).as("the function never sees a refused request")
        .hasSize(invocations);
  }

  @Test
  void aKinesisPartialFailureCheckpointsBeforeTheFailedRecordRetriesThenSendsTheRestToOnFailure() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> seqs = put("ok-" + run + "-1", "ok-" + run + "-2", "fail-" + run + "-3", "ok-" + run + "-4");

    Message failure = awaitFailureRecord(seqs.get(2));
    JsonNode info = json(failure.body()).path("KinesisBatchInfo");
    assertThat(info.path("endSequenceNumber").asText()).isEqualTo(seqs.get(3));
    assertThat(json(failure.body()).path("requestContext").path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
    // ok-1 and ok-2 once each and before the failed record, which was tried 1 + MaximumRetryAttempts(1) times.
    assertThat(console.matching("processed ok-" + run)).hasSize(2);
    assertThat(console.matching("failed fail-" + run + "-3")).hasSize(2);
    assertThat(indexOf("processed ok-" + run + "-2")).isLessThan(indexOf("failed fail-" + run + "-3"));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(checkpoint()).isGreaterThanOrEqualTo(new java.math.BigInteger(seqs.get(3))));
  }

  @Test
  void aKinesisFunctionErrorBisectsTheBatchDownToThePoisonRecordAndKeepsTheRestInOrder() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> seqs = put("ok-" + run + "-a", "boom-" + run + "-b", "ok-" + run + "-c", "ok-" + run + "-d");

    Message failure = awaitFailureRecord(seqs.get(1));
    JsonNode info = json(failure.body()).path("KinesisBatchInfo");
    assertThat(info.path("endSequenceNumber").asText()).isEqualTo(seqs.get(1));
    assertThat(info.path("batchSize").asInt()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> !console.matching("processed ok-" + run + "-d").isEmpty());
    // Records after the poison record are handled exactly once, after it; the one before it is handled again
    // by every retried batch that still carries it (at least once, as on Lambda).
    assertThat(console.matching("processed ok-" + run + "-c")).hasSize(1);
    assertThat(console.matching("processed ok-" + run + "-d")).hasSize(1);
    assertThat(indexOf("processed ok-" + run + "-a")).isLessThan(indexOf("processed ok-" + run + "-c"));
    assertThat(indexOf("processed ok-" + run + "-c")).isLessThan(indexOf("processed ok-" + run + "-d"));
    assertThat(console.matching("bisecting a batch")).isNotEmpty();
  }

  @Test
  void sqsDeletesOnlyTheSuccessesAndReportedFailuresRedriveToTheDeadLetterQueue() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String queue = outputs.get("JobsQueueUrl");
    sqs.sendMessage(b -> b.queueUrl(queue).messageBody("ok-" + run));
    sqs.sendMessage(b -> b.queueUrl(queue).messageBody("fail-" + run));

    List<Message> dead = new ArrayList<>();
    await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() -> {
      dead.addAll(sqs.receiveMessage(b -> b.queueUrl(outputs.get("JobsDlqUrl")).maxNumberOfMessages(10)
          .waitTimeSeconds(1)).messages());
      return dead.stream().anyMatch(m -> m.body().equals("fail-" + run));
    });
    assertThat(dead).noneMatch(m -> m.body().equals("ok-" + run));
    assertThat(console.matching("processed ok-" + run)).hasSize(1);
    // maxReceiveCount 2: the failing message was handed to the function twice before the redrive.
    assertThat(console.matching("failed fail-" + run)).hasSize(2);
  }

  @Test
  void anInvocationPastItsTimeoutIsKilledAndTheNextOneIsAColdStart() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    sqs.sendMessage(b -> b.queueUrl(outputs.get("JobsQueueUrl")).messageBody("slow-" + run));

    await().atMost(Duration.ofSeconds(30)).until(() -> !console.matching("Task timed out after 3.00 seconds").isEmpty());
    // the REPORT line follows the timeout line (the process is killed in between)
    await().atMost(Duration.ofSeconds(10)).until(() -> !console.matching("Status: timeout").isEmpty());
    String after = "ok-" + run + "-after";
    sqs.sendMessage(b -> b.queueUrl(outputs.get("JobsQueueUrl")).messageBody(after));
    await().atMost(Duration.ofSeconds(30)).until(() -> !console.matching("processed " + after).isEmpty());
    assertThat(cloud.function("TestFn").stats().toJson().path("timeouts").asInt()).isPositive();
  }

  @Test
  void anUploadReachesTheFunctionThroughTheBucketNotificationAndTheQueue() {
    String key = "incoming/" + UUID.randomUUID() + ".txt";
    s3.putObject(b -> b.bucket(outputs.get("UploadsBucketName")).key(key), RequestBody.fromString("hello"));

    String encoded = key.replace("/", "%2F");
    await().atMost(Duration.ofSeconds(30)).until(() -> console.lines.stream()
        .anyMatch(l -> l.contains("processed") && (l.contains(key) || l.contains(encoded))));
  }

  @Test
  void statusJsonCarriesInvocationsAndTheKinesisCheckpoint() throws IOException {
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(home.resolve(".pipeline/status.json")));
    JsonNode status = Json.MAPPER.readTree(home.resolve(".pipeline/status.json").toFile());
    assertThat(status.path("functions").path("EventPipeline-TestFn").has("invocations")).isTrue();
    assertThat(status.path("mappings")).anySatisfy(m -> assertThat(m.path("kind").asText()).isEqualTo("kinesis"));
  }

  // ---- helpers

  private static List<String> put(String... data) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (String d : data) {
      entries.add(PutRecordsRequestEntry.builder().partitionKey("pk").data(SdkBytes.fromUtf8String(d)).build());
    }
    List<PutRecordsResultEntry> results = kinesis.putRecords(b -> b.streamName(outputs.get("RawLogsStreamName"))
        .records(entries)).records();
    return results.stream().map(PutRecordsResultEntry::sequenceNumber).toList();
  }

  private static final List<Message> failureRecords = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static Message awaitFailureRecord(String startSequenceNumber) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      synchronized (failureRecords) {
        failureRecords.addAll(sqs.receiveMessage(b -> b.queueUrl(outputs.get("KinesisFailuresDlqUrl"))
            .maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
      }
      return failureRecords.stream().anyMatch(m -> startSequenceNumber.equals(
          json(m.body()).path("KinesisBatchInfo").path("startSequenceNumber").asText()));
    });
    return failureRecords.stream().filter(m -> startSequenceNumber.equals(
        json(m.body()).path("KinesisBatchInfo").path("startSequenceNumber").asText())).findFirst().orElseThrow();
  }

  private static java.math.BigInteger checkpoint() {
    try (DynamoDbClient ddb = cloud.aws().dynamoDb()) {
      String table = ddb.listTables().tableNames().stream().filter(t -> t.startsWith("EventPipeline-TestFn-")
          && !t.contains("-WorkerMetricStats") && !t.contains("-CoordinatorState")).findFirst().orElseThrow();
      Map<String, AttributeValue> lease = ddb.getItem(b -> b.tableName(table)
          .key(Map.of("leaseKey", AttributeValue.fromS("shardId-000000000000")))).item();
      String cp = lease.get("checkpoint").s();
      return cp.chars().allMatch(Character::isDigit) ? new java.math.BigInteger(cp) : java.math.BigInteger.ZERO;
    }
  }

  private static int indexOf(String fragment) {
    for (int i = 0; i < console.lines.size(); i++) {
      if (console.lines.get(i).contains(fragment)) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode json(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
