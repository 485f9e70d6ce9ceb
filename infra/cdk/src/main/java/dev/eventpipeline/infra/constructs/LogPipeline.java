package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.FunctionSettings;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.settings.EnvVars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.lambda.CfnEventSourceMapping;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSource;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSourceProps;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketGrants;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The log pipeline: Kinesis raw-logs → ingest → normalized-logs → enrich → enriched-logs → mask →
 * the log-archive bucket, with the reference-data bucket enrich reads its catalog from, the HMAC
 * key of mask's HASH operator, and one on-failure queue per stream consumer. The three stages are
 * functions behind event source mappings, or with {@code logCompute=fargate} the {@link LogsWorker}.
 */
public final class LogPipeline extends Construct {
  /** What the log pipeline needs from the rest of the stack. */
  public record Props(FunctionFactory functions, ITopic events, IBucket accessLogs) {}

  private final Stream rawLogs;
  private final Stream normalizedLogs;
  private final Stream enrichedLogs;
  private final Bucket archive;
  private final Bucket referenceData;
  private final Secret hashKey;
  private final QuarantineRawStore quarantineRaw;
  private final LogsWorker logsWorker;
  private final List<PipelineFunction> consumers = new ArrayList<>();
  private final Map<String, Queue> failureQueues = new LinkedHashMap<>();

  public LogPipeline(Construct scope, String id, Props props) {
    super(scope, id);
    PipelineSettings s = props.functions().settings();

    rawLogs = stream("RawLogs", s);
    normalizedLogs = stream("NormalizedLogs", s);
    enrichedLogs = stream("EnrichedLogs", s);

    List<LifecycleRule> archiveRules = List.of(LifecycleRule.builder()
        .id("archive-to-colder-class")
        .transitions(List.of(Transition.builder()
            .storageClass(storageClass(s.archiveStorageClass()))
            .transitionAfter(Duration.days(s.archiveTransitionDays()))
            .build()))
        // Versioning protects against overwrites and deletes; old versions need not live forever.
        .noncurrentVersionExpiration(Duration.days(s.archiveNoncurrentExpirationDays()))
        .build());
    archive = SecureBucket.create(this, "Archive", new SecureBucket.Props(
        "ArchiveBucket", props.accessLogs(), true, s.retainData(), archiveRules));
    referenceData = SecureBucket.create(this, "ReferenceData", new SecureBucket.Props(
        "ReferenceDataBucket", props.accessLogs(), true, s.retainData(), List.of()));

    hashKey = Secret.Builder.create(this, "MaskHashKey")
        .description("HMAC key of the mask function's HASH operator (pseudonymizes values)")
        .generateSecretString(SecretStringGenerator.builder()
            .passwordLength(64)
            .excludePunctuation(true)
            .build())
        .removalPolicy(s.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
        .build();
    LogicalIds.set(hashKey, "MaskHashKeySecret");
    Nag.suppress(hashKey, "AwsSolutions-SMG4",
        "Rotating the HASH key would change every pseudonym and break joins across archived"
            + " batches; rotation is a deliberate, manual operation (docs/deploy.md).");

    FunctionFactory f = props.functions();

    // Raw copies of what ingest quarantines exist only when the deployer opts in.
    quarantineRaw = s.quarantineRaw().enabled()
        ? new QuarantineRawStore(this, "QuarantineRaw", new QuarantineRawStore.Props(
            props.accessLogs(), s.quarantineRaw(), s.retainData()))
        : null;

    // With logCompute=fargate the logs worker runs the three stages instead of the functions: it gets
    // each stage's environment and, on its task role, each stage's grants.
    logsWorker = s.logCompute() == PipelineSettings.LogCompute.FARGATE
        ? new LogsWorker(this, "LogsWorker", new LogsWorker.Props(s, f.artifacts().logsWorkerDirectory(),
            f.artifacts().logsWorkerJarBuilt(), rawLogs, normalizedLogs, enrichedLogs))
        : null;

    Map<String, String> ingestEnv = new LinkedHashMap<>();
    ingestEnv.put(EnvVars.OUTPUT_STREAM_NAME, normalizedLogs.getStreamName());
    ingestEnv.put(EnvVars.QUARANTINE_BUCKET, archive.getBucketName());
    ingestEnv.put(EnvVars.QUARANTINE_PREFIX, PipelineSettings.QUARANTINE_PREFIX);
    ingestEnv.put(EnvVars.EVENTS_TOPIC_ARN, props.events().getTopicArn());
    if (quarantineRaw != null) {
      ingestEnv.put(EnvVars.QUARANTINE_RAW_BUCKET, quarantineRaw.bucket().getBucketName());
    }
    if (!s.maskPolicy().isEmpty()) {
      // the quarantine masks with the deployer's sensitive keys too (HASH as REDACT: ingest has no key)
      ingestEnv.put(EnvVars.MASK_POLICY, s.maskPolicy());
    }
    Stage ingest = stage(f, FunctionId.INGEST, ingestEnv,
        "Decodes and normalizes raw log records (raw-logs -> normalized-logs)");
    normalizedLogs.grantWrite(ingest.grantee());
    putObjects(archive, ingest, PipelineSettings.QUARANTINE_PREFIX);
    if (quarantineRaw != null) {
      // write-only: PutObject on ingest's keys, and a data key to encrypt with (SSE-KMS); never a read
      putObjects(quarantineRaw.bucket(), ingest, PipelineSettings.QUARANTINE_PREFIX + "ingest/");
      quarantineRaw.key().grant(ingest.grantee(), "kms:GenerateDataKey");
    }
    props.events().grantPublish(ingest.grantee());
    consume(ingest, rawLogs, s);

    Map<String, String> enrichEnv = new LinkedHashMap<>();
    enrichEnv.put(EnvVars.OUTPUT_STREAM_NAME, enrichedLogs.getStreamName());
    enrichEnv.put(EnvVars.ENVIRONMENT_NAME, s.environmentName());
    enrichEnv.put(EnvVars.PIPELINE_VERSION, s.pipelineVersion());
    enrichEnv.put(EnvVars.CATALOG_BUCKET, referenceData.getBucketName());
    enrichEnv.put(EnvVars.CATALOG_KEY, s.catalogKey());
    Stage enrich = stage(f, FunctionId.ENRICH, enrichEnv,
        "Adds metadata to normalized log records (normalized-logs -> enriched-logs)");
    enrichedLogs.grantWrite(enrich.grantee());
    BucketGrants.fromBucket(referenceData).actionsOnObjectKeys(enrich.grantee(), s.catalogKey(), "s3:GetObject");
    listBucket(referenceData, enrich.grantee());
    consume(enrich, normalizedLogs, s);

    Map<String, String> maskEnv = new LinkedHashMap<>();
    maskEnv.put(EnvVars.ARCHIVE_BUCKET, archive.getBucketName());
    maskEnv.put(EnvVars.ARCHIVE_PREFIX, PipelineSettings.ARCHIVE_PREFIX);
    maskEnv.put(EnvVars.QUARANTINE_PREFIX, PipelineSettings.QUARANTINE_PREFIX);
    maskEnv.put(EnvVars.EVENTS_TOPIC_ARN, props.events().getTopicArn());
    maskEnv.put(EnvVars.MASK_HASH_KEY_SECRET_ARN, hashKey.getSecretArn());
    if (!s.maskPolicy().isEmpty()) {
      maskEnv.put(EnvVars.MASK_POLICY, s.maskPolicy());
    }
    Stage mask = stage(f, FunctionId.MASK, maskEnv,
        "Masks sensitive values and archives log batches (enriched-logs -> log-archive)");
    // mask reads the object already at a batch's key (an earlier attempt's) and writes it back with the
    // batch's records added, so a retry never removes a record from the archive (docs/reliability.md).
    objectAccess(archive, mask.grantee(), mask.nagScope(), PipelineSettings.ARCHIVE_PREFIX, "s3:GetObject",
        "s3:PutObject");
    listBucket(archive, mask.grantee());
    putObjects(archive, mask, PipelineSettings.QUARANTINE_PREFIX);
    props.events().grantPublish(mask.grantee());
    hashKey.grantRead(mask.grantee());
    consume(mask, enrichedLogs, s);
  }

  /**
   * Who runs a stage and takes its grants: its function (the grantee is the live alias, nag suppressions
   * go on its role), or with logCompute=fargate the logs worker's task role ({@code function} null).
   */
  private record Stage(FunctionId id, IGrantable grantee, IConstruct nagScope, PipelineFunction function) {}

  private Stage stage(FunctionFactory f, FunctionId id, Map<String, String> environment, String description) {
    if (logsWorker != null) {
      logsWorker.addStageEnvironment(id, environment);
      return new Stage(id, logsWorker.taskRole(), logsWorker.taskRole(), null);
    }
    PipelineFunction fn = f.create(this, id, environment, description);
    return new Stage(id, fn.alias(), fn.role(), fn);
  }

  private Stream stream(String name, PipelineSettings s) {
    Stream.Builder b = Stream.Builder.create(this, name)
        .retentionPeriod(Duration.hours(s.streamRetentionHours()))
        // The AWS managed key (aws/kinesis): encrypted at rest, no key policy to keep in step
        // with producers and consumers, no per-key charge (cdk-nag KDS3 recommends it).
        .encryption(StreamEncryption.MANAGED)
        // Streams hold at most a few days of records in transit (the archive is the record), and a
        // retained stream would go on billing shard-hours after teardown.
        .removalPolicy(RemovalPolicy.DESTROY);
    if (s.streamMode() == PipelineSettings.StreamCapacity.ON_DEMAND) {
      b.streamMode(StreamMode.ON_DEMAND);
    } else {
      b.streamMode(StreamMode.PROVISIONED).shardCount(s.shardCount());
    }
    Stream stream = b.build();
    LogicalIds.set(stream, name + "Stream");
    return stream;
  }

  private void consume(Stage stage, Stream stream, PipelineSettings s) {
    if (stage.function() == null) {
      // The worker polls the stream with KCL (GetShardIterator, GetRecords), as an event source mapping
      // does for a function; what it cannot process it retries from its checkpoint.
      stream.grantRead(stage.grantee());
      return;
    }
    PipelineFunction fn = stage.function();
    String name = fn.id().logicalName();
    // The on-failure destination receives Lambda's failure record (shard and sequence range),
    // not the data: the records stay in the stream for the retention period, to be replayed.
    Queue onFailure = SecureQueue.deadLetterQueue(this, name + "Dlq", name + "Dlq",
        "the on-failure destination of the " + fn.id().contextPrefix() + " stream consumer");
    failureQueues.put(name + "Dlq", onFailure);

    FunctionSettings fs = s.function(fn.id());
    fn.alias().addEventSource(new KinesisEventSource(stream, KinesisEventSourceProps.builder()
        .startingPosition(StartingPosition.TRIM_HORIZON)
        .batchSize(fs.batchSize())
        .maxBatchingWindow(Duration.seconds(fs.batchingWindowSeconds()))
        .reportBatchItemFailures(true)
        .bisectBatchOnError(true)
        .retryAttempts(s.kinesisRetryAttempts())
        .maxRecordAge(Duration.seconds(s.kinesisMaxRecordAgeSeconds()))
        .parallelizationFactor(s.kinesisParallelizationFactor())
        .onFailure(new SqsDlq(onFailure))
        .build()));
    LogicalIds.setOnly(fn.alias(), CfnEventSourceMapping.class, name + "EventSourceMapping");
    consumers.add(fn);
  }

  private static void putObjects(IBucket bucket, Stage stage, String prefix) {
    objectAccess(bucket, stage.grantee(), stage.nagScope(), prefix, "s3:PutObject");
  }

  /**
   * Exact object actions on the keys under a prefix ("" for the whole bucket). The key wildcard is
   * the only way to name objects that do not exist yet, so the nag finding is suppressed for
   * exactly that resource.
   */
  static void objectAccess(IBucket bucket, PipelineFunction fn, String prefix, String... actions) {
    objectAccess(bucket, fn.alias(), fn.role(), prefix, actions);
  }

  /** As above, for any grantee; the nag suppression goes on {@code nagScope} (the grantee's role). */
  static void objectAccess(IBucket bucket, IGrantable grantee, IConstruct nagScope, String prefix,
      String... actions) {
    BucketGrants.fromBucket(bucket).actionsOnObjectKeys(grantee, prefix + "*", actions);
    String bucketId = String.valueOf(software.amazon.awscdk.Stack.of(bucket).resolve(
        ((software.amazon.awscdk.CfnElement) bucket.getNode().getDefaultChild()).getLogicalId()));
    Nag.suppress(nagScope, "AwsSolutions-IAM5",
        "Objects are created and read by key at run time: " + String.join(", ", actions) + " on "
            + (prefix.isEmpty() ? "the objects" : "the keys under '" + prefix + "'")
            + " of this one bucket, the narrowest resource that names objects not yet written.",
        List.of("Resource::<" + bucketId + ".Arn>/" + prefix + "*"));
  }

  /**
   * s3:ListBucket makes a missing object answer 404 (NoSuchKey) instead of 403, so the function can
   * tell "not there" from "not allowed". BucketGrants has no bucket-only action method.
   */
  static void listBucket(IBucket bucket, PipelineFunction fn) {
    listBucket(bucket, fn.alias());
  }

  private static void listBucket(IBucket bucket, IGrantable grantee) {
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
        .grantee(grantee)
        .actions(List.of("s3:ListBucket"))
        .resourceArns(List.of(bucket.getBucketArn()))
        .build());
  }

  private static StorageClass storageClass(PipelineSettings.ArchiveClass c) {
    return switch (c) {
      case STANDARD_IA -> StorageClass.INFREQUENT_ACCESS;
      case INTELLIGENT_TIERING -> StorageClass.INTELLIGENT_TIERING;
      case GLACIER_IR -> StorageClass.GLACIER_INSTANT_RETRIEVAL;
      case GLACIER -> StorageClass.GLACIER;
      case DEEP_ARCHIVE -> StorageClass.DEEP_ARCHIVE;
    };
  }

  public Stream rawLogs() {
    return rawLogs;
  }

  public Stream normalizedLogs() {
    return normalizedLogs;
  }

  public Stream enrichedLogs() {
    return enrichedLogs;
  }

  public Bucket archive() {
    return archive;
  }

  public Bucket referenceData() {
    return referenceData;
  }

  public Secret hashKey() {
    return hashKey;
  }

  /** The opt-in raw quarantine store, or null when it is off (the default). */
  public QuarantineRawStore quarantineRaw() {
    return quarantineRaw;
  }

  /** The logs worker that runs the three stages with logCompute=fargate, or null (the functions run them). */
  public LogsWorker logsWorker() {
    return logsWorker;
  }

  /** ingest, enrich and mask, in pipeline order; none with logCompute=fargate (the logs worker runs them). */
  public List<PipelineFunction> consumers() {
    return List.copyOf(consumers);
  }

  /**
   * The on-failure queue of each consumer, by output name stem (IngestDlq → IngestDlqUrl); none with
   * logCompute=fargate (no event source mapping, no on-failure destination).
   */
  public Map<String, Queue> failureQueues() {
    return java.util.Collections.unmodifiableMap(failureQueues);
  }
}
