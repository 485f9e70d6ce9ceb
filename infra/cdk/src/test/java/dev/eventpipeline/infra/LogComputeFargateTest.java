package dev.eventpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.infra.config.ConfigurationException;
import dev.eventpipeline.infra.config.ContextReader;
import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.infra.constructs.LogsWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code -c logCompute=fargate}: one ECS Fargate service of the logs worker (a KCL application) runs
 * ingest, enrich and mask instead of the three functions and their event source mappings, with the
 * functions' environment and grants, KCL's lease tables, CPU autoscaling within bounds, and alarms on
 * the streams' lag. The default ({@code lambda}) synthesizes none of it.
 */
class LogComputeFargateTest {
  static final Map<String, Object> FARGATE = Map.of("logCompute", "fargate");

  /** Sizes and bounds, data deleted with the stack, raw quarantine copies; from a tree without the worker jar. */
  static final Map<String, Object> FARGATE_WITH_OPTIONS = Map.of(
      "logCompute", "FARGATE",
      "logsWorker.cpu", "2048",
      "logsWorker.memoryMiB", "6144",
      "logsWorker.minTasks", "2",
      "logsWorker.maxTasks", "6",
      "logsWorker.targetCpuPercent", "70",
      "retainData", "false",
      "quarantineRaw", "true",
      "logRetentionDays", "14");

  private static final Map<FunctionId, String> INPUT_STREAM = Map.of(
      FunctionId.INGEST, "RawLogsStream", FunctionId.ENRICH, "NormalizedLogsStream", FunctionId.MASK, "EnrichedLogsStream");

  private static final String APPLICATION = EventPipelineStack.NAME + "-logs-worker";
  /** The account the test synthesis deploys to (the stack's env): the worker is told it. */
  private static final String ACCOUNT = EventPipelineApp.DEFAULT_ACCOUNT;

  private static EventPipelineApp.Synthesis synth;
  private static Template template;
  private static Map<String, Map<String, Object>> resources;
  private static Template defaults;
  private static Map<String, Map<String, Object>> defaultResources;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void synthesizeBoth() {
    synth = TestSynthesis.with(FARGATE);
    template = Template.fromStack(synth.stack());
    resources = (Map<String, Map<String, Object>>) (Map<?, ?>) template.toJSON().get("Resources");
    defaults = Template.fromStack(TestSynthesis.defaults().stack());
    defaultResources = (Map<String, Map<String, Object>>) (Map<?, ?>) defaults.toJSON().get("Resources");
  }

  // --- the default: the functions consume the log streams, nothing of ECS exists ---

  @Test
  void byDefaultTheFunctionsConsumeTheLogStreamsAndNoEcsVpcOrWorkerResourceExists() {
    assertThat(TestSynthesis.defaults().settings().logCompute()).isEqualTo(PipelineSettings.LogCompute.LAMBDA);
    assertThat(TestSynthesis.defaults().stack().logsWorker()).isNull();
    for (String type : List.of("AWS::ECS::Cluster", "AWS::ECS::TaskDefinition", "AWS::ECS::Service", "AWS::EC2::VPC",
        "AWS::EC2::SecurityGroup", "AWS::EC2::FlowLog", "AWS::ApplicationAutoScaling::ScalableTarget")) {
      assertThat(defaults.findResources(type)).as(type).isEmpty();
    }
    assertThat(defaultResources.keySet()).noneMatch(id -> id.startsWith("LogsWorker"));
    assertThat(defaults.findOutputs("*").keySet()).noneMatch(k -> k.startsWith("LogsWorker"));
    for (FunctionId stage : LogsWorker.STAGES) {
      assertThat(properties(defaultResources, stage.logicalName() + "EventSourceMapping"))
          .containsEntry("EventSourceArn", arnOf(INPUT_STREAM.get(stage)));
      assertThat(properties(defaultResources, stage.logicalName() + "Function")).containsEntry("Handler", stage.handler());
    }
  }

  // --- Fargate: synthesis ---

  @Test
  void synthesizesWithoutUnsuppressedNagFindingsOrCdkWarnings() {
    assertThat(synth.settings().logCompute()).isEqualTo(PipelineSettings.LogCompute.FARGATE);
    assertThat(synth.blocking()).as("unsuppressed nag findings and CDK errors").isEmpty();
    assertThat(synth.annotations()).as("CDK and nag annotations").isEmpty();
  }

  @Test
  void noFunctionEventSourceMappingOrOnFailureQueueRunsTheLogStages() {
    for (FunctionId stage : LogsWorker.STAGES) {
      assertThat(template.findResources("AWS::Lambda::Function", Match.objectLike(Map.of(
          "Properties", Match.objectLike(Map.of("Handler", stage.handler())))))).as(stage.name()).isEmpty();
      for (String part : List.of("Function", "FunctionRole", "LiveAlias", "LogGroup", "EventSourceMapping", "Dlq")) {
        assertThat(resources).as(stage.name()).doesNotContainKey(stage.logicalName() + part);
      }
      assertThat(resources.keySet()).as(stage.name()).noneMatch(id -> id.startsWith("Monitoring" + stage.logicalName() + "Dlq"));
      assertThat(synth.stack().function(stage)).isNull();
    }
    // thumbnail-jobs and notify-events only: nothing maps the three log streams to a function
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", 2);
    assertThat(template.findResources("AWS::Lambda::EventSourceMapping").values())
        .extracting(r -> describe(((Map<?, ?>) ((Map<?, ?>) r).get("Properties")).get("EventSourceArn")))
        .containsExactlyInAnyOrder("ThumbnailJobsQueue", "NotifyEventsQueue");
    assertThat(synth.stack().deadLetterQueues().keySet())
        .containsExactly("ThumbnailJobsDlq", "NotifyEventsDlq", "NotifySubscriptionDlq", "RemediateDlq");
  }

  // --- the service ---

  @Test
  void theWorkerIsOneArm64FargateTaskOfTheConfiguredSizeWithOneContainerLoggingToItsGroup() {
    template.resourceCountIs("AWS::ECS::TaskDefinition", 1);
    Map<String, Object> task = properties(resources, "LogsWorkerTaskDefinition");
    assertThat(task).containsEntry("RequiresCompatibilities", List.of("FARGATE"))
        .containsEntry("NetworkMode", "awsvpc")
        .containsEntry("RuntimePlatform", Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX"))
        .containsEntry("Cpu", "1024")
        .containsEntry("Memory", "2048")
        .containsEntry("TaskRoleArn", arnOf("LogsWorkerTaskRole"))
        .containsEntry("ExecutionRoleArn", arnOf("LogsWorkerExecutionRole"));
    Map<?, ?> container = container(resources);
    assertThat(container.get("Name")).isEqualTo(LogsWorker.CONTAINER_NAME);
    assertThat(container.get("Essential")).isEqualTo(true);
    assertThat(container.get("StopTimeout")).isEqualTo(60);
    assertThat(container.get("LogConfiguration")).isEqualTo(Map.of("LogDriver", "awslogs", "Options", Map.of(
        "awslogs-group", ref("LogsWorkerLogGroup"),
        "awslogs-stream-prefix", "logs-worker",
        "awslogs-region", EventPipelineApp.DEFAULT_REGION,
        "mode", "non-blocking",
        "max-buffer-size", "26214400b")));
    assertThat(properties(resources, "LogsWorkerLogGroup")).containsEntry("RetentionInDays", 30);
    assertThat(properties(resources, "LogsWorkerCluster")).containsEntry("ClusterSettings",
        List.of(Map.of("Name", "containerInsights", "Value", "enabled")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theContainerGetsEveryVariableOfTheThreeFunctionsButOutputStreamNameAndTheWorkersOwn() {
    Map<String, Object> worker = environment(resources);
    Map<String, Object> expected = new TreeMap<>();
    for (FunctionId stage : LogsWorker.STAGES) {
      Map<String, Object> p = properties(defaultResources, stage.logicalName() + "Function");
      Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) p.get("Environment")).get("Variables");
      variables.forEach((name, value) -> {
        if (!name.equals("OUTPUT_STREAM_NAME")) {
          assertThat(expected.putIfAbsent(name, value)).as("%s shared by two functions", name).isIn(null, value);
        }
      });
    }
    var s = synth.settings();
    expected.putAll(Map.of(
        "RAW_STREAM_NAME", ref("RawLogsStream"),
        "NORMALIZED_STREAM_NAME", ref("NormalizedLogsStream"),
        "ENRICHED_STREAM_NAME", ref("EnrichedLogsStream"),
        "KCL_APPLICATION_NAME", APPLICATION,
        "AWS_ACCOUNT_ID", ACCOUNT,
        "INGEST_BATCH_SIZE", String.valueOf(s.function(FunctionId.INGEST).batchSize()),
        "ENRICH_BATCH_SIZE", String.valueOf(s.function(FunctionId.ENRICH).batchSize()),
        "MASK_BATCH_SIZE", String.valueOf(s.function(FunctionId.MASK).batchSize()),
        "MASK_BATCHING_WINDOW_SECONDS", String.valueOf(s.function(FunctionId.MASK).batchingWindowSeconds()),
        "LOG_LEVEL", "INFO"));
    assertThat(new TreeMap<>(worker)).isEqualTo(expected);
    assertThat(worker).containsEntry("INGEST_BATCH_SIZE", "100").containsEntry("MASK_BATCH_SIZE", "500")
        .containsEntry("MASK_BATCHING_WINDOW_SECONDS", "5").containsEntry("METRICS_NAMESPACE", "EventPipeline")
        .containsKeys("QUARANTINE_BUCKET", "QUARANTINE_PREFIX", "EVENTS_TOPIC_ARN", "ENVIRONMENT_NAME", "PIPELINE_VERSION",
            "CATALOG_BUCKET", "CATALOG_KEY", "ARCHIVE_BUCKET", "ARCHIVE_PREFIX", "MASK_HASH_KEY_SECRET_ARN")
        .doesNotContainKey("OUTPUT_STREAM_NAME");
  }

  @Test
  void theServiceRunsMinTasksInPublicSubnetsRollsBackFailedDeploymentsAndStartsTasksBeforeStoppingOld() {
    template.resourceCountIs("AWS::ECS::Service", 1);
    Map<String, Object> service = properties(resources, "LogsWorkerService");
    assertThat(service).containsEntry("LaunchType", "FARGATE")
        .containsEntry("DesiredCount", 1)
        .containsEntry("TaskDefinition", ref("LogsWorkerTaskDefinition"))
        .containsEntry("Cluster", ref("LogsWorkerCluster"))
        .containsEntry("DeploymentConfiguration", Map.of(
            "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true),
            "MaximumPercent", 200,
            "MinimumHealthyPercent", 100));
    Map<?, ?> network = (Map<?, ?>) ((Map<?, ?>) service.get("NetworkConfiguration")).get("AwsvpcConfiguration");
    assertThat(network.get("AssignPublicIp")).isEqualTo("ENABLED");
    assertThat(network.get("SecurityGroups")).isEqualTo(List.of(Map.of("Fn::GetAtt", List.of("LogsWorkerSecurityGroup", "GroupId"))));
    for (Object subnet : (List<?>) network.get("Subnets")) {
      String id = String.valueOf(((Map<?, ?>) subnet).get("Ref"));
      assertThat(resources.get(id)).containsEntry("Type", "AWS::EC2::Subnet");
      assertThat(strings(tags(id))).contains("Public");
    }
  }

  @Test
  void cpuTargetTrackingScalesTheServiceBetweenMinAndMaxTasks() {
    template.resourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 1);
    template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.objectLike(Map.of(
        "MinCapacity", 1,
        "MaxCapacity", 4,
        "ScalableDimension", "ecs:service:DesiredCount",
        "ServiceNamespace", "ecs")));
    template.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
        "PolicyType", "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
            "PredefinedMetricSpecification", Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization"),
            "TargetValue", 60)))));
  }

  // --- KCL's tables ---

  @Test
  void eachStageHasALeaseTableWithTheKeySchemaAndIndexKcl351CreatesItself() {
    template.resourceCountIs("AWS::DynamoDB::Table", defaults.findResources("AWS::DynamoDB::Table").size() + 3);
    for (FunctionId stage : LogsWorker.STAGES) {
      String id = "LogsWorker" + stage.logicalName() + "LeaseTable";
      assertThat(properties(resources, id)).containsAllEntriesOf(Map.of(
          "TableName", APPLICATION + "-" + stage.contextPrefix(),
          "KeySchema", List.of(Map.of("AttributeName", "leaseKey", "KeyType", "HASH")),
          "AttributeDefinitions", List.of(
              Map.of("AttributeName", "leaseKey", "AttributeType", "S"),
              Map.of("AttributeName", "leaseOwner", "AttributeType", "S")),
          "GlobalSecondaryIndexes", List.of(Map.of(
              "IndexName", "LeaseOwnerToLeaseKeyIndex",
              "KeySchema", List.of(
                  Map.of("AttributeName", "leaseOwner", "KeyType", "HASH"),
                  Map.of("AttributeName", "leaseKey", "KeyType", "RANGE")),
              "Projection", Map.of("ProjectionType", "KEYS_ONLY"))),
          "BillingMode", "PAY_PER_REQUEST",
          "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
          "SSESpecification", Map.of("SSEEnabled", true),
          "DeletionProtectionEnabled", true));
      assertThat(resources.get(id)).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
    }
  }

  @Test
  void kclsPre35TablesAreNotCreatedSoKclStartsWithoutATableMigrationButMayDescribeThem() {
    // Found, KCL 3.5 would migrate them into the lease table; missing, it records the migration complete.
    List<String> legacy = new ArrayList<>();
    for (FunctionId stage : LogsWorker.STAGES) {
      for (String suffix : LogsWorker.LEGACY_TABLE_SUFFIXES) {
        legacy.add("arn:aws:dynamodb:" + EventPipelineApp.DEFAULT_REGION + ":" + EventPipelineApp.DEFAULT_ACCOUNT
            + ":table/" + APPLICATION + "-" + stage.contextPrefix() + suffix);
      }
    }
    assertThat(template.findResources("AWS::DynamoDB::Table").values().toString())
        .doesNotContain("WorkerMetricStats").doesNotContain("CoordinatorState");
    for (String arn : legacy) {
      assertThat(taskRoleActionsOn(arn)).as(arn).containsExactly("dynamodb:DescribeTable");
    }
  }

  // --- least privilege ---

  @Test
  void theTaskRoleCanTouchOnlyWhatTheThreeFunctionsCouldPlusItsLeaseTables() {
    Set<String> expected = new TreeSet<>(List.of("RawLogsStream", "NormalizedLogsStream", "EnrichedLogsStream",
        "ArchiveBucket/quarantine/*", "ArchiveBucket/logs/*", "ArchiveBucket", "ReferenceDataBucket/catalog.json",
        "ReferenceDataBucket", "EventsTopic", "MaskHashKeySecret"));
    for (FunctionId stage : LogsWorker.STAGES) {
      String table = "LogsWorker" + stage.logicalName() + "LeaseTable";
      expected.add(table);
      expected.add(table + "/index/LeaseOwnerToLeaseKeyIndex");
      for (String suffix : LogsWorker.LEGACY_TABLE_SUFFIXES) {
        expected.add("arn:aws:dynamodb:" + EventPipelineApp.DEFAULT_REGION + ":" + EventPipelineApp.DEFAULT_ACCOUNT
            + ":table/" + APPLICATION + "-" + stage.contextPrefix() + suffix);
      }
    }
    Set<String> found = new TreeSet<>();
    for (Map<?, ?> statement : taskRoleStatements()) {
      assertThat(statement.get("Effect")).isEqualTo("Allow");
      asList(statement.get("Resource")).forEach(r -> found.add(describe(r)));
    }
    assertThat(found).isEqualTo(expected);

    // reads the three streams, writes the two it feeds (as the mappings and functions may)
    for (String stream : INPUT_STREAM.values()) {
      assertThat(taskRoleActionsOn(stream)).contains("kinesis:GetRecords", "kinesis:GetShardIterator",
          "kinesis:DescribeStreamSummary", "kinesis:ListShards");
    }
    assertThat(taskRoleActionsOn("RawLogsStream")).doesNotContain("kinesis:PutRecord", "kinesis:PutRecords");
    assertThat(taskRoleActionsOn("NormalizedLogsStream")).contains("kinesis:PutRecords");
    assertThat(taskRoleActionsOn("EnrichedLogsStream")).contains("kinesis:PutRecords");
    // the functions' S3, SNS and secret grants, no more
    assertThat(taskRoleActionsOn("ArchiveBucket/quarantine/*")).containsExactly("s3:PutObject");
    assertThat(taskRoleActionsOn("ArchiveBucket/logs/*")).containsExactly("s3:GetObject", "s3:PutObject");
    assertThat(taskRoleActionsOn("ArchiveBucket")).containsExactly("s3:ListBucket");
    assertThat(taskRoleActionsOn("ReferenceDataBucket/catalog.json")).containsExactly("s3:GetObject");
    assertThat(taskRoleActionsOn("EventsTopic")).containsExactly("sns:Publish");
    assertThat(taskRoleActionsOn("MaskHashKeySecret")).containsExactly("secretsmanager:DescribeSecret",
        "secretsmanager:GetSecretValue");
    // KCL's item work on its own tables; never a table operation, never its own CloudWatch metrics
    for (FunctionId stage : LogsWorker.STAGES) {
      String table = "LogsWorker" + stage.logicalName() + "LeaseTable";
      assertThat(taskRoleActionsOn(table)).containsExactlyInAnyOrder("dynamodb:DescribeTable", "dynamodb:GetItem",
          "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:PutItem", "dynamodb:UpdateItem",
          "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem");
      assertThat(taskRoleActionsOn(table + "/index/LeaseOwnerToLeaseKeyIndex")).containsExactly("dynamodb:Query");
    }
    Set<String> all = new TreeSet<>();
    taskRoleStatements().forEach(st -> all.addAll(strings(st.get("Action"))));
    assertThat(all).noneMatch(a -> a.endsWith("*") || a.startsWith("cloudwatch:") || a.startsWith("logs:")
        || a.equals("dynamodb:CreateTable") || a.equals("dynamodb:UpdateTable") || a.equals("dynamodb:DeleteTable")
        || a.equals("dynamodb:UpdateContinuousBackups") || a.startsWith("kms:") || a.startsWith("iam:"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void onlyEcsTasksOfThisAccountMayAssumeTheTaskRole() {
    Map<String, Object> trust = (Map<String, Object>) properties(resources, "LogsWorkerTaskRole").get("AssumeRolePolicyDocument");
    assertThat(trust.get("Statement")).isEqualTo(List.of(Map.of(
        "Action", "sts:AssumeRole",
        "Effect", "Allow",
        "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"),
        "Condition", Map.of(
            "StringEquals", Map.of("aws:SourceAccount", EventPipelineApp.DEFAULT_ACCOUNT),
            "ArnLike", Map.of("aws:SourceArn", "arn:aws:ecs:" + EventPipelineApp.DEFAULT_REGION + ":"
                + EventPipelineApp.DEFAULT_ACCOUNT + ":*")))));
    assertThat(properties(resources, "LogsWorkerTaskRole")).doesNotContainKey("ManagedPolicyArns");
  }

  @Test
  void theExecutionRoleOnlyPullsTheImageAndWritesTheWorkersLogGroup() {
    List<Map<?, ?>> statements = statementsOfRole("LogsWorkerExecutionRole");
    Map<String, Set<String>> byResource = new TreeMap<>();
    for (Map<?, ?> st : statements) {
      for (Object r : asList(st.get("Resource"))) {
        byResource.computeIfAbsent(describe(r), k -> new TreeSet<>()).addAll(strings(st.get("Action")));
      }
    }
    assertThat(byResource).containsOnlyKeys("*", "LogsWorkerLogGroup",
        "arn:aws:ecr:us-east-1:123456789012:repository/cdk-hnb659fds-container-assets-123456789012-us-east-1");
    // the one action that takes no resource
    assertThat(byResource.get("*")).containsExactly("ecr:GetAuthorizationToken");
    assertThat(byResource.get("LogsWorkerLogGroup")).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
  }

  // --- networking ---

  @Test
  @SuppressWarnings("unchecked")
  void tasksHaveNoInboundRuleOnlyHttpsOutAndTheVpcHasFlowLogsAndNoNatGateway() {
    template.resourceCountIs("AWS::EC2::SecurityGroup", 1);
    Map<String, Object> group = properties(resources, "LogsWorkerSecurityGroup");
    assertThat(group).doesNotContainKey("SecurityGroupIngress");
    assertThat((List<Map<String, Object>>) group.get("SecurityGroupEgress")).singleElement().satisfies(rule ->
        assertThat(rule).containsEntry("IpProtocol", "tcp").containsEntry("FromPort", 443).containsEntry("ToPort", 443)
            .containsEntry("CidrIp", "0.0.0.0/0"));
    assertThat(template.findResources("AWS::EC2::SecurityGroupIngress")).isEmpty();
    assertThat(template.findResources("AWS::EC2::NatGateway")).isEmpty();
    template.hasResourceProperties("AWS::EC2::FlowLog", Match.objectLike(Map.of(
        "ResourceId", ref("LogsWorkerVpc"),
        "ResourceType", "VPC",
        "TrafficType", "ALL",
        "LogDestinationType", "cloud-watch-logs",
        "LogGroupName", ref("LogsWorkerFlowLogsLogGroup"))));
    assertThat(properties(resources, "LogsWorkerFlowLogsLogGroup")).containsEntry("RetentionInDays", 30);
    // S3 and DynamoDB through (free) gateway endpoints
    template.resourceCountIs("AWS::EC2::VPCEndpoint", 2);
    template.allResourcesProperties("AWS::EC2::VPCEndpoint", Match.objectLike(Map.of("VpcEndpointType", "Gateway")));
  }

  @Test
  @SuppressWarnings("deprecation") // cxapi's manifest accessors: see NagChecks.annotations
  void subnetsTakeTheRegionsZonesFromCloudFormationSoSynthesisNeedsNoLookup() {
    template.resourceCountIs("AWS::EC2::Subnet", 2);
    List<Object> zones = template.findResources("AWS::EC2::Subnet").values().stream()
        .map(r -> ((Map<?, ?>) ((Map<?, ?>) r).get("Properties")).get("AvailabilityZone")).map(Object.class::cast).toList();
    assertThat(zones).containsExactlyInAnyOrder(
        Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))),
        Map.of("Fn::Select", List.of(1, Map.of("Fn::GetAZs", ""))));
    assertThat(synth.assembly().getManifest().getMissing()).as("context lookups the CLI would need").isNullOrEmpty();
  }

  // --- alarms ---

  @Test
  void eachLogStreamHasALagAlarmOnTheAlarmTopicAndTheServiceAnAlarmBelowItsMinimumTasks() {
    int threshold = synth.settings().iteratorAgeAlarmSeconds() * 1000;
    for (String stream : INPUT_STREAM.values()) {
      template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
          "ComparisonOperator", "GreaterThanOrEqualToThreshold",
          "Threshold", threshold,
          "EvaluationPeriods", 5,
          "AlarmActions", List.of(ref("AlarmTopic")),
          "OKActions", List.of(ref("AlarmTopic")),
          "Metrics", List.of(Match.objectLike(Map.of("MetricStat", Map.of(
              "Metric", Map.of(
                  "Namespace", "AWS/Kinesis",
                  "MetricName", "GetRecords.IteratorAgeMilliseconds",
                  "Dimensions", List.of(Map.of("Name", "StreamName", "Value", ref(stream)))),
              "Period", 60,
              "Stat", "Maximum")))))));
    }
    template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
        "ComparisonOperator", "LessThanThreshold",
        "Threshold", 1,
        "TreatMissingData", "breaching",
        "AlarmActions", List.of(ref("AlarmTopic")),
        "Metrics", List.of(Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of(
            "Metric", Map.of(
                "Namespace", "ECS/ContainerInsights",
                "MetricName", "RunningTaskCount",
                "Dimensions", List.of(
                    Map.of("Name", "ClusterName", "Value", ref("LogsWorkerCluster")),
                    Map.of("Name", "ServiceName", "Value", Map.of("Fn::GetAtt", List.of("LogsWorkerService", "Name"))))),
            "Stat", "Minimum"))))))));
    // no alarm on the functions that are not there
    assertThat(template.findResources("AWS::CloudWatch::Alarm").keySet())
        .noneMatch(id -> Stream.of("Ingest", "Enrich", "Mask").anyMatch(fn -> id.startsWith("Monitoring" + fn + "Errors")
            || id.startsWith("Monitoring" + fn + "IteratorAge") || id.startsWith("Monitoring" + fn + "Dlq")));
  }

  @Test
  @SuppressWarnings("unchecked")
  void remediationRaisesAProvisionedStreamsShardsOnItsLagAlarmAndRedrivesOnlyTheSqsDlqs() {
    Map<String, Object> env = (Map<String, Object>) ((Map<String, Object>) properties(resources, "RemediateFunction")
        .get("Environment")).get("Variables");
    String targets = String.valueOf(env.get("REMEDIATION_TARGETS"));
    for (FunctionId stage : LogsWorker.STAGES) {
      assertThat(targets).contains("Monitoring" + stage.logicalName() + "StreamIteratorAge")
          .contains(INPUT_STREAM.get(stage));
    }
    assertThat(targets).doesNotContain("IngestDlq", "EnrichDlq", "MaskDlq");
  }

  // --- image, smoke test, outputs ---

  @Test
  void theImageIsStagedFromTheDockerfileAndTheJarOnly() throws Exception {
    Path staged = synth.outdir().resolve("asset." + synth.stack().logsWorker().imageAssetHash());
    assertThat(staged).isDirectory();
    List<String> files;
    try (var walk = Files.walk(staged)) {
      files = walk.filter(Files::isRegularFile).map(p -> staged.relativize(p).toString()).sorted().toList();
    }
    assertThat(files).containsExactly(".dockerignore", "Dockerfile", "target/logs-worker.jar");
    assertThat(staged.resolve("Dockerfile")).hasSameTextualContentAs(
        TestSynthesis.repositoryRoot().resolve("logs-worker/Dockerfile"));
    // the task definition's image is that asset's, built for arm64
    assertThat(String.valueOf(container(resources).get("Image"))).endsWith(synth.stack().logsWorker().imageAssetHash() + "}");
    assertThat(Files.readString(synth.outdir().resolve(synth.stack().getArtifactId() + ".assets.json")))
        .contains("\"platform\": \"linux/arm64\"");
  }

  @Test
  void theSmokeTestStillPushesToRawLogsAndRunsOnlyOnceTheWorkerServiceIsUp() {
    Map.Entry<String, Map<String, Object>> trigger = resources.entrySet().stream()
        .filter(e -> "Custom::Trigger".equals(e.getValue().get("Type"))).findFirst().orElseThrow();
    assertThat(strings(trigger.getValue().get("DependsOn"))).contains("LogsWorkerService", "LogsWorkerTaskDefinition",
        "LogsWorkerIngestLeaseTable", "RawLogsStream", "ArchiveBucket")
        .anyMatch(d -> d.startsWith("MonitoringIngestStreamIteratorAge"));
    template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Handler", FunctionId.SMOKE_TEST.handler(),
        "Environment", Map.of("Variables", Match.objectLike(Map.of("CANARY_STREAM_NAME", ref("RawLogsStream")))))));
  }

  @Test
  void outputsNameTheClusterTheServiceAndTheKclApplication() {
    assertThat(template.findOutputs("*")).containsKeys("LogsWorkerClusterName", "LogsWorkerServiceName",
        "LogsWorkerApplicationName").doesNotContainKeys("IngestDlqUrl", "EnrichDlqUrl", "MaskDlqUrl");
    assertThat(template.findOutputs("LogsWorkerApplicationName").get("LogsWorkerApplicationName"))
        .containsEntry("Value", APPLICATION);
  }

  // --- settings ---

  @Test
  @SuppressWarnings("unchecked")
  void sizesBoundsRetentionAndTheCpuTargetComeFromContext() {
    EventPipelineApp.Synthesis options = TestSynthesis.withoutWorkerJar(FARGATE_WITH_OPTIONS);
    assertThat(options.blocking()).isEmpty();
    Template t = Template.fromStack(options.stack());
    Map<String, Map<String, Object>> r = (Map<String, Map<String, Object>>) (Map<?, ?>) t.toJSON().get("Resources");
    assertThat(properties(r, "LogsWorkerTaskDefinition")).containsEntry("Cpu", "2048").containsEntry("Memory", "6144");
    assertThat(properties(r, "LogsWorkerService")).containsEntry("DesiredCount", 2);
    t.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.objectLike(Map.of(
        "MinCapacity", 2, "MaxCapacity", 6)));
    t.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.objectLike(Map.of(
        "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of("TargetValue", 70)))));
    t.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
        "ComparisonOperator", "LessThanThreshold", "Threshold", 2)));
    assertThat(properties(r, "LogsWorkerLogGroup")).containsEntry("RetentionInDays", 14);
    assertThat(properties(r, "LogsWorkerFlowLogsLogGroup")).containsEntry("RetentionInDays", 14);
  }

  @Test
  @SuppressWarnings("unchecked")
  void withRetainDataOffTheLeaseTablesAndLogGroupsGoWithTheStack() {
    Template t = Template.fromStack(TestSynthesis.withoutWorkerJar(FARGATE_WITH_OPTIONS).stack());
    Map<String, Map<String, Object>> r = (Map<String, Map<String, Object>>) (Map<?, ?>) t.toJSON().get("Resources");
    for (FunctionId stage : LogsWorker.STAGES) {
      String id = "LogsWorker" + stage.logicalName() + "LeaseTable";
      assertThat(r.get(id)).containsEntry("DeletionPolicy", "Delete");
      assertThat(properties(r, id)).containsEntry("DeletionProtectionEnabled", false);
    }
    assertThat(r.get("LogsWorkerLogGroup")).containsEntry("DeletionPolicy", "Delete");
  }

  @Test
  @SuppressWarnings("unchecked")
  void withRawQuarantineCopiesTheWorkerMayPutThemAndGenerateADataKeyAsIngestWould() {
    Template t = Template.fromStack(TestSynthesis.withoutWorkerJar(FARGATE_WITH_OPTIONS).stack());
    Map<String, Map<String, Object>> r = (Map<String, Map<String, Object>>) (Map<?, ?>) t.toJSON().get("Resources");
    assertThat(environment(r)).containsEntry("QUARANTINE_RAW_BUCKET", ref("QuarantineRawBucket"));
    String policy = String.valueOf(properties(r, roleDefaultPolicyOf(r, "LogsWorkerTaskRole")).get("PolicyDocument"));
    assertThat(policy).contains("kms:GenerateDataKey").contains("QuarantineRawKey").contains("/quarantine/ingest/*")
        .doesNotContain("kms:Decrypt");
  }

  @Test
  void aMissingWorkerJarOnlyWarnsSynthesisDoesNotNeedIt() {
    EventPipelineApp.Synthesis options = TestSynthesis.withoutWorkerJar(FARGATE_WITH_OPTIONS);
    assertThat(options.blocking()).isEmpty();
    assertThat(options.annotations()).singleElement().satisfies(f -> {
      assertThat(f.level()).isEqualTo("WARNING");
      assertThat(f.message()).contains("logs-worker/target/logs-worker.jar").contains("-pl logs-worker -am package");
    });
    assertThat(options.templateFile()).exists();
  }

  @ParameterizedTest(name = "logCompute={0}")
  @ValueSource(strings = {"ecs", "lambdas", "FARGATE_SPOT"})
  void anInvalidLogComputeFailsSynthesisNamingTheKey(String value) {
    assertThatThrownBy(() -> PipelineSettings.read(new ContextReader(new HashMap<String, Object>(
        Map.of("logCompute", value))::get), "1.0"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Invalid value for context key logCompute: '" + value + "' (expected lambda or fargate)");
  }

  // --- helpers ---

  private static Map<String, Object> ref(String logicalId) {
    return Map.of("Ref", logicalId);
  }

  private static Map<String, Object> arnOf(String logicalId) {
    return Map.of("Fn::GetAtt", List.of(logicalId, "Arn"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Map<String, Object>> in, String logicalId) {
    Map<String, Object> resource = in.get(logicalId);
    assertThat(resource).as("resource %s", logicalId).isNotNull();
    return (Map<String, Object>) resource.get("Properties");
  }

  private static Map<?, ?> container(Map<String, Map<String, Object>> in) {
    List<?> containers = (List<?>) properties(in, "LogsWorkerTaskDefinition").get("ContainerDefinitions");
    assertThat(containers).hasSize(1);
    return (Map<?, ?>) containers.get(0);
  }

  /** The container's environment as the local cloud reads it: name → value (a literal or an intrinsic). */
  private static Map<String, Object> environment(Map<String, Map<String, Object>> in) {
    Map<String, Object> env = new LinkedHashMap<>();
    for (Object entry : (List<?>) container(in).get("Environment")) {
      Map<?, ?> e = (Map<?, ?>) entry;
      assertThat(env.put(String.valueOf(e.get("Name")), e.get("Value"))).as("duplicate %s", e.get("Name")).isNull();
    }
    return env;
  }

  private static Object tags(String logicalId) {
    return ((List<?>) properties(resources, logicalId).get("Tags")).stream().map(t -> ((Map<?, ?>) t).get("Value")).toList();
  }

  private static String roleDefaultPolicyOf(Map<String, Map<String, Object>> in, String role) {
    return in.entrySet().stream()
        .filter(e -> "AWS::IAM::Policy".equals(e.getValue().get("Type")))
        .filter(e -> asList(((Map<?, ?>) e.getValue().get("Properties")).get("Roles")).contains(ref(role)))
        .map(Map.Entry::getKey).findFirst().orElseThrow();
  }

  private static List<Map<?, ?>> statementsOfRole(String role) {
    Map<?, ?> document = (Map<?, ?>) properties(resources, roleDefaultPolicyOf(resources, role)).get("PolicyDocument");
    return asList(document.get("Statement")).stream().<Map<?, ?>>map(s -> (Map<?, ?>) s).toList();
  }

  private static List<Map<?, ?>> taskRoleStatements() {
    return statementsOfRole("LogsWorkerTaskRole");
  }

  private static Set<String> taskRoleActionsOn(String resource) {
    Set<String> actions = new TreeSet<>();
    for (Map<?, ?> statement : taskRoleStatements()) {
      if (asList(statement.get("Resource")).stream().map(LogComputeFargateTest::describe).anyMatch(resource::equals)) {
        actions.addAll(strings(statement.get("Action")));
      }
    }
    return actions;
  }

  private static List<?> asList(Object value) {
    return value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
  }

  private static List<String> strings(Object value) {
    return asList(value).stream().map(String::valueOf).toList();
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
}
