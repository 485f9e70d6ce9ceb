package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.settings.EnvVars;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IgnoreMode;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AwsLogDriverMode;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The log stages on ECS Fargate ({@code logCompute=fargate}): one service of the logs worker, a
 * long-running KCL application that runs ingest (raw-logs), enrich (normalized-logs) and mask
 * (enriched-logs) with the functions' handler code, in place of their Kinesis event source mappings.
 * Its task role starts with nothing but KCL's lease tables; {@link LogPipeline} adds what each stage
 * needs, exactly as it grants the functions.
 */
public final class LogsWorker extends Construct {
  /** The one container of the task definition; the local cloud runs the jar with its environment. */
  public static final String CONTAINER_NAME = "logs-worker";

  /**
   * KCL 3.5.1's lease table schema: partition key {@code leaseKey} (S), and the global secondary index
   * {@code LeaseOwnerToLeaseKeyIndex} on {@code leaseOwner} (S) / {@code leaseKey} (S), keys only
   * (DynamoDBLeaseSerializer.getKeySchema / getWorkerIdToLeaseKeyIndexKeySchema,
   * DynamoDBLeaseRefresher.createLeaseOwnerToLeaseKeyIndexIfNotExists). A table KCL finds with that
   * index is used as it is: no CreateTable, no UpdateTable.
   */
  public static final String LEASE_KEY = "leaseKey";
  public static final String LEASE_OWNER = "leaseOwner";
  public static final String LEASE_OWNER_INDEX = "LeaseOwnerToLeaseKeyIndex";

  /**
   * The per-application tables of KCL 3.0–3.4 ({@code <application>-WorkerMetricStats}, key {@code wid};
   * {@code <application>-CoordinatorState}, key {@code key}). KCL 3.5 keeps worker metrics and
   * coordinator state in the lease table and only describes these at start: found, they start a
   * migration into the lease table (LegacyTable*DAODelegate, TableMigrationStateMachineImpl); not
   * found, it records the migration as complete. So they are NOT created: the task role may only
   * describe them, which answers ResourceNotFoundException (a denied DescribeTable would stop KCL).
   */
  public static final List<String> LEGACY_TABLE_SUFFIXES = List.of("-WorkerMetricStats", "-CoordinatorState");

  /** The stages the worker runs, in pipeline order, each reading the stream of the same position. */
  public static final List<FunctionId> STAGES = List.of(FunctionId.INGEST, FunctionId.ENRICH, FunctionId.MASK);

  /** What the worker needs: the settings, its image's build directory, and the three log streams. */
  public record Props(PipelineSettings settings, Path imageDirectory, boolean jarBuilt, IStream rawLogs,
      IStream normalizedLogs, IStream enrichedLogs) {}

  // The functions' application log level (PipelineFunction: ApplicationLogLevel INFO), for the worker's
  // Log4j configuration (common's log4j2.properties reads LOG_LEVEL outside Lambda).
  private static final String LOG_LEVEL = "LOG_LEVEL";

  private final String applicationName;
  private final Map<FunctionId, IStream> inputStreams = new EnumMap<>(FunctionId.class);
  private final Map<FunctionId, Table> leaseTables = new EnumMap<>(FunctionId.class);
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Vpc vpc;
  private final Cluster cluster;
  private final Role taskRole;
  private final Role executionRole;
  private final DockerImageAsset image;
  private final FargateTaskDefinition taskDefinition;
  private final ContainerDefinition container;
  private final FargateService service;
  private final LogGroup logGroup;
  private final PipelineSettings.LogsWorker sizing;

  public LogsWorker(Construct scope, String id, Props props) {
    super(scope, id);
    PipelineSettings s = props.settings();
    sizing = s.logsWorker();
    RemovalPolicy dataPolicy = s.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    // Table names are per account and region, and so is the stack's name.
    applicationName = Stack.of(this).getStackName() + "-logs-worker";
    inputStreams.put(FunctionId.INGEST, props.rawLogs());
    inputStreams.put(FunctionId.ENRICH, props.normalizedLogs());
    inputStreams.put(FunctionId.MASK, props.enrichedLogs());

    // Networking: public subnets, a public IP per task, and a security group with no inbound rule at
    // all. The worker only calls AWS APIs over HTTPS, so it needs a route out, never a way in. The
    // alternatives cost more for the same reachability: a NAT gateway (~$33/month per AZ plus $0.045/GB),
    // or private subnets with interface endpoints for Kinesis, SNS, Secrets Manager, CloudWatch Logs and
    // ECR (~$7.30/month each per AZ: ~$88 for two AZs); a public IPv4 address is $3.65/month per task.
    // cdk-nag accepts this (no inbound rule, flow logs on). The S3 and DynamoDB gateway endpoints cost
    // nothing and keep archive, image-layer and lease traffic off the internet path.
    LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
        .retention(PipelineFunction.retention(s.logRetentionDays()))
        .removalPolicy(dataPolicy)
        .build();
    LogicalIds.set(flowLogs, "LogsWorkerFlowLogsLogGroup");
    vpc = Vpc.Builder.create(this, "Vpc")
        .ipAddresses(IpAddresses.cidr("10.0.0.0/24"))
        .maxAzs(2)
        .natGateways(0)
        .subnetConfiguration(List.of(SubnetConfiguration.builder()
            .name("Public")
            .subnetType(SubnetType.PUBLIC)
            .cidrMask(26)
            // The service assigns each task its address; nothing else is launched here.
            .mapPublicIpOnLaunch(false)
            .build()))
        .flowLogs(Map.of("FlowLog", FlowLogOptions.builder()
            .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
            .trafficType(FlowLogTrafficType.ALL)
            .build()))
        .build();
    LogicalIds.set(vpc, "LogsWorkerVpc");
    vpc.addGatewayEndpoint("S3Endpoint", GatewayVpcEndpointOptions.builder()
        .service(GatewayVpcEndpointAwsService.S3).build());
    vpc.addGatewayEndpoint("DynamoDbEndpoint", GatewayVpcEndpointOptions.builder()
        .service(GatewayVpcEndpointAwsService.DYNAMODB).build());
    SecurityGroup tasks = SecurityGroup.Builder.create(this, "SecurityGroup")
        .vpc(vpc)
        .description("Logs worker tasks: no inbound rule; outbound HTTPS to the AWS APIs only")
        .allowAllOutbound(false)
        .build();
    tasks.addEgressRule(Peer.anyIpv4(), Port.tcp(443),
        "HTTPS to AWS APIs: Kinesis, DynamoDB, S3, SNS, Secrets Manager, CloudWatch Logs, ECR");
    LogicalIds.set(tasks, "LogsWorkerSecurityGroup");

    cluster = Cluster.Builder.create(this, "Cluster")
        .vpc(vpc)
        .containerInsightsV2(ContainerInsights.ENABLED)
        .build();
    LogicalIds.set(cluster, "LogsWorkerCluster");

    taskRole = Role.Builder.create(this, "TaskRole")
        .assumedBy(tasksOfThisAccount())
        .description("Task role of the logs worker: the ingest, enrich and mask stages and their KCL lease tables")
        .build();
    LogicalIds.set(taskRole, "LogsWorkerTaskRole");
    executionRole = Role.Builder.create(this, "ExecutionRole")
        .assumedBy(new ServicePrincipal("ecs-tasks.amazonaws.com"))
        .description("Execution role of the logs worker's tasks: pulls its image, writes its log group")
        .build();
    LogicalIds.set(executionRole, "LogsWorkerExecutionRole");

    logGroup = LogGroup.Builder.create(this, "LogGroup")
        .retention(PipelineFunction.retention(s.logRetentionDays()))
        .removalPolicy(dataPolicy)
        .build();
    LogicalIds.set(logGroup, "LogsWorkerLogGroup");

    for (FunctionId stage : STAGES) {
      leaseTables.put(stage, leaseTable(stage, s.retainData(), dataPolicy));
    }

    // Synthesis only stages the directory (.dockerignore: the Dockerfile and the jar); the image is
    // built by `cdk deploy`, for arm64 like the functions.
    image = DockerImageAsset.Builder.create(this, "Image")
        .directory(props.imageDirectory().toString())
        .platform(Platform.LINUX_ARM64)
        .ignoreMode(IgnoreMode.DOCKER)
        .build();
    if (!props.jarBuilt()) {
      Annotations.of(this).addWarningV2("eventpipeline:logsWorkerJarMissing", "logs-worker/target/logs-worker.jar"
          + " is not built: the image cannot be built for a deployment (./mvnw -q -B -pl logs-worker -am package"
          + " -DskipTests)");
    }

    taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
        .family(applicationName)
        .cpu(sizing.cpu())
        .memoryLimitMiB(sizing.memoryMiB())
        .runtimePlatform(RuntimePlatform.builder()
            .cpuArchitecture(CpuArchitecture.ARM64)
            .operatingSystemFamily(OperatingSystemFamily.LINUX)
            .build())
        .taskRole(taskRole)
        .executionRole(executionRole)
        .build();
    LogicalIds.set(taskDefinition, "LogsWorkerTaskDefinition");
    container = taskDefinition.addContainer("Container", ContainerDefinitionOptions.builder()
        .containerName(CONTAINER_NAME)
        .image(ContainerImage.fromDockerImageAsset(image))
        .essential(true)
        // SIGTERM, then up to 60 s to finish the batches in hand, checkpoint and hand the leases over.
        .stopTimeout(Duration.seconds(60))
        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder()
            .logGroup(logGroup)
            .streamPrefix(CONTAINER_NAME)
            // A slow CloudWatch Logs must never stall record processing (the archive is the record).
            .mode(AwsLogDriverMode.NON_BLOCKING)
            .maxBufferSize(Size.mebibytes(25))
            .build()))
        .build());
    // After the container's image and log grants made the execution role's policy.
    Nag.suppress(executionRole, "AwsSolutions-IAM5",
        "ecr:GetAuthorizationToken, which the ECS agent calls to pull the worker's image, supports no"
            + " resource-level permission (Resource must be *); the pull itself is allowed on the asset repository only.",
        List.of("Resource::*"));
    Nag.suppress(taskDefinition, "AwsSolutions-ECS2",
        "The worker's configuration is environment variables, as the functions' is: resource names and ARNs,"
            + " batch sizes and the masking policy, no secret (the HASH key is read at run time from Secrets"
            + " Manager by its ARN). The local cloud runs the worker with exactly this environment.");

    addFixedEnvironment(s, props);

    service = FargateService.Builder.create(this, "Service")
        .cluster(cluster)
        .taskDefinition(taskDefinition)
        .desiredCount(sizing.minTasks())
        // New tasks start before old ones stop, so leases move from a running worker to a running one.
        .minHealthyPercent(100)
        .maxHealthyPercent(200)
        .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
        .platformVersion(FargatePlatformVersion.LATEST)
        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
        .assignPublicIp(true)
        .securityGroups(List.of(tasks))
        .propagateTags(PropagatedTagSource.SERVICE)
        .enableEcsManagedTags(true)
        .build();
    LogicalIds.set(service, "LogsWorkerService");
    // KCL spreads leases (one per shard and stage) over the tasks by their CPU; more tasks than leases idle.
    service.autoScaleTaskCount(EnableScalingProps.builder()
            .minCapacity(sizing.minTasks())
            .maxCapacity(sizing.maxTasks())
            .build())
        .scaleOnCpuUtilization("CpuTarget", CpuUtilizationScalingProps.builder()
            .targetUtilizationPercent(sizing.targetCpuPercent())
            .scaleOutCooldown(Duration.minutes(1))
            // A scale-in moves leases (a graceful handoff each): not more often than every 5 minutes.
            .scaleInCooldown(Duration.minutes(5))
            .build());
  }

  // Only ECS tasks of this account may assume the task role: the confused-deputy conditions the ECS
  // documentation recommends for task roles.
  private IPrincipal tasksOfThisAccount() {
    Stack stack = Stack.of(this);
    return new ServicePrincipal("ecs-tasks.amazonaws.com").withConditions(Map.of(
        "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
        "ArnLike", Map.of("aws:SourceArn", stack.formatArn(ArnComponents.builder()
            .service("ecs").resource("*").arnFormat(ArnFormat.NO_RESOURCE_NAME).build()))));
  }

  private Table leaseTable(FunctionId stage, boolean retain, RemovalPolicy removal) {
    String name = applicationName(stage);
    Table table = Table.Builder.create(this, stage.logicalName() + "LeaseTable")
        .tableName(name)
        .partitionKey(Attribute.builder().name(LEASE_KEY).type(AttributeType.STRING).build())
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true).build())
        .encryption(TableEncryption.AWS_MANAGED)
        .deletionProtection(retain)
        .removalPolicy(removal)
        .build();
    table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
        .indexName(LEASE_OWNER_INDEX)
        .partitionKey(Attribute.builder().name(LEASE_OWNER).type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name(LEASE_KEY).type(AttributeType.STRING).build())
        .projectionType(ProjectionType.KEYS_ONLY)
        .build());
    LogicalIds.set(table, "LogsWorker" + stage.logicalName() + "LeaseTable");

    // What KCL does with its lease table (leases, worker metrics, coordinator state, the leader lock):
    // item reads and writes, batches, transactions' condition checks, scans, and queries of the index.
    // Never CreateTable, UpdateTable or UpdateContinuousBackups: the table exists as KCL would make it.
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(taskRole)
        .actions(List.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            "dynamodb:Scan", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem", "dynamodb:ConditionCheckItem"))
        .resourceArns(List.of(table.getTableArn()))
        .build());
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(taskRole)
        .actions(List.of("dynamodb:Query"))
        .resourceArns(List.of(table.getTableArn() + "/index/" + LEASE_OWNER_INDEX))
        .build());
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(taskRole)
        .actions(List.of("dynamodb:DescribeTable"))
        .resourceArns(LEGACY_TABLE_SUFFIXES.stream().map(suffix -> Stack.of(this).formatArn(ArnComponents.builder()
            .service("dynamodb")
            .resource("table")
            .resourceName(name + suffix)
            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
            .build())).toList())
        .build());
    return table;
  }

  private void addFixedEnvironment(PipelineSettings s, Props props) {
    put(EnvVars.RAW_STREAM_NAME, props.rawLogs().getStreamName());
    put(EnvVars.NORMALIZED_STREAM_NAME, props.normalizedLogs().getStreamName());
    put(EnvVars.ENRICHED_STREAM_NAME, props.enrichedLogs().getStreamName());
    put(EnvVars.KCL_APPLICATION_NAME, applicationName);
    // a function reads its account from its ARN (enrich's metadata carries it); the worker from here
    put(EnvVars.AWS_ACCOUNT_ID, Stack.of(this).getAccount());
    put(EnvVars.INGEST_BATCH_SIZE, Integer.toString(s.function(FunctionId.INGEST).batchSize()));
    put(EnvVars.ENRICH_BATCH_SIZE, Integer.toString(s.function(FunctionId.ENRICH).batchSize()));
    put(EnvVars.MASK_BATCH_SIZE, Integer.toString(s.function(FunctionId.MASK).batchSize()));
    put(EnvVars.MASK_BATCHING_WINDOW_SECONDS, Integer.toString(s.function(FunctionId.MASK).batchingWindowSeconds()));
    // As FunctionFactory sets it on every function: the alarms read the EMF metrics from this namespace.
    put(EnvVars.METRICS_NAMESPACE, s.metricsNamespace());
    put(LOG_LEVEL, "INFO");
  }

  /**
   * Adds a stage's environment, as the stage's function would get it, but OUTPUT_STREAM_NAME (the
   * worker names every stream by its own variable). A variable two stages share must agree.
   */
  public void addStageEnvironment(FunctionId stage, Map<String, String> stageEnvironment) {
    if (!STAGES.contains(stage)) {
      throw new IllegalArgumentException(stage + " is not a stage of the logs worker");
    }
    stageEnvironment.forEach((name, value) -> {
      if (!name.equals(EnvVars.OUTPUT_STREAM_NAME)) {
        put(name, value);
      }
    });
  }

  private void put(String name, String value) {
    String before = environment.putIfAbsent(name, value);
    if (before == null) {
      container.addEnvironment(name, value);
    } else if (!before.equals(value)) {
      throw new IllegalStateException("The logs worker's " + name + " would be both '" + before + "' and '" + value + "'");
    }
  }

  /** The KCL application name prefix: stage S runs as application {@code <prefix>-S}. */
  public String applicationName() {
    return applicationName;
  }

  /** The KCL application (and lease table) name of a stage. */
  public String applicationName(FunctionId stage) {
    return applicationName + "-" + stage.contextPrefix();
  }

  /** The grantee of everything the stages need. */
  public Role taskRole() {
    return taskRole;
  }

  /** The stream each stage reads, in pipeline order. */
  public Map<FunctionId, IStream> inputStreams() {
    return Collections.unmodifiableMap(inputStreams);
  }

  /** The lease table of each stage. */
  public Map<FunctionId, Table> leaseTables() {
    return Collections.unmodifiableMap(leaseTables);
  }

  /** The container's environment so far, in the order it was added. */
  public Map<String, String> environment() {
    return Collections.unmodifiableMap(environment);
  }

  public Cluster cluster() {
    return cluster;
  }

  public FargateService service() {
    return service;
  }

  public FargateTaskDefinition taskDefinition() {
    return taskDefinition;
  }

  public Vpc vpc() {
    return vpc;
  }

  public LogGroup logGroup() {
    return logGroup;
  }

  /** The hash of the staged image directory: changes with the jar or the Dockerfile. */
  public String imageAssetHash() {
    return image.getAssetHash();
  }

  /** The fewest tasks the service runs. */
  public int minTasks() {
    return sizing.minTasks();
  }
}
