package dev.eventpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.infra.config.FunctionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The synthesized EventPipeline template with the default settings, resource by resource. */
class EventPipelineStackTest {
  private static EventPipelineApp.Synthesis synth;
  private static Template template;
  private static Map<String, Map<String, Object>> resources;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void synthesizeOnce() {
    synth = TestSynthesis.defaults();
    template = Template.fromStack(synth.stack());
    resources = (Map<String, Map<String, Object>>) (Map<?, ?>) template.toJSON().get("Resources");
  }

  private static Map<String, Object> ref(String logicalId) {
    return Map.of("Ref", logicalId);
  }

  private static Map<String, Object> arnOf(String logicalId) {
    return Map.of("Fn::GetAtt", List.of(logicalId, "Arn"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(String logicalId) {
    Map<String, Object> resource = resources.get(logicalId);
    assertThat(resource).as("resource %s", logicalId).isNotNull();
    return (Map<String, Object>) resource.get("Properties");
  }

  // --- synthesis ---

  @Test
  void synthesizesOneStackNamedEventPipelineInTheDefaultAccountAndRegion() throws Exception {
    try (var files = Files.list(synth.outdir())) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".template.json")))
          .containsExactly("EventPipeline.template.json");
    }
    assertThat(synth.stack().getStackName()).isEqualTo("EventPipeline");
    assertThat(synth.stack().getAccount()).isEqualTo(EventPipelineApp.DEFAULT_ACCOUNT);
    assertThat(synth.stack().getRegion()).isEqualTo(EventPipelineApp.DEFAULT_REGION);
  }

  @Test
  void cdkNagReportsNoUnsuppressedFinding() {
    assertThat(synth.blocking()).as("unsuppressed nag findings and CDK errors").isEmpty();
  }

  @Test
  void everyNagSuppressionCarriesAWrittenReason() {
    Map<String, Object> json = template.toJSON();
    List<String> reasons = new ArrayList<>();
    collectSuppressionReasons(json, reasons);
    assertThat(reasons).isNotEmpty();
    assertThat(reasons).allSatisfy(r -> assertThat(r.trim()).hasSizeGreaterThan(40));
  }

  @SuppressWarnings("unchecked")
  private static void collectSuppressionReasons(Object node, List<String> reasons) {
    if (node instanceof Map<?, ?> map) {
      Object nag = map.get("cdk_nag");
      if (nag instanceof Map<?, ?> n && n.get("rules_to_suppress") instanceof List<?> rules) {
        for (Object rule : rules) {
          reasons.add(String.valueOf(((Map<String, Object>) rule).get("reason")));
        }
      }
      map.values().forEach(v -> collectSuppressionReasons(v, reasons));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectSuppressionReasons(v, reasons));
    }
  }

  @Test
  void noCdkWarningIsLeftUnacknowledged() {
    assertThat(synth.annotations()).as("CDK and nag annotations").isEmpty();
  }

  // --- functions ---

  @ParameterizedTest
  @EnumSource(FunctionId.class)
  void everyFunctionRunsJava21OnArmWithItsSettingsTracingJsonLogsAndSnapStart(FunctionId id) {
    var s = synth.settings().function(id);
    template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Handler", id.handler(),
        "Runtime", "java21",
        "Architectures", List.of("arm64"),
        "MemorySize", s.memoryMiB(),
        "Timeout", s.timeoutSeconds(),
        "TracingConfig", Map.of("Mode", "Active"),
        "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
        "LoggingConfig", Map.of(
            "LogFormat", "JSON",
            "ApplicationLogLevel", "INFO",
            "SystemLogLevel", "WARN",
            "LogGroup", ref(id.logicalName() + "LogGroup")))));
    assertThat(properties(id.logicalName() + "Function")).containsEntry("Handler", id.handler());
  }

  @ParameterizedTest
  @EnumSource(FunctionId.class)
  void everyFunctionHasItsOwnLogGroupWithRetention(FunctionId id) {
    assertThat(properties(id.logicalName() + "LogGroup")).containsEntry("RetentionInDays", 30);
  }

  @ParameterizedTest
  @EnumSource(FunctionId.class)
  void everyFunctionHasALiveAliasOnAPublishedVersion(FunctionId id) {
    Capture version = new Capture();
    template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
        "Name", "live",
        "FunctionName", ref(id.logicalName() + "Function"),
        "FunctionVersion", Map.of("Fn::GetAtt", List.of(version, "Version"))));
    assertThat(resources.get(version.asString())).containsEntry("Type", "AWS::Lambda::Version");
  }

  @Test
  void functionsAndVersionsAndAliasesAreEightEachPlusTheCdkNotificationHandlerAndTriggerProvider() {
    template.resourceCountIs("AWS::Lambda::Function", 10);
    template.resourceCountIs("AWS::Lambda::Version", 8);
    template.resourceCountIs("AWS::Lambda::Alias", 8);
    template.resourceCountIs("AWS::Logs::LogGroup", 8);
  }

  @ParameterizedTest
  @EnumSource(FunctionId.class)
  void everyFunctionPointsAtItsModulesStagedPackageInTheAssetMetadata(FunctionId id) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) resources.get(id.logicalName() + "Function").get("Metadata");
    assertThat(metadata).containsEntry("aws:asset:property", "Code");
    Path staged = synth.outdir().resolve(String.valueOf(metadata.get("aws:asset:path")));
    assertThat(staged.getFileName().toString()).startsWith("asset.").endsWith(".zip");
    Path source = TestSynthesis.standInRepository().resolve(id.artifactPath());
    assertThat(Files.mismatch(staged, source)).as("staged copy of %s", id.artifactPath()).isEqualTo(-1L);
  }

  @Test
  void notifyAndTheSubscriptionApiShareTheNotifyArtifact() {
    assertThat(((Map<?, ?>) resources.get("NotifyFunction").get("Metadata")).get("aws:asset:path"))
        .isEqualTo(((Map<?, ?>) resources.get("SubscriptionsApiFunction").get("Metadata")).get("aws:asset:path"));
  }

  @Test
  void environmentOfEveryFunctionIsWiredFromConstructAttributes() {
    String ns = "EventPipeline";
    expectEnvironment(FunctionId.INGEST, Map.of(
        "OUTPUT_STREAM_NAME", ref("NormalizedLogsStream"),
        "QUARANTINE_BUCKET", ref("ArchiveBucket"),
        "QUARANTINE_PREFIX", "quarantine/",
        "EVENTS_TOPIC_ARN", ref("EventsTopic"),
        "METRICS_NAMESPACE", ns));
    expectEnvironment(FunctionId.ENRICH, Map.of(
        "OUTPUT_STREAM_NAME", ref("EnrichedLogsStream"),
        "ENVIRONMENT_NAME", "prod",
        "PIPELINE_VERSION", synth.settings().pipelineVersion(),
        "CATALOG_BUCKET", ref("ReferenceDataBucket"),
        "CATALOG_KEY", "catalog.json",
        "METRICS_NAMESPACE", ns));
    expectEnvironment(FunctionId.MASK, Map.of(
        "ARCHIVE_BUCKET", ref("ArchiveBucket"),
        "ARCHIVE_PREFIX", "logs/",
        "QUARANTINE_PREFIX", "quarantine/",
        "EVENTS_TOPIC_ARN", ref("EventsTopic"),
        "MASK_HASH_KEY_SECRET_ARN", ref("MaskHashKeySecret"),
        "METRICS_NAMESPACE", ns));
    expectEnvironment(FunctionId.THUMBNAIL, Map.of(
        "THUMBNAILS_BUCKET", ref("ThumbnailsBucket"),
        "EVENTS_TOPIC_ARN", ref("EventsTopic"),
        "THUMBNAIL_SIZES", "128,256,512",
        "METRICS_NAMESPACE", ns));
    expectEnvironment(FunctionId.NOTIFY, Map.of(
        "SUBSCRIPTIONS_TABLE", ref("SubscriptionsTable"),
        "DELIVERIES_TABLE", ref("DeliveriesTable"),
        "WEBHOOK_ALLOWED_PORTS", "80,443,8080,8443",
        "SUBSCRIPTIONS_KEY_ID", Map.of("Fn::GetAtt", List.of("WebhookSecretsKey", "Arn")),
        "METRICS_NAMESPACE", ns));
    expectEnvironment(FunctionId.SUBSCRIPTIONS_API, Map.of(
        "SUBSCRIPTIONS_TABLE", ref("SubscriptionsTable"),
        "WEBHOOK_ALLOWED_PORTS", "80,443,8080,8443",
        "SUBSCRIPTIONS_KEY_ID", Map.of("Fn::GetAtt", List.of("WebhookSecretsKey", "Arn")),
        "METRICS_NAMESPACE", ns));
  }

  private static void expectEnvironment(FunctionId id, Map<String, Object> variables) {
    template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Handler", id.handler(),
        "Environment", Map.of("Variables", Match.objectEquals(variables)))));
  }

  @Test
  void reservedConcurrencyProtectsWebhookReceiversAndTheApiOnly() {
    assertThat(properties("NotifyFunction")).containsEntry("ReservedConcurrentExecutions", 5);
    assertThat(properties("SubscriptionsApiFunction")).containsEntry("ReservedConcurrentExecutions", 5);
    for (String fn : List.of("Ingest", "Enrich", "Mask", "Thumbnail")) {
      assertThat(properties(fn + "Function")).doesNotContainKey("ReservedConcurrentExecutions");
    }
  }

  @Test
  void subscriptionApiIsServedOnTheLiveAliasWithIamAuth() {
    template.resourceCountIs("AWS::Lambda::Url", 1);
    template.hasResourceProperties("AWS::Lambda::Url", Map.of(
        "AuthType", "AWS_IAM",
        "Qualifier", "live",
        "TargetFunctionArn", arnOf("SubscriptionsApiFunction")));
  }

  // --- event sources ---

  @Test
  void kinesisMappingsTargetTheLiveAliasesWithPartialBatchResponsesBisectRetriesAgeAndOnFailureQueues() {
    Map<String, String[]> kinesis = Map.of(
        "Ingest", new String[] {"RawLogsStream", "IngestDlq"},
        "Enrich", new String[] {"NormalizedLogsStream", "EnrichDlq"},
        "Mask", new String[] {"EnrichedLogsStream", "MaskDlq"});
    kinesis.forEach((fn, wiring) -> {
      var s = synth.settings().function(FunctionId.valueOf(fn.toUpperCase()));
      assertThat(properties(fn + "EventSourceMapping")).containsAllEntriesOf(Map.of(
          "EventSourceArn", arnOf(wiring[0]),
          "StartingPosition", "TRIM_HORIZON",
          "BatchSize", s.batchSize(),
          "MaximumBatchingWindowInSeconds", s.batchingWindowSeconds(),
          "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
          "BisectBatchOnFunctionError", true,
          "MaximumRetryAttempts", 10,
          "MaximumRecordAgeInSeconds", 21600,
          "ParallelizationFactor", 1,
          "DestinationConfig", Map.of("OnFailure", Map.of("Destination", arnOf(wiring[1])))));
      assertTargetsLiveAlias(fn);
    });
  }

  @Test
  void sqsMappingsTargetTheLiveAliasesWithPartialBatchResponsesAndMaximumConcurrency() {
    assertThat(properties("ThumbnailEventSourceMapping")).containsAllEntriesOf(Map.of(
        "EventSourceArn", arnOf("ThumbnailJobsQueue"),
        "BatchSize", 5,
        "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
        "ScalingConfig", Map.of("MaximumConcurrency", 10)));
    assertThat(properties("NotifyEventSourceMapping")).containsAllEntriesOf(Map.of(
        "EventSourceArn", arnOf("NotifyEventsQueue"),
        "BatchSize", 10,
        "MaximumBatchingWindowInSeconds", 1,
        "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
        "ScalingConfig", Map.of("MaximumConcurrency", 5)));
    assertTargetsLiveAlias("Thumbnail");
    assertTargetsLiveAlias("Notify");
  }

  @Test
  void everyEventSourceMappingReportsBatchItemFailures() {
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", 5);
    template.allResourcesProperties("AWS::Lambda::EventSourceMapping", Match.objectLike(Map.of(
        "FunctionResponseTypes", Match.arrayWith(List.of("ReportBatchItemFailures")))));
  }

  private static void assertTargetsLiveAlias(String fn) {
    // The CDK names the alias "<function name>:live", the function name taken from the alias ARN.
    assertThat(properties(fn + "EventSourceMapping")).containsEntry("FunctionName", Map.of(
        "Fn::Join", List.of("", List.of(
            Map.of("Fn::Select", List.of(6, Map.of("Fn::Split", List.of(":", ref(fn + "LiveAlias"))))),
            ":live"))));
  }

  // --- queues ---

  @Test
  void workQueuesRedriveToTheirDlqAfterMaxReceiveCountWithVisibilityOfSixConsumerTimeouts() {
    var thumbnail = synth.settings().function(FunctionId.THUMBNAIL);
    var notify = synth.settings().function(FunctionId.NOTIFY);
    assertThat(properties("ThumbnailJobsQueue")).containsEntry("RedrivePolicy", Map.of(
        "deadLetterTargetArn", arnOf("ThumbnailJobsDlq"), "maxReceiveCount", 5));
    assertThat(properties("NotifyEventsQueue")).containsEntry("RedrivePolicy", Map.of(
        "deadLetterTargetArn", arnOf("NotifyEventsDlq"), "maxReceiveCount", 5));
    assertThat((Integer) properties("ThumbnailJobsQueue").get("VisibilityTimeout"))
        .isGreaterThanOrEqualTo(6 * thumbnail.timeoutSeconds() + thumbnail.batchingWindowSeconds());
    assertThat((Integer) properties("NotifyEventsQueue").get("VisibilityTimeout"))
        .isGreaterThanOrEqualTo(6 * notify.timeoutSeconds() + notify.batchingWindowSeconds());
  }

  @Test
  void deadLetterAndOnFailureQueuesKeepMessagesFourteenDays() {
    for (String dlq : synth.stack().deadLetterQueues().keySet()) {
      assertThat(properties(dlq)).containsEntry("MessageRetentionPeriod", 1209600);
    }
    assertThat(synth.stack().deadLetterQueues().keySet()).containsExactlyInAnyOrder(
        "IngestDlq", "EnrichDlq", "MaskDlq", "ThumbnailJobsDlq", "NotifyEventsDlq", "NotifySubscriptionDlq",
        "RemediateDlq");
    template.resourceCountIs("AWS::SQS::Queue", 9);
  }

  @Test
  void notifyEventsIsSubscribedToThePipelineEventsTopicWithRawDeliveryAndADlq() {
    template.resourceCountIs("AWS::SNS::Subscription", 1);
    assertThat(properties("NotifyEventsSubscription")).containsAllEntriesOf(Map.of(
        "Protocol", "sqs",
        "TopicArn", ref("EventsTopic"),
        "Endpoint", arnOf("NotifyEventsQueue"),
        "RawMessageDelivery", true,
        "RedrivePolicy", Map.of("deadLetterTargetArn", arnOf("NotifySubscriptionDlq"))));
  }

  @Test
  void uploadsNotifyTheThumbnailJobsQueueOnObjectCreated() {
    template.resourceCountIs("Custom::S3BucketNotifications", 1);
    assertThat(properties("UploadsBucketNotifications")).containsEntry("BucketName", ref("UploadsBucket"));
    template.hasResourceProperties("Custom::S3BucketNotifications", Match.objectLike(Map.of(
        "NotificationConfiguration", Map.of("QueueConfigurations", List.of(Map.of(
            "Events", List.of("s3:ObjectCreated:*"),
            "QueueArn", arnOf("ThumbnailJobsQueue")))))));
  }

  // --- encryption and TLS ---

  @Test
  void everyDataResourceIsEncryptedAtRest() {
    template.allResourcesProperties("AWS::Kinesis::Stream", Match.objectLike(Map.of(
        "StreamEncryption", Map.of("EncryptionType", "KMS", "KeyId", "alias/aws/kinesis"))));
    template.allResourcesProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
            "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))))));
    template.allResourcesProperties("AWS::SQS::Queue", Match.objectLike(Map.of("SqsManagedSseEnabled", true)));
    template.allResourcesProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
        "SSESpecification", Map.of("SSEEnabled", true))));
    template.hasResourceProperties("AWS::SNS::Topic", Map.of(
        "DisplayName", Match.stringLikeRegexp("events"), "KmsMasterKeyId", "alias/aws/sns"));
    template.hasResourceProperties("AWS::SNS::Topic", Match.objectLike(Map.of(
        "KmsMasterKeyId", arnOf("AlarmTopicKey"))));
    template.hasResourceProperties("AWS::KMS::Key", Match.objectLike(Map.of("EnableKeyRotation", true)));
  }

  @Test
  void everyBucketQueueAndTopicRefusesRequestsWithoutTls() {
    Map<String, Object> insecureDenied = Map.of(
        "Effect", "Deny",
        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
    Set<Object> buckets = new TreeSet<>();
    Set<Object> queues = new TreeSet<>();
    Set<Object> topics = new TreeSet<>();
    resources.forEach((id, r) -> {
      Map<?, ?> p = (Map<?, ?>) r.get("Properties");
      switch (String.valueOf(r.get("Type"))) {
        case "AWS::S3::BucketPolicy" -> {
          if (hasStatement(p, insecureDenied)) buckets.add(((Map<?, ?>) p.get("Bucket")).get("Ref"));
        }
        case "AWS::SQS::QueuePolicy" -> {
          if (hasStatement(p, insecureDenied)) {
            for (Object q : (List<?>) p.get("Queues")) queues.add(((Map<?, ?>) q).get("Ref"));
          }
        }
        case "AWS::SNS::TopicPolicy" -> {
          if (hasStatement(p, insecureDenied)) {
            for (Object t : (List<?>) p.get("Topics")) topics.add(((Map<?, ?>) t).get("Ref"));
          }
        }
        default -> { }
      }
    });
    assertThat(buckets).containsExactlyInAnyOrderElementsOf(logicalIdsOf("AWS::S3::Bucket"));
    assertThat(queues).containsExactlyInAnyOrderElementsOf(logicalIdsOf("AWS::SQS::Queue"));
    assertThat(topics).containsExactlyInAnyOrderElementsOf(logicalIdsOf("AWS::SNS::Topic"));
  }

  private static boolean hasStatement(Map<?, ?> properties, Map<String, Object> expected) {
    List<?> statements = (List<?>) ((Map<?, ?>) properties.get("PolicyDocument")).get("Statement");
    return statements.stream().map(s -> (Map<?, ?>) s).anyMatch(s -> expected.entrySet().stream()
        .allMatch(e -> e.getValue().equals(s.get(e.getKey()))));
  }

  private static List<String> logicalIdsOf(String type) {
    return resources.entrySet().stream().filter(e -> type.equals(e.getValue().get("Type")))
        .map(Map.Entry::getKey).toList();
  }

  // --- buckets, streams, tables ---

  @Test
  void bucketsBlockPublicAccessAndLogAccessToTheAccessLogBucket() {
    template.resourceCountIs("AWS::S3::Bucket", 5);
    template.allResourcesProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "PublicAccessBlockConfiguration", Map.of(
            "BlockPublicAcls", true, "BlockPublicPolicy", true,
            "IgnorePublicAcls", true, "RestrictPublicBuckets", true))));
    for (String bucket : List.of("UploadsBucket", "ThumbnailsBucket", "ArchiveBucket", "ReferenceDataBucket")) {
      assertThat(properties(bucket)).containsEntry("LoggingConfiguration", Map.of(
          "DestinationBucketName", ref("AccessLogsBucket"), "LogFilePrefix", bucket + "/"));
    }
  }

  @Test
  void archiveIsVersionedAndMovesToAColderClassAfterTheConfiguredDays() {
    template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "VersioningConfiguration", Map.of("Status", "Enabled"),
        "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Id", "archive-to-colder-class",
            "Transitions", List.of(Map.of("StorageClass", "GLACIER_IR", "TransitionInDays", 30)),
            "NoncurrentVersionExpiration", Map.of("NoncurrentDays", 30)))))))));
    assertThat(properties("ArchiveBucket")).containsEntry("VersioningConfiguration", Map.of("Status", "Enabled"));
    assertThat(resources.get("ArchiveBucket")).containsEntry("DeletionPolicy", "Retain");
  }

  @Test
  void streamsHaveTheConfiguredShardsAndRetention() {
    template.resourceCountIs("AWS::Kinesis::Stream", 3);
    template.allResourcesProperties("AWS::Kinesis::Stream", Match.objectLike(Map.of(
        "ShardCount", 1,
        "RetentionPeriodHours", 24,
        "StreamModeDetails", Map.of("StreamMode", "PROVISIONED"))));
  }

  @Test
  void tablesAreOnDemandWithPointInTimeRecoveryAndTheKeysNotifyUses() {
    template.resourceCountIs("AWS::DynamoDB::Table", 3);
    template.allResourcesProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
        "BillingMode", "PAY_PER_REQUEST",
        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true))));
    assertThat(properties("SubscriptionsTable")).containsEntry("KeySchema",
        List.of(Map.of("AttributeName", "id", "KeyType", "HASH")));
    assertThat(properties("DeliveriesTable")).containsEntry("KeySchema",
        List.of(Map.of("AttributeName", "pk", "KeyType", "HASH")));
    assertThat(properties("DeliveriesTable")).containsEntry("TimeToLiveSpecification",
        Map.of("AttributeName", "expiresAt", "Enabled", true));
  }

  @Test
  void theMaskHashKeyIsAGeneratedSecret() {
    template.resourceCountIs("AWS::SecretsManager::Secret", 1);
    assertThat(properties("MaskHashKeySecret")).containsKey("GenerateSecretString");
  }

  @Test
  void everySecretIsEncryptedWithTheAwsManagedKeyOrARotatedKeyOfThisStack() {
    Map<String, Map<String, Object>> secrets = template.findResources("AWS::SecretsManager::Secret");
    assertThat(secrets).isNotEmpty();
    secrets.forEach((id, secret) -> {
      // Secrets Manager always encrypts: without KmsKeyId with aws/secretsmanager (deploy.md's table).
      Object key = properties(id).get("KmsKeyId");
      if (key != null && !key.equals("alias/aws/secretsmanager")) {
        assertThat(resources.get(describe(key))).as("KMS key of %s", id)
            .containsEntry("Type", "AWS::KMS::Key");
        assertThat(properties(describe(key))).containsEntry("EnableKeyRotation", true);
      }
    });
  }

  // --- IAM ---

  /**
   * The written allow list: an Allow statement of an identity or resource policy may use a wildcard
   * (action "*" or "service:*", Resource "*", Principal "*") only when an entry here covers it: same
   * kind of policy, same principal (none for identity policies), actions among the entry's.
   */
  private record AllowedWildcard(String policy, String principal, Set<String> actions, String reason) {
    boolean covers(String statementPolicy, List<String> principals, List<String> statementActions) {
      return policy.equals(statementPolicy)
          && principals.equals(principal == null ? List.of() : List.of(principal))
          && actions.containsAll(statementActions);
    }
  }

  private static final String IDENTITY_POLICY = "identity policy";

  private static final List<AllowedWildcard> WILDCARDS_ALLOWED = List.of(
      new AllowedWildcard(IDENTITY_POLICY, null, Set.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"),
          "X-Ray's actions have no resource-level permissions: Resource * is the only one they take."),
      new AllowedWildcard("AWS::KMS::Key", "arn:aws:iam::" + EventPipelineApp.DEFAULT_ACCOUNT + ":root",
          Set.of("kms:*"),
          "The alarm key's default statement, AWS's recommended one (cdk-nag accepts it): it hands the"
              + " key to the account, so only IAM policies of the account can use or administer it, and"
              + " none grants kms:* here. Without it no one could ever manage the key again."
              + " In a key policy Resource * is the key itself."),
      new AllowedWildcard("AWS::KMS::Key", "cloudwatch.amazonaws.com", Set.of("kms:Decrypt", "kms:GenerateDataKey"),
          "CloudWatch alarms publish to the alarm topic encrypted with this key. In a key policy"
              + " Resource * is the key itself."),
      new AllowedWildcard("AWS::KMS::Key", "arn:aws:iam::" + EventPipelineApp.DEFAULT_ACCOUNT + ":root",
          Set.of("kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
              "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
              "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"),
          "The webhook secrets key: the account administers it (so it never becomes unmanageable) but gets no"
              + " cryptographic action, so no IAM policy can let anyone else decrypt the secrets. In a key policy"
              + " Resource * is the key itself."),
      new AllowedWildcard("AWS::KMS::Key", "NotifyFunctionRole", Set.of("kms:Decrypt"),
          "The webhook secrets key: notify decrypts secrets to sign, only with their encryption context."
              + " In a key policy Resource * is the key itself."),
      new AllowedWildcard("AWS::KMS::Key", "SubscriptionsApiFunctionRole", Set.of("kms:GenerateDataKey", "kms:Decrypt"),
          "The webhook secrets key: the API makes a data key for each new secret (envelope encryption) and"
              + " decrypts one for a test ping, only with"
              + " their encryption context. In a key policy Resource * is the key itself."));

  @Test
  void noIdentityOrResourcePolicyAllowsAWildcardOutsideTheWrittenAllowList() {
    List<String> violations = new ArrayList<>();
    Set<AllowedWildcard> used = new java.util.HashSet<>();
    forEachAllowStatement((owner, policy, statement) -> {
      List<String> actions = strings(statement.get("Action"));
      List<String> principals = principalsOf(statement);
      List<String> wildcards = new ArrayList<>();
      actions.stream().filter(a -> a.equals("*") || a.endsWith(":*")).forEach(a -> wildcards.add("Action " + a));
      if (strings(statement.get("Resource")).contains("*")) {
        wildcards.add("Resource *");
      }
      if (principals.contains("*")) {
        wildcards.add("Principal *");
      }
      // An Allow with NotAction or NotResource allows everything else: as wide as a wildcard.
      for (String negation : List.of("NotAction", "NotResource", "NotPrincipal")) {
        if (statement.containsKey(negation)) {
          wildcards.add(negation);
        }
      }
      if (wildcards.isEmpty()) {
        return;
      }
      WILDCARDS_ALLOWED.stream().filter(a -> a.covers(policy, principals, actions)).findFirst()
          .ifPresentOrElse(used::add, () -> violations.add(
              owner + " (" + policy + "): " + wildcards + " for " + principals + " " + actions));
    });
    assertThat(violations).as("wildcards outside the written allow list").isEmpty();
    assertThat(used).as("allow list entries the template still needs")
        .containsExactlyInAnyOrderElementsOf(WILDCARDS_ALLOWED);
  }

  @Test
  void functionRolesHaveNoManagedPolicies() {
    for (FunctionId id : FunctionId.values()) {
      assertThat(properties(id.logicalName() + "FunctionRole")).doesNotContainKey("ManagedPolicyArns");
    }
  }

  @Test
  void eachFunctionCanTouchOnlyWhatItUses() {
    expectResources(FunctionId.INGEST, "IngestLogGroup", "*", "RawLogsStream", "NormalizedLogsStream",
        "ArchiveBucket/quarantine/*", "EventsTopic", "IngestDlq");
    expectResources(FunctionId.ENRICH, "EnrichLogGroup", "*", "NormalizedLogsStream", "EnrichedLogsStream",
        "ReferenceDataBucket/catalog.json", "ReferenceDataBucket", "EnrichDlq");
    expectResources(FunctionId.MASK, "MaskLogGroup", "*", "EnrichedLogsStream", "ArchiveBucket/logs/*",
        "ArchiveBucket", "ArchiveBucket/quarantine/*", "EventsTopic", "MaskHashKeySecret", "MaskDlq");
    expectResources(FunctionId.THUMBNAIL, "ThumbnailLogGroup", "*", "ThumbnailJobsQueue", "UploadsBucket/*",
        "UploadsBucket", "ThumbnailsBucket/*", "ThumbnailsBucket", "EventsTopic");
    expectResources(FunctionId.NOTIFY, "NotifyLogGroup", "*", "NotifyEventsQueue", "SubscriptionsTable",
        "DeliveriesTable");
    expectResources(FunctionId.SUBSCRIPTIONS_API, "SubscriptionsApiLogGroup", "*", "SubscriptionsTable",
        "SubscriptionsTable/index/owner-index");
    expectResources(FunctionId.REMEDIATE, "RemediateLogGroup", "*", "RemediationLedgerTable", "EventsTopic",
        "RemediateDlq", "ThumbnailJobsDlq", "ThumbnailJobsQueue", "NotifyEventsDlq", "NotifyEventsQueue", "IngestDlq",
        "EnrichDlq", "MaskDlq", "RawLogsStream", "NormalizedLogsStream", "EnrichedLogsStream");

    expectResources(FunctionId.SMOKE_TEST, "SmokeTestLogGroup", "*", "RawLogsStream", "UploadsBucket/canary/*",
        "ArchiveBucket/logs/*", "ArchiveBucket", "ThumbnailsBucket", "ThumbnailsBucket/thumbnails/canary/*");

    Map<String, Set<String>> actions = actionsByFunction();
    assertThat(actions.get("Mask")).contains("secretsmanager:GetSecretValue");
    actions.forEach((fn, set) -> {
      if (!fn.equals("Mask")) {
        assertThat(set).as(fn).noneMatch(a -> a.startsWith("secretsmanager:"));
      }
      // Objects are only ever read or created: never deleted, never ACL'd, never tagged. The one exception
      // is the smoke test deleting its own canary image and thumbnails (asserted below: canary/ keys only).
      assertThat(set).as(fn).filteredOn(a -> a.startsWith("s3:"))
          .isSubsetOf(fn.equals("SmokeTest") ? List.of("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject")
              : List.of("s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:ListBucket"));
    });
    // notify reads subscriptions and disables one on 410 Gone; it never creates or deletes one.
    assertThat(actionsOn(FunctionId.NOTIFY, "SubscriptionsTable"))
        .contains("dynamodb:GetItem", "dynamodb:Scan", "dynamodb:UpdateItem")
        .doesNotContain("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
    assertThat(actionsOn(FunctionId.NOTIFY, "DeliveriesTable")).contains("dynamodb:PutItem", "dynamodb:GetItem");
    assertThat(actionsOn(FunctionId.THUMBNAIL, "UploadsBucket/*")).containsExactly("s3:GetObject", "s3:GetObjectVersion");
    assertThat(actionsOn(FunctionId.THUMBNAIL, "ThumbnailsBucket/*")).containsExactly("s3:GetObject", "s3:PutObject");
    assertThat(actionsOn(FunctionId.INGEST, "ArchiveBucket/quarantine/*")).containsExactly("s3:PutObject");
    // mask reads an earlier attempt's archive object before rewriting it (a missing one must be a 404: ListBucket)
    assertThat(actionsOn(FunctionId.MASK, "ArchiveBucket/logs/*")).containsExactly("s3:GetObject", "s3:PutObject");
    assertThat(actionsOn(FunctionId.MASK, "ArchiveBucket")).containsExactly("s3:ListBucket");
    assertThat(actionsOn(FunctionId.MASK, "ArchiveBucket/quarantine/*")).containsExactly("s3:PutObject");
    assertThat(actionsOn(FunctionId.SMOKE_TEST, "UploadsBucket/canary/*")).containsExactly("s3:DeleteObject", "s3:PutObject");
    assertThat(actionsOn(FunctionId.SMOKE_TEST, "ThumbnailsBucket/thumbnails/canary/*")).containsExactly("s3:DeleteObject");
    assertThat(actionsOn(FunctionId.SMOKE_TEST, "ArchiveBucket/logs/*")).containsExactly("s3:GetObject");
    assertThat(actionsOn(FunctionId.SMOKE_TEST, "RawLogsStream")).containsExactly("kinesis:PutRecord");
    assertThat(actionsOn(FunctionId.SUBSCRIPTIONS_API, "SubscriptionsTable"))
        .contains("dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem", "dynamodb:Scan");
    // remediate: the ledger's three calls; receives from its DLQs and only sends to their source queues;
    // reads and re-puts the streams of the on-failure destinations and may reshard them; never deletes a stream
    assertThat(actionsOn(FunctionId.REMEDIATE, "RemediationLedgerTable"))
        .containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query");
    assertThat(actionsOn(FunctionId.REMEDIATE, "ThumbnailJobsDlq")).contains("sqs:ReceiveMessage", "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility");
    assertThat(actionsOn(FunctionId.REMEDIATE, "ThumbnailJobsQueue")).contains("sqs:SendMessage")
        .doesNotContain("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:PurgeQueue");
    assertThat(actionsOn(FunctionId.REMEDIATE, "RemediateDlq")).contains("sqs:SendMessage")
        .doesNotContain("sqs:ReceiveMessage");
    assertThat(actionsOn(FunctionId.REMEDIATE, "EnrichedLogsStream")).contains("kinesis:GetRecords",
        "kinesis:GetShardIterator", "kinesis:PutRecords", "kinesis:UpdateShardCount", "kinesis:DescribeStreamSummary");
    assertThat(actionsByFunction().get("Remediate")).noneMatch(a -> a.startsWith("s3:") || a.endsWith("Delete*")
        || a.equals("kinesis:DeleteStream") || a.equals("sqs:PurgeQueue") || a.equals("sqs:DeleteQueue"));
  }

  private static void expectResources(FunctionId id, String... expected) {
    Set<String> found = new TreeSet<>();
    Map<String, Object> policy = properties(id.logicalName() + "FunctionRolePolicy");
    for (Map<?, ?> statement : statementsOf(policy)) {
      for (Object resource : asList(statement.get("Resource"))) {
        found.add(describe(resource));
      }
    }
    assertThat(found).as("resources of %s", id).containsExactlyInAnyOrder(expected);
  }

  private static Set<String> actionsOn(FunctionId id, String resource) {
    Set<String> actions = new TreeSet<>();
    for (Map<?, ?> statement : statementsOf(properties(id.logicalName() + "FunctionRolePolicy"))) {
      if (asList(statement.get("Resource")).stream().map(EventPipelineStackTest::describe).anyMatch(resource::equals)) {
        actions.addAll(strings(statement.get("Action")));
      }
    }
    return actions;
  }

  private static Map<String, Set<String>> actionsByFunction() {
    Map<String, Set<String>> result = new LinkedHashMap<>();
    for (FunctionId id : FunctionId.values()) {
      Set<String> actions = new TreeSet<>();
      for (Map<?, ?> statement : statementsOf(properties(id.logicalName() + "FunctionRolePolicy"))) {
        actions.addAll(strings(statement.get("Action")));
      }
      result.put(id.logicalName(), actions);
    }
    return result;
  }

  /** A resource of a policy statement as "LogicalId" or "LogicalId/suffix" or a literal. */
  private static String describe(Object resource) {
    if (resource instanceof String s) {
      return s;
    }
    Map<?, ?> m = (Map<?, ?>) resource;
    if (m.containsKey("Ref")) {
      return String.valueOf(m.get("Ref"));
    }
    if (m.containsKey("Fn::GetAtt")) {
      return String.valueOf(((List<?>) m.get("Fn::GetAtt")).get(0));
    }
    if (m.containsKey("Fn::Join")) {
      StringBuilder sb = new StringBuilder();
      for (Object part : (List<?>) ((List<?>) m.get("Fn::Join")).get(1)) {
        sb.append(describe(part));
      }
      return sb.toString();
    }
    return m.toString();
  }

  private interface StatementVisitor {
    void visit(String owner, String policy, Map<?, ?> statement);
  }

  /**
   * Every Allow statement of the identity policies (policies, inline role policies) and of the
   * resource policies (key, bucket, queue and topic policies). Deny statements (TLS enforcement)
   * only take access away.
   */
  private static void forEachAllowStatement(StatementVisitor visitor) {
    resources.forEach((id, r) -> {
      Map<?, ?> p = (Map<?, ?>) r.get("Properties");
      String type = String.valueOf(r.get("Type"));
      List<Map<?, ?>> statements = switch (type) {
        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> statementsOf(p);
        case "AWS::IAM::Role" -> asList(p.get("Policies")).stream()
            .flatMap(inline -> statementsOf((Map<?, ?>) inline).stream()).toList();
        case "AWS::KMS::Key" -> statementsOf(Map.of("PolicyDocument", p.get("KeyPolicy")));
        case "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy" -> statementsOf(p);
        default -> List.of();
      };
      String policy = type.startsWith("AWS::IAM::") ? IDENTITY_POLICY : type;
      statements.stream().filter(s -> "Allow".equals(s.get("Effect"))).forEach(s -> visitor.visit(id, policy, s));
    });
  }

  /** The principals of a statement, "*" for anyone, each described like a resource. */
  private static List<String> principalsOf(Map<?, ?> statement) {
    Object principal = statement.get("Principal");
    if (principal == null) {
      return List.of();
    }
    if (!(principal instanceof Map<?, ?> byKind)) {
      return List.of(String.valueOf(principal));
    }
    return byKind.values().stream().flatMap(v -> asList(v).stream()).map(EventPipelineStackTest::describe).toList();
  }

  private static List<Map<?, ?>> statementsOf(Map<?, ?> policyProperties) {
    Map<?, ?> document = (Map<?, ?>) policyProperties.get("PolicyDocument");
    return asList(document.get("Statement")).stream().<Map<?, ?>>map(s -> (Map<?, ?>) s).toList();
  }

  private static List<?> asList(Object value) {
    if (value == null) {
      return List.of();
    }
    return value instanceof List<?> list ? list : List.of(value);
  }

  private static List<String> strings(Object value) {
    return asList(value).stream().map(String::valueOf).toList();
  }

  // --- remediation ---

  @Test
  void theRemediationRuleSendsTheRemediableAlarmsGoingIntoAlarmToTheLiveAliasWithARetryPolicyAndADlq() {
    template.resourceCountIs("AWS::Events::Rule", 1);
    Map<String, Object> rule = properties("RemediationRule");
    @SuppressWarnings("unchecked")
    Map<String, Object> pattern = (Map<String, Object>) rule.get("EventPattern");
    assertThat(pattern).containsEntry("source", List.of("aws.cloudwatch"))
        .containsEntry("detail-type", List.of("CloudWatch Alarm State Change"))
        .containsEntry("detail", Map.of("state", Map.of("value", List.of("ALARM"))));
    // the depth alarms of the five redrivable queues and the three consumers' iterator-age alarms
    assertThat(strings(pattern.get("resources")).stream().map(x -> x.replaceAll("^\\{Fn::GetAtt=\\[([^,]+),.*", "$1")))
        .hasSize(8).allMatch(a -> a.startsWith("Monitoring"))
        .anyMatch(a -> a.contains("ThumbnailJobsDlqNotEmpty")).anyMatch(a -> a.contains("EnrichIteratorAge"))
        .noneMatch(a -> a.contains("NotifySubscriptionDlq") || a.contains("RemediateDlq"));
    template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of("Targets", List.of(Match.objectLike(Map.of(
        "Arn", ref("RemediateLiveAlias"),
        "DeadLetterConfig", Map.of("Arn", arnOf("RemediateDlq")),
        "RetryPolicy", Map.of("MaximumEventAgeInSeconds", 7200, "MaximumRetryAttempts", 8)))))));
    template.hasResourceProperties("AWS::Lambda::Permission", Match.objectLike(Map.of(
        "Action", "lambda:InvokeFunction", "Principal", "events.amazonaws.com",
        "FunctionName", ref("RemediateLiveAlias"), "SourceArn", arnOf("RemediationRule"))));
  }

  @Test
  void failedRemediationsEndInTheRemediationDlqWhichIsAlarmedButNeverRemediated() {
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Match.objectLike(Map.of(
        // the live alias (its name, split out of its ARN)
        "Qualifier", Map.of("Fn::Select", List.of(7, Map.of("Fn::Split", List.of(":", ref("RemediateLiveAlias"))))),
        "MaximumRetryAttempts", 2,
        "MaximumEventAgeInSeconds", 3600,
        "DestinationConfig", Map.of("OnFailure", Map.of("Destination", arnOf("RemediateDlq"))))));
    assertThat(synth.stack().monitoring().queueAlarms()).containsKey("RemediateDlq");
  }

  @Test
  void remediateRunsOneAtATimeWithItsLimitsAndTargetsInItsEnvironment() {
    Map<String, Object> fn = properties("RemediateFunction");
    assertThat(fn).containsEntry("ReservedConcurrentExecutions", 1);
    @SuppressWarnings("unchecked")
    Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) fn.get("Environment")).get("Variables");
    assertThat(env).containsEntry("REMEDIATION_TABLE", ref("RemediationLedgerTable"))
        .containsEntry("REMEDIATION_MAX_ATTEMPTS_PER_HOUR", "3").containsEntry("REMEDIATION_BACKOFF_SECONDS", "30")
        .containsEntry("REMEDIATION_MAX_BACKOFF_SECONDS", "900").containsKey("REMEDIATION_TARGETS");
    String targets = describe(env.get("REMEDIATION_TARGETS"));
    assertThat(targets).contains("\"dlq\":\"ThumbnailJobsDlq\",\"source\":\"ThumbnailJobsQueue\"")
        .contains("\"dlq\":\"MaskDlq\"}").contains("\"stream\":\"RawLogsStream\",\"minShards\":1,\"maxShards\":4");
    assertThat(properties("RemediationLedgerTable")).containsEntry("KeySchema", List.of(
        Map.of("AttributeName", "alarmName", "KeyType", "HASH"), Map.of("AttributeName", "changedAt", "KeyType", "RANGE")))
        .containsEntry("TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true))
        .containsEntry("SSESpecification", Map.of("SSEEnabled", true));
  }

  // --- post-deploy smoke test ---

  @Test
  @SuppressWarnings("unchecked")
  void theSmokeTestTriggerInvokesThePublishedVersionAfterEverythingElseAndFailsTheDeploymentOnError() {
    template.resourceCountIs("Custom::Trigger", 1);
    Map.Entry<String, Map<String, Object>> trigger = resources.entrySet().stream()
        .filter(e -> "Custom::Trigger".equals(e.getValue().get("Type"))).findFirst().orElseThrow();
    Map<String, Object> p = (Map<String, Object>) trigger.getValue().get("Properties");
    assertThat(p).containsEntry("InvocationType", "RequestResponse").containsEntry("Timeout", "300000")
        .containsEntry("ExecuteOnHandlerChange", true);
    String version = String.valueOf(((Map<String, Object>) p.get("HandlerArn")).get("Ref"));
    assertThat(resources.get(version)).containsEntry("Type", "AWS::Lambda::Version");
    assertThat(resources.get(version).get("Properties")).isEqualTo(Map.of("FunctionName", ref("SmokeTestFunction")));
    // after the pipeline: its streams, buckets, queues, functions, mappings, the rule, the alarms
    assertThat(strings(trigger.getValue().get("DependsOn"))).contains("RawLogsStream", "ArchiveBucket",
        "UploadsBucketNotifications", "ThumbnailEventSourceMapping", "MaskEventSourceMapping", "EnrichEventSourceMapping",
        "IngestEventSourceMapping", "RemediationRule").anyMatch(d -> d.startsWith("MonitoringMaskErrors"));
    Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) properties("SmokeTestFunction")
        .get("Environment")).get("Variables");
    assertThat(env).containsEntry("CANARY_STREAM_NAME", ref("RawLogsStream"))
        .containsEntry("UPLOADS_BUCKET", ref("UploadsBucket")).containsEntry("ARCHIVE_BUCKET", ref("ArchiveBucket"))
        .containsEntry("THUMBNAILS_BUCKET", ref("ThumbnailsBucket")).containsEntry("SMOKE_TEST_TIMEOUT_SECONDS", "240");
    assertThat(String.valueOf(env.get("SMOKE_TEST_FINGERPRINT"))).matches("[0-9a-f]{16}");
  }

  // --- monitoring ---

  @Test
  void alarmsCoverIteratorAgeEveryDlqFunctionErrorsThrottlesAndFailedDeliveries() {
    int functions = FunctionId.values().length;
    int dlqs = synth.stack().deadLetterQueues().size();
    template.resourceCountIs("AWS::CloudWatch::Alarm", 2 * functions + 3 + dlqs + 1);
    template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
        "AlarmActions", List.of(ref("AlarmTopic")))));
    for (String fn : List.of("Ingest", "Enrich", "Mask")) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", alarm(300000, Match.objectLike(Map.of(
          "MetricName", "IteratorAge",
          "Dimensions", Match.arrayWith(List.of(Map.of("Name", "FunctionName", "Value", ref(fn + "Function"))))))));
    }
    for (String dlq : synth.stack().deadLetterQueues().keySet()) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", alarm(1, Map.of(
          "Namespace", "AWS/SQS",
          "MetricName", "ApproximateNumberOfMessagesVisible",
          "Dimensions", List.of(Map.of("Name", "QueueName",
              "Value", Map.of("Fn::GetAtt", List.of(dlq, "QueueName")))))));
    }
    template.hasResourceProperties("AWS::CloudWatch::Alarm", alarm(5, Map.of(
        "Namespace", "EventPipeline",
        "MetricName", "WebhookFailed",
        "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref("NotifyFunction"))))));
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  }

  /** An alarm at or above a threshold on a metric. */
  private static Object alarm(int threshold, Object metric) {
    return Match.objectLike(Map.of(
        "Threshold", threshold,
        "ComparisonOperator", "GreaterThanOrEqualToThreshold",
        "Metrics", List.of(Match.objectLike(Map.of(
            "MetricStat", Match.objectLike(Map.of("Metric", metric)))))));
  }

  @Test
  void alarmTopicHasNoEmailSubscriptionUnlessConfigured() {
    template.resourcePropertiesCountIs("AWS::SNS::Subscription", Map.of("Protocol", "email"), 0);
  }

  // --- outputs ---

  @Test
  void outputsAreExactlyTheDocumentedKeys() {
    assertThat(template.findOutputs("*").keySet()).containsExactlyInAnyOrder(
        "RawLogsStreamName", "NormalizedLogsStreamName", "EnrichedLogsStreamName", "UploadsBucketName",
        "ThumbnailsBucketName", "ArchiveBucketName", "ReferenceDataBucketName", "EventsTopicArn",
        "NotifyQueueUrl", "SubscriptionsApiUrl", "IngestDlqUrl", "EnrichDlqUrl", "MaskDlqUrl",
        "ThumbnailJobsDlqUrl", "NotifyEventsDlqUrl", "NotifySubscriptionDlqUrl", "RemediateDlqUrl");
    template.hasOutput("RawLogsStreamName", Map.of("Value", ref("RawLogsStream")));
    template.hasOutput("UploadsBucketName", Map.of("Value", ref("UploadsBucket")));
    template.hasOutput("ArchiveBucketName", Map.of("Value", ref("ArchiveBucket")));
    template.hasOutput("ReferenceDataBucketName", Map.of("Value", ref("ReferenceDataBucket")));
    template.hasOutput("EventsTopicArn", Map.of("Value", ref("EventsTopic")));
    template.hasOutput("NotifyQueueUrl", Map.of("Value", ref("NotifyEventsQueue")));
    template.hasOutput("SubscriptionsApiUrl", Map.of(
        "Value", Map.of("Fn::GetAtt", List.of("SubscriptionsApiFunctionUrl", "FunctionUrl"))));
    template.hasOutput("ThumbnailJobsDlqUrl", Map.of("Value", ref("ThumbnailJobsDlq")));
  }
}
