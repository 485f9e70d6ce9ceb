package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.FunctionSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.CfnEventSourceMapping;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.ICodeSigningConfig;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSourceProps;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * One pipeline function the way every function is deployed: java21 on arm64 from its module's
 * artifact, explicit memory and timeout, active tracing, JSON logs (application INFO, system WARN)
 * into its own log group with a retention period, SnapStart on published versions, and a {@code live}
 * alias that event sources and URLs target. Its role starts with nothing but writing its own logs.
 */
public final class PipelineFunction extends Construct {
  /** The alias every event source mapping and URL targets. */
  public static final String ALIAS_NAME = "live";

  // RetentionDays' constants in order, with the day counts CloudWatch Logs accepts.
  private static final int[] RETENTION_DAYS = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
      545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

  /** What differs between functions; {@code codeSigning} may be null. */
  public record Props(
      FunctionId id,
      Path artifact,
      FunctionSettings settings,
      Map<String, String> environment,
      int logRetentionDays,
      boolean retainLogs,
      ICodeSigningConfig codeSigning,
      String description) {}

  private final FunctionId id;
  private final Function function;
  private final Alias alias;
  private final LogGroup logGroup;
  private final Role role;

  public PipelineFunction(Construct scope, String constructId, Props props) {
    super(scope, constructId);
    this.id = props.id();
    String name = id.logicalName();
    FunctionSettings s = props.settings();

    logGroup = LogGroup.Builder.create(this, "LogGroup")
        .retention(retention(props.logRetentionDays()))
        .removalPolicy(props.retainLogs() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
        .build();
    LogicalIds.set(logGroup, name + "LogGroup");

    // An explicit role instead of the default one: the default attaches the managed
    // AWSLambdaBasicExecutionRole (logs on every log group); this one writes only its own group.
    role = Role.Builder.create(this, "Role")
        .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
        .description("Execution role of the " + id.contextPrefix() + " function")
        .build();
    LogicalIds.set(role, name + "FunctionRole");
    logGroup.grantWrite(role);

    Map<String, String> environment = new LinkedHashMap<>(props.environment());
    function = Function.Builder.create(this, "Function")
        .description(props.description())
        .runtime(Runtime.JAVA_21)
        .architecture(Architecture.ARM_64)
        .handler(id.handler())
        .code(Code.fromAsset(props.artifact().toString()))
        .memorySize(s.memoryMiB())
        .timeout(Duration.seconds(s.timeoutSeconds()))
        .environment(environment)
        .role(role)
        .tracing(Tracing.ACTIVE)
        .loggingFormat(LoggingFormat.JSON)
        .applicationLogLevelV2(ApplicationLogLevel.INFO)
        // WARN drops the platform's START/END/REPORT lines: billed log ingestion on every invocation.
        .systemLogLevelV2(SystemLogLevel.WARN)
        .logGroup(logGroup)
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
        .reservedConcurrentExecutions(s.reservedConcurrency() > 0 ? s.reservedConcurrency() : null)
        .codeSigningConfig(props.codeSigning())
        .build();
    LogicalIds.set(function, name + "Function");

    alias = Alias.Builder.create(this, "LiveAlias")
        .aliasName(ALIAS_NAME)
        .version(function.getCurrentVersion())
        .build();
    LogicalIds.set(alias, name + "LiveAlias");

    Nag.suppress(role, "AwsSolutions-IAM5",
        "X-Ray active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support"
            + " no resource-level permissions (Resource must be *).",
        List.of("Resource::*"));
    String runtimeReason = "java21 is the runtime the pipeline is built and tested for (docs/functions.md,"
        + " SnapStart-tested); a newer Java runtime is adopted deliberately, with the functions' tests"
        + " run on it first.";
    Nag.suppress(function, "AwsSolutions-L1", runtimeReason);
    Nag.suppress(function, "Serverless-LambdaLatestVersion", runtimeReason);
    // The live alias publishes a version on every code or configuration change.
    Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
        "every deployment publishes a version through the live alias (currentVersion)");
    if (id.invokedAsynchronously()) {
      Nag.suppress(function, "Serverless-LambdaDLQ",
          "Invoked asynchronously through its live alias only, whose EventInvokeConfig sends failures to an"
              + " on-failure destination (a queue, alarmed); a function-level DLQ would never be used.");
    } else {
      Nag.suppress(function, "Serverless-LambdaDLQ",
          "Invoked synchronously only (event source mappings and a function URL): failures go to the"
              + " mapping's DLQ or on-failure destination, never to an async DLQ.");
      Nag.suppress(function, "Serverless-LambdaAsyncFailureDestination",
          "Invoked synchronously only (event source mappings and a function URL): there are no"
              + " asynchronous invocations whose failures a destination could catch.");
    }
    if (s.reservedConcurrency() == 0) {
      Nag.suppress(function, "Serverless-LambdaConcurrency",
          reasonForNoReservedConcurrency(id));
    }
  }

  private static String reasonForNoReservedConcurrency(FunctionId id) {
    if (id.consumesQueue()) {
      return "Concurrency is bounded by the SQS event source's maximum concurrency, which, unlike"
          + " reserved concurrency, never throttles messages into the DLQ.";
    }
    return "A Kinesis consumer runs at most shards x parallelization factor concurrent invocations;"
        + " reserving concurrency would only take capacity from the account pool.";
  }

  static RetentionDays retention(int days) {
    for (int i = 0; i < RETENTION_DAYS.length; i++) {
      if (RETENTION_DAYS[i] == days) {
        return RetentionDays.values()[i];
      }
    }
    throw new IllegalArgumentException("not a CloudWatch Logs retention period: " + days + " days");
  }

  public FunctionId id() {
    return id;
  }

  public Function function() {
    return function;
  }

  /** The {@code live} alias: the grantee of every permission and the target of every source. */
  public Alias alias() {
    return alias;
  }

  /** The execution role: what every grant to this function adds to. */
  public Role role() {
    return role;
  }

  public LogGroup logGroup() {
    return logGroup;
  }

  /**
   * Makes the alias consume {@code queue} with the function's batch settings and partial batch
   * responses. An SQS event source takes no on-failure destination: failed messages go to the queue's
   * DLQ ({@code dlqName}) through its redrive policy.
   */
  public void consume(IQueue queue, FunctionSettings fs, String mappingLogicalId, String dlqName) {
    alias.addEventSource(new SqsEventSource(queue, SqsEventSourceProps.builder()
        .batchSize(fs.batchSize())
        .maxBatchingWindow(fs.batchingWindowSeconds() > 0 ? Duration.seconds(fs.batchingWindowSeconds()) : null)
        .reportBatchItemFailures(true)
        .maxConcurrency(fs.maxConcurrency())
        .build()));
    LogicalIds.setOnly(alias, CfnEventSourceMapping.class, mappingLogicalId);
    Nag.suppress(alias, "Serverless-LambdaEventSourceMappingDestination",
        "SQS event sources take no on-failure destination: failed messages go to the queue's DLQ"
            + " (" + dlqName + ") through its redrive policy.");
  }
}
