package dev.eventpipeline.local.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.testing.MotoServer;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.esm.MappingSpec;
import dev.eventpipeline.local.lambda.FunctionSpec;
import dev.eventpipeline.local.template.CfnTemplate;
import dev.eventpipeline.local.template.TemplateException;
import dev.eventpipeline.local.testfn.TestStacks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Provisioning the CDK's resource shapes into a real moto server. */
class ProvisionerTest {
  @TempDir
  static Path dir;
  static MotoServer moto;
  static LocalAws aws;
  static CfnTemplate template;
  static ProvisionedStack stack;
  static final List<String> log = new ArrayList<>();

  @BeforeAll
  static void provision() {
    moto = MotoServer.start();
    aws = new LocalAws(moto.endpoint(), "us-east-1");
    template = CfnTemplate.read(TestStacks.miniPipeline(dir.resolve("cdk.out")));
    stack = new Provisioner(template, aws, "EventPipeline", new AtomicInteger(45000)::getAndIncrement, log).provision();
    log.forEach(System.out::println);
  }

  @AfterAll
  static void stop() {
    aws.close();
    moto.close();
  }

  @Test
  void createsStreamsBucketsQueuesTopicsTablesAndSecretsWithLocalNames() {
    try (var kinesis = aws.kinesis(); var s3 = aws.s3(); var sqs = aws.sqs(); var ddb = aws.dynamoDb()) {
      String stream = stack.outputs().get("RawLogsStreamName");
      assertThat(stream).isEqualTo("EventPipeline-RawLogsStream");
      assertThat(kinesis.listShards(b -> b.streamName(stream)).shards()).hasSize(1);
      assertThat(s3.getBucketVersioning(b -> b.bucket(stack.outputs().get("UploadsBucketName"))).statusAsString())
          .isEqualTo("Enabled");
      var attributes = sqs.getQueueAttributes(b -> b.queueUrl(stack.outputs().get("JobsQueueUrl"))
          .attributeNames(QueueAttributeName.ALL)).attributes();
      assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("4");
      assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains("maxReceiveCount")
          .contains("EventPipeline-JobsDlq");
      var table = ddb.describeTable(b -> b.tableName("EventPipeline-SubscriptionsTable")).table();
      assertThat(table.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly("byEventType");
      assertThat(ddb.describeTimeToLive(b -> b.tableName(table.tableName())).timeToLiveDescription().attributeName())
          .isEqualTo("expiresAt");
    }
  }

  @Test
  void bucketNotificationsAreConfiguredWithLowercaseFilterRules() {
    try (var s3 = aws.s3()) {
      var config = s3.getBucketNotificationConfiguration(b -> b.bucket(stack.outputs().get("UploadsBucketName")));
      assertThat(config.queueConfigurations()).hasSize(1);
      assertThat(config.queueConfigurations().get(0).filter().key().filterRules().get(0).value()).isEqualTo("incoming/");
    }
  }

  @Test
  void subscriptionsCarryTheirFilterPolicyAndRawDelivery() throws Exception {
    try (var sns = aws.sns()) {
      var subs = sns.listSubscriptionsByTopic(b -> b.topicArn(stack.outputs().get("EventsTopicArn"))).subscriptions();
      assertThat(subs).hasSize(1);
      var attrs = sns.getSubscriptionAttributes(b -> b.subscriptionArn(subs.get(0).subscriptionArn())).attributes();
      assertThat(Json.MAPPER.readTree(attrs.get("FilterPolicy")).path("eventType").get(0).asText())
          .isEqualTo("ThumbnailCreated");
      assertThat(attrs.get("RawMessageDelivery")).isEqualTo("true");
    }
  }

  @Test
  void resolvesTheFunctionItsEnvironmentMappingsAndUrl() {
    assertThat(stack.functions()).hasSize(1);
    FunctionSpec fn = stack.functions().get(0);
    assertThat(fn.handler()).isEqualTo("dev.eventpipeline.local.testfn.TestFunction::handleRequest");
    assertThat(fn.memoryMb()).isEqualTo(256);
    assertThat(fn.asset().getFileName().toString()).isEqualTo("asset.0123456789abcdef.jar");
    assertThat(fn.environment()).containsEntry("STREAM_NAME", "EventPipeline-RawLogsStream")
        .containsEntry("BUCKET_ARN", "arn:aws:s3:::" + stack.outputs().get("UploadsBucketName"))
        .containsEntry("QUEUE_NAME", "EventPipeline-JobsQueue")
        .containsEntry("JOINED", "a-us-east-1-b")
        .containsEntry("SUBBED", "EventPipeline-RawLogsStream/123456789012/${Literal}")
        .doesNotContainKey("OPTIONAL");
    assertThat(fn.environment().get("SECRET_ARN")).startsWith("arn:aws:secretsmanager:us-east-1:123456789012:secret:");
    assertThat(stack.mappings()).extracting(MappingSpec::sourceKind)
        .containsExactlyInAnyOrder(MappingSpec.Kind.KINESIS, MappingSpec.Kind.SQS);
    MappingSpec kinesis = stack.mappings().stream().filter(m -> m.sourceKind() == MappingSpec.Kind.KINESIS)
        .findFirst().orElseThrow();
    assertThat(kinesis.onFailureArn()).endsWith(":EventPipeline-KinesisFailuresDlq");
    assertThat(kinesis.bisectOnError()).isTrue();
    assertThat(kinesis.reportBatchItemFailures()).isTrue();
    assertThat(stack.outputs().get("SubscriptionsApiUrl")).isEqualTo("http://127.0.0.1:45000/");
    assertThat(stack.ignored()).anyMatch(i -> i.startsWith("BucketNotificationsHandler050a0587b7544547bf325f094a3db8347ECC3691"))
        .anyMatch(i -> i.contains("AWS::IAM::Role")).noneMatch(i -> i.contains("AWS::CloudWatch::Alarm"));
  }

  @Test
  void alarmsExistInTheBackendAndRulesTargetTheirFunction() {
    var cloudWatch = aws.cloudWatchAlarms();
    String alarm = stack.resources().get("TestFnErrorsAlarm9F9F9F9F").name();
    assertThat(cloudWatch.describe(List.of(alarm))).singleElement().satisfies(a -> {
      assertThat(a.arn()).isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + alarm);
      assertThat(a.metrics()).singleElement().satisfies(m -> {
        assertThat(m.name()).isEqualTo("Errors");
        assertThat(m.dimensions()).containsEntry("FunctionName", stack.functions().get(0).name());
      });
    });
    cloudWatch.setState(alarm, "ALARM", "test");
    assertThat(cloudWatch.describe(List.of(alarm)).get(0).state()).isEqualTo("ALARM");
    assertThat(stack.rules()).singleElement().satisfies(rule -> {
      assertThat(rule.enabled()).isTrue();
      assertThat(rule.eventPattern().path("resources").get(0).asText())
          .isEqualTo("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + stack.resources().get("TestFnErrorsAlarm9F9F9F9F").name());
      assertThat(rule.targets()).singleElement().satisfies(t -> {
        assertThat(t.functionLogicalId()).isEqualTo(stack.functions().get(0).logicalId());
        assertThat(t.deadLetterArn()).endsWith(":EventPipeline-JobsDlq");
        assertThat(t.maximumRetryAttempts()).isEqualTo(4);
      });
    });
  }

  @Test
  void provisioningAgainIsIdempotentAndReusesEverything() {
    List<String> again = new ArrayList<>();
    ProvisionedStack second = new Provisioner(template, aws, "EventPipeline", () -> 45100, again).provision();

    assertThat(second.outputs()).containsAllEntriesOf(without(stack.outputs(), "SubscriptionsApiUrl"));
    assertThat(again).filteredOn(l -> l.contains("created") && !l.contains("Subscription")
        && !l.contains("Topic") && !l.contains("Lambda") && !l.contains("S3BucketNotifications")).isEmpty();
    assertThat(again).anyMatch(l -> l.contains("reused"));
    String secretArn = stack.functions().get(0).environment().get("SECRET_ARN");
    assertThat(second.functions().get(0).environment().get("SECRET_ARN")).isEqualTo(secretArn);
  }

  @Test
  void kmsKeysAreRealKeysFoundAgainByTheirAliasOnTheNextRun() {
    CfnTemplate keys = CfnTemplate.parse("{\"Resources\":{\"SecretsKey\":{\"Type\":\"AWS::KMS::Key\","
        + "\"Properties\":{\"EnableKeyRotation\":true,\"KeyPolicy\":{}}}},"
        + "\"Outputs\":{\"KeyId\":{\"Value\":{\"Ref\":\"SecretsKey\"}},"
        + "\"KeyArn\":{\"Value\":{\"Fn::GetAtt\":[\"SecretsKey\",\"Arn\"]}}}}", dir);
    ProvisionedStack first = new Provisioner(keys, aws, "Keys", () -> 45200, new ArrayList<>()).provision();
    String keyId = first.outputs().get("KeyId");
    assertThat(first.outputs().get("KeyArn")).startsWith("arn:aws:kms:us-east-1:").endsWith(":key/" + keyId);
    try (var kms = aws.kms()) {
      assertThat(kms.getKeyRotationStatus(b -> b.keyId(keyId)).keyRotationEnabled()).isTrue();
      var sealed = kms.encrypt(b -> b.keyId(first.outputs().get("KeyArn"))
          .plaintext(software.amazon.awssdk.core.SdkBytes.fromUtf8String("whsec_x"))).ciphertextBlob();
      assertThat(kms.decrypt(b -> b.ciphertextBlob(sealed)).plaintext().asUtf8String()).isEqualTo("whsec_x");
    }
    List<String> again = new ArrayList<>();
    ProvisionedStack second = new Provisioner(keys, aws, "Keys", () -> 45201, again).provision();
    assertThat(second.outputs().get("KeyId")).isEqualTo(keyId);
    assertThat(again).anyMatch(line -> line.contains("reused") && line.contains("KMS::Key"));
  }

  @Test
  void anUnknownResourceTypeIsAClearError() {
    CfnTemplate unknown = CfnTemplate.parse("{\"Resources\":{\"Db\":{\"Type\":\"AWS::RDS::DBInstance\"},"
        + "\"Q\":{\"Type\":\"AWS::SQS::Queue\"}}}", dir);
    assertThatThrownBy(() -> Provisioner.validate(unknown)).isInstanceOf(TemplateException.class)
        .hasMessageContaining("Db (AWS::RDS::DBInstance)");
  }

  private static java.util.Map<String, String> without(java.util.Map<String, String> m, String key) {
    java.util.Map<String, String> copy = new java.util.HashMap<>(m);
    copy.remove(key);
    return copy;
  }
}
