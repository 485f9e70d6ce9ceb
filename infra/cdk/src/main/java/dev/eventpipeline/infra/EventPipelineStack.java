package dev.eventpipeline.infra;

import dev.eventpipeline.infra.config.Artifacts;
import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.infra.constructs.EventBus;
import dev.eventpipeline.infra.constructs.FunctionFactory;
import dev.eventpipeline.infra.constructs.LogPipeline;
import dev.eventpipeline.infra.constructs.LogicalIds;
import dev.eventpipeline.infra.constructs.LogsWorker;
import dev.eventpipeline.infra.constructs.Monitoring;
import dev.eventpipeline.infra.constructs.Nag;
import dev.eventpipeline.infra.constructs.Notifier;
import dev.eventpipeline.infra.constructs.PipelineFunction;
import dev.eventpipeline.infra.constructs.Remediation;
import dev.eventpipeline.infra.constructs.SafeDeployments;
import dev.eventpipeline.infra.constructs.SecureBucket;
import dev.eventpipeline.infra.constructs.SmokeTest;
import dev.eventpipeline.infra.constructs.Thumbnails;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.CfnPolicy;
import software.amazon.awscdk.services.lambda.CodeSigningConfig;
import software.amazon.awscdk.services.lambda.ICodeSigningConfig;
import software.amazon.awscdk.services.lambda.UntrustedArtifactOnDeployment;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.signer.Platform;
import software.amazon.awscdk.services.signer.SigningProfile;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The EventPipeline stack: the whole deployed topology as one deployable unit (one stack keeps
 * the local cloud free of cross-stack exports), one construct per concern.
 */
public final class EventPipelineStack extends Stack {
  /** The stack's name, and its construct id. */
  public static final String NAME = "EventPipeline";

  private final LogPipeline logPipeline;
  private final Thumbnails thumbnails;
  private final EventBus eventBus;
  private final Notifier notifier;
  private final Monitoring monitoring;
  private final Remediation remediation;
  private final SmokeTest smokeTest;
  private final Map<String, IQueue> deadLetterQueues = new LinkedHashMap<>();

  public EventPipelineStack(Construct scope, StackProps props, PipelineSettings settings, Artifacts artifacts) {
    super(scope, NAME, props);

    // Server access logs of every bucket; it cannot log to itself.
    Bucket accessLogs = SecureBucket.create(this, "AccessLogs", new SecureBucket.Props(
        "AccessLogsBucket", null, false, settings.retainData(), List.of(LifecycleRule.builder()
            .id("expire-access-logs")
            .expiration(Duration.days(settings.accessLogsExpirationDays()))
            .build())));
    Nag.suppress(accessLogs, "AwsSolutions-S1",
        "This is the server access log bucket of the other buckets; logging it to itself would loop.");

    FunctionFactory functions = new FunctionFactory(artifacts, settings, codeSigning(settings));

    eventBus = new EventBus(this, "EventBus", new EventBus.Props(settings.alarmEmail()));
    logPipeline = new LogPipeline(this, "LogPipeline",
        new LogPipeline.Props(functions, eventBus.events(), accessLogs));
    thumbnails = new Thumbnails(this, "Thumbnails",
        new Thumbnails.Props(functions, eventBus.events(), accessLogs));
    notifier = new Notifier(this, "Notifier", new Notifier.Props(functions, eventBus.events()));
    remediation = new Remediation(this, "Remediation", new Remediation.Props(functions, eventBus.events()));

    deadLetterQueues.putAll(logPipeline.failureQueues());
    deadLetterQueues.put("ThumbnailJobsDlq", thumbnails.jobs().deadLetterQueue());
    deadLetterQueues.put("NotifyEventsDlq", notifier.notifyEvents().deadLetterQueue());
    deadLetterQueues.put("NotifySubscriptionDlq", notifier.subscriptionDlq());
    deadLetterQueues.put("RemediateDlq", remediation.deadLetterQueue());

    List<PipelineFunction> all = new ArrayList<>(logPipeline.consumers());
    all.add(thumbnails.function());
    all.add(notifier.notifyFunction());
    all.add(notifier.apiFunction());
    all.add(remediation.function());
    if (settings.smokeTest()) {
      smokeTest = new SmokeTest(this, "SmokeTest", new SmokeTest.Props(functions, artifacts, logPipeline.rawLogs(),
          thumbnails.uploads(), logPipeline.archive(), thumbnails.thumbnails(),
          List.of(eventBus, logPipeline, thumbnails, notifier, remediation), logPipeline.logsWorker()));
      all.add(smokeTest.function());
    } else {
      smokeTest = null;
    }
    monitoring = new Monitoring(this, "Monitoring", new Monitoring.Props(
        eventBus.alarms(), all, logPipeline.consumers(), deadLetterQueues,
        settings.iteratorAgeAlarmSeconds(), notifier.notifyFunction(), settings.metricsNamespace(),
        settings.failedDeliveriesMetric(), settings.failedDeliveriesAlarmThreshold(), logPipeline.logsWorker()));

    remediate(settings);
    if (smokeTest != null) {
      smokeTest.trigger().executeAfter(monitoring);
    }

    if (!settings.canaryDeploymentConfig().isEmpty()) {
      new SafeDeployments(this, "SafeDeployments",
          new SafeDeployments.Props(settings.canaryDeploymentConfig(), all, monitoring));
    }

    outputs();
    suppressCdkInternals();
    // After every grant: each execution role's policy, named after its function.
    for (PipelineFunction fn : all) {
      LogicalIds.setOnly(fn.role(), CfnPolicy.class, fn.id().logicalName() + "FunctionRolePolicy");
    }
  }

  /**
   * The stack's first two availability zones as CloudFormation resolves them ({@code Fn::GetAZs}) instead
   * of a context lookup, which needs credentials and would otherwise leave placeholders in an offline
   * synthesis. Only the logs worker's VPC (logCompute=fargate) places anything in an AZ.
   */
  @Override
  public List<String> getAvailabilityZones() {
    return List.of(Fn.select(0, Fn.getAzs()), Fn.select(1, Fn.getAzs()));
  }

  /**
   * The alarms the remediation acts on: the depth alarms of the DLQs it can redrive (the SQS DLQs of
   * thumbnail-jobs and notify-events, the Kinesis consumers' on-failure destinations) and, on provisioned
   * streams, the consumers' iterator-age alarms. Not the SNS subscription's DLQ (no queue to redrive to)
   * nor its own DLQ. With logCompute=fargate there are no on-failure destinations, and the iterator-age
   * alarms are the streams' (the logs worker's lag).
   */
  private void remediate(PipelineSettings settings) {
    Map<String, software.amazon.awscdk.services.cloudwatch.Alarm> depth = monitoring.queueAlarms();
    List<Remediation.Redrive> redrives = new ArrayList<>();
    redrives.add(new Remediation.Redrive(depth.get("ThumbnailJobsDlq"), thumbnails.jobs().deadLetterQueue(),
        thumbnails.jobs().queue(), null));
    redrives.add(new Remediation.Redrive(depth.get("NotifyEventsDlq"), notifier.notifyEvents().deadLetterQueue(),
        notifier.notifyEvents().queue(), null));
    Map<FunctionId, software.amazon.awscdk.services.kinesis.IStream> streams = new java.util.EnumMap<>(Map.of(
        FunctionId.INGEST, logPipeline.rawLogs(), FunctionId.ENRICH, logPipeline.normalizedLogs(),
        FunctionId.MASK, logPipeline.enrichedLogs()));
    List<Remediation.Scale> scales = new ArrayList<>();
    streams.forEach((id, stream) -> {
      String stem = id.logicalName() + "Dlq";
      if (logPipeline.failureQueues().containsKey(stem)) {
        redrives.add(new Remediation.Redrive(depth.get(stem), logPipeline.failureQueues().get(stem), null, stream));
      }
      if (settings.streamMode() == PipelineSettings.StreamCapacity.PROVISIONED) {
        scales.add(new Remediation.Scale(monitoring.iteratorAgeAlarms().get(id), stream, settings.shardCount(),
            settings.remediation().maxShards()));
      }
    });
    remediation.actOn(redrives, scales);
  }

  private ICodeSigningConfig codeSigning(PipelineSettings settings) {
    if (settings.codeSigning() == PipelineSettings.CodeSigning.OFF) {
      return null;
    }
    SigningProfile profile = SigningProfile.Builder.create(this, "SigningProfile")
        .platform(Platform.AWS_LAMBDA_SHA384_ECDSA)
        .build();
    return CodeSigningConfig.Builder.create(this, "CodeSigningConfig")
        .description("Only code signed by the pipeline's signing profile")
        .signingProfiles(List.of(profile))
        .untrustedArtifactOnDeployment(settings.codeSigning() == PipelineSettings.CodeSigning.ENFORCE
            ? UntrustedArtifactOnDeployment.ENFORCE
            : UntrustedArtifactOnDeployment.WARN)
        .build();
  }

  // The keys documented in docs/functions.md; the local cloud and the CLI read them.
  private void outputs() {
    output("RawLogsStreamName", logPipeline.rawLogs().getStreamName(), "Kinesis stream producers write logs to");
    output("NormalizedLogsStreamName", logPipeline.normalizedLogs().getStreamName(), "Kinesis stream of normalized records");
    output("EnrichedLogsStreamName", logPipeline.enrichedLogs().getStreamName(), "Kinesis stream of enriched records");
    output("UploadsBucketName", thumbnails.uploads().getBucketName(), "Bucket users upload images to");
    output("ThumbnailsBucketName", thumbnails.thumbnails().getBucketName(), "Bucket thumbnails are written to");
    output("ArchiveBucketName", logPipeline.archive().getBucketName(), "Bucket of masked log batches and quarantine");
    output("ReferenceDataBucketName", logPipeline.referenceData().getBucketName(), "Bucket of enrich's catalog document");
    output("EventsTopicArn", eventBus.events().getTopicArn(), "SNS topic of pipeline events (CloudEvents JSON)");
    output("NotifyQueueUrl", notifier.notifyEvents().queue().getQueueUrl(), "SQS queue feeding the notify function");
    output("SubscriptionsApiUrl", notifier.apiUrl().getUrl(), "Webhook subscription API (AWS_IAM auth)");
    deadLetterQueues.forEach((name, queue) ->
        output(name + "Url", queue.getQueueUrl(), "Dead-letter / on-failure queue " + name));
    LogsWorker worker = logPipeline.logsWorker();
    if (worker != null) {
      output("LogsWorkerClusterName", worker.cluster().getClusterName(), "ECS cluster of the logs worker (logCompute=fargate)");
      output("LogsWorkerServiceName", worker.service().getServiceName(), "ECS service of the logs worker (logCompute=fargate)");
      output("LogsWorkerApplicationName", worker.applicationName(),
          "KCL application name prefix of the logs worker: its stages' lease tables are <prefix>-ingest|enrich|mask");
    }
    if (logPipeline.quarantineRaw() != null) {
      output("QuarantineRawBucketName", logPipeline.quarantineRaw().bucket().getBucketName(),
          "Bucket of raw copies of quarantined records (opt-in, unmasked, short-lived)");
      output("QuarantineRawReaderRoleArn", logPipeline.quarantineRaw().readerRole().getRoleArn(),
          "Role operators assume to read raw quarantine copies");
    }
  }

  private void output(String key, String value, String description) {
    CfnOutput output = CfnOutput.Builder.create(this, key).value(value).description(description).build();
    output.overrideLogicalId(key);
  }

  /**
   * Suppressions for what the CDK itself adds: the handler of Custom::S3BucketNotifications, and the
   * provider of Custom::Trigger.
   */
  private void suppressCdkInternals() {
    for (IConstruct child : getNode().getChildren()) {
      if (child.getNode().getId().startsWith("AWSCDK.TriggerCustomResourceProvider")) {
        suppressTriggerProvider(child);
        continue;
      }
      if (child.getNode().getId().startsWith("Custom::VpcRestrictDefaultSG")) {
        // Only with logCompute=fargate: the logs worker's VPC removes its default security group's rules.
        Nag.suppress(child, "AwsSolutions-IAM4", "The CDK's own provider of Custom::VpcRestrictDefaultSG: runs once"
            + " per deployment to remove every rule of the logs worker VPC's default security group (which nothing"
            + " uses); its code and role are the CDK's. Its role uses AWSLambdaBasicExecutionRole.",
            List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
        continue;
      }
      if (!child.getNode().getId().startsWith("BucketNotificationsHandler")) {
        continue;
      }
      String why = "The CDK's own handler of Custom::S3BucketNotifications: runs once per deployment"
          + " to put the uploads bucket's notification configuration; its code and role are the CDK's.";
      Nag.suppress(child, "AwsSolutions-IAM4", why + " Its role uses AWSLambdaBasicExecutionRole.",
          List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
    }
  }

  private static void suppressTriggerProvider(IConstruct provider) {
    String why = "The CDK's own provider of Custom::Trigger (triggers.Trigger): runs once per deployment to"
        + " invoke the smoke test function; its code, runtime and role are the CDK's.";
    Nag.suppress(provider, "AwsSolutions-IAM4", why + " Its role uses AWSLambdaBasicExecutionRole.",
        List.of("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"));
  }

  public Thumbnails thumbnails() {
    return thumbnails;
  }

  public Remediation remediation() {
    return remediation;
  }

  public Monitoring monitoring() {
    return monitoring;
  }

  /** Every DLQ and on-failure queue by output stem (the output key is the stem + "Url"). */
  public Map<String, IQueue> deadLetterQueues() {
    return java.util.Collections.unmodifiableMap(deadLetterQueues);
  }

  /** The logs worker, or null when the functions run the log stages (logCompute=lambda, the default). */
  public LogsWorker logsWorker() {
    return logPipeline.logsWorker();
  }

  /** The function of an id; null for one the stack does not deploy (ingest, enrich, mask on Fargate). */
  public PipelineFunction function(FunctionId id) {
    return switch (id) {
      case INGEST, ENRICH, MASK -> logPipeline.consumers().stream().filter(fn -> fn.id() == id).findFirst()
          .orElse(null);
      case THUMBNAIL -> thumbnails.function();
      case NOTIFY -> notifier.notifyFunction();
      case SUBSCRIPTIONS_API -> notifier.apiFunction();
      case REMEDIATE -> remediation.function();
      case SMOKE_TEST -> smokeTest == null ? null : smokeTest.function();
    };
  }
}
