package dev.eventpipeline.infra.config;

import dev.eventpipeline.settings.MaskPolicy;
import dev.eventpipeline.settings.PolicyException;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.settings.WebhookPorts;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Every deployment setting, read once from CDK context (cdk.json or {@code -c key=value}) with the
 * defaults documented in docs/deploy.md. Constructs take what they need from here, never from context.
 */
public record PipelineSettings(
    String environmentName,
    String pipelineVersion,
    boolean retainData,
    int logRetentionDays,
    String alarmEmail,
    int maxReceiveCount,
    StreamCapacity streamMode,
    int shardCount,
    int streamRetentionHours,
    ArchiveClass archiveStorageClass,
    int archiveTransitionDays,
    int archiveNoncurrentExpirationDays,
    int accessLogsExpirationDays,
    String uploadsPrefix,
    String uploadsSuffix,
    String thumbnailSizes,
    String catalogKey,
    String maskPolicy,
    int kinesisRetryAttempts,
    int kinesisMaxRecordAgeSeconds,
    int kinesisParallelizationFactor,
    int iteratorAgeAlarmSeconds,
    String metricsNamespace,
    String failedDeliveriesMetric,
    int failedDeliveriesAlarmThreshold,
    CodeSigning codeSigning,
    String canaryDeploymentConfig,
    QuarantineRaw quarantineRaw,
    Webhooks webhooks,
    Remediation remediation,
    boolean smokeTest,
    int smokeTestWaitSeconds,
    Map<FunctionId, FunctionSettings> functions,
    LogCompute logCompute,
    LogsWorker logsWorker) {

  /** Kinesis capacity mode of the three streams. */
  public enum StreamCapacity { PROVISIONED, ON_DEMAND }

  /** The colder storage class archived logs move to. */
  public enum ArchiveClass { STANDARD_IA, INTELLIGENT_TIERING, GLACIER_IR, GLACIER, DEEP_ARCHIVE }

  /** Lambda code signing: off, or a CodeSigningConfig whose policy warns or enforces. */
  public enum CodeSigning { OFF, WARN, ENFORCE }

  /**
   * What runs the three log stages (docs/deploy.md, "Running the log stages on Fargate"): the ingest,
   * enrich and mask functions behind Kinesis event source mappings, or one ECS Fargate service of the
   * logs worker (a KCL application). Written in context in lower case, as {@link #contextValue()}.
   */
  public enum LogCompute {
    LAMBDA, FARGATE;

    /** The value in context: {@code lambda} or {@code fargate}. */
    public String contextValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The logs worker's Fargate service (only used with {@code logCompute=fargate}).
   *
   * @param cpu task CPU units (1024 = one vCPU), a size Fargate offers
   * @param memoryMiB task memory, a size Fargate offers with that CPU
   * @param minTasks tasks always running (and the service's desired count at deployment)
   * @param maxTasks the most tasks CPU-based autoscaling adds
   * @param targetCpuPercent the service's average CPU utilization autoscaling keeps
   */
  public record LogsWorker(int cpu, int memoryMiB, int minTasks, int maxTasks, int targetCpuPercent) {}

  // Fargate's task sizes (Linux): CPU units -> the memory sizes (MiB) it offers with them.
  private static final Map<Integer, java.util.List<Integer>> FARGATE_MEMORY = Map.of(
      256, java.util.List.of(512, 1024, 2048),
      512, steps(1024, 4096, 1024),
      1024, steps(2048, 8192, 1024),
      2048, steps(4096, 16384, 1024),
      4096, steps(8192, 30720, 1024),
      8192, steps(16384, 61440, 4096),
      16384, steps(32768, 122880, 8192));

  private static java.util.List<Integer> steps(int from, int to, int step) {
    return java.util.stream.IntStream.iterate(from, m -> m <= to, m -> m + step).boxed().toList();
  }

  /**
   * The opt-in raw copies of what ingest quarantines (docs/deploy.md, "Raw quarantine copies"): off by
   * default (the archive's quarantine documents are masked and hold no raw bytes).
   *
   * @param enabled whether the raw bucket, its key and its reader role exist
   * @param expirationDays days a raw copy is kept, 1 to {@link #MAX_EXPIRATION_DAYS}
   * @param readerPrincipals IAM principal ARNs that may assume the reader role; empty: the account root
   *     (so IAM policies of the account decide who)
   */
  public record QuarantineRaw(boolean enabled, int expirationDays, java.util.List<String> readerPrincipals) {
    /** Raw copies may hold exactly what the pipeline masks: they never live longer than this. */
    public static final int MAX_EXPIRATION_DAYS = 7;

    public QuarantineRaw {
      readerPrincipals = java.util.List.copyOf(readerPrincipals);
    }
  }

  /**
   * The subscription API's and notify's settings (docs/webhooks.md).
   *
   * @param allowedPorts WEBHOOK_ALLOWED_PORTS of both functions, normalized (ascending, comma-separated)
   * @param subscriptionAdmins SUBSCRIPTION_ADMINS of the subscription API: IAM ARNs that see every subscription
   */
  public record Webhooks(String allowedPorts, java.util.List<String> subscriptionAdmins) {
    public Webhooks {
      subscriptionAdmins = java.util.List.copyOf(subscriptionAdmins);
    }
  }

  /**
   * The remediate function's limits (docs/operations.md, "Remediation").
   *
   * @param maxAttemptsPerHour actions per alarm in any rolling hour
   * @param backoffSeconds the wait before the first redrive of the hour (doubling with each later one)
   * @param maxBackoffSeconds the longest wait (SQS DelaySeconds allows 900)
   * @param maxShards the most shards an iterator-age alarm raises a provisioned stream to
   */
  public record Remediation(int maxAttemptsPerHour, int backoffSeconds, int maxBackoffSeconds, int maxShards) {}

  // An IAM principal a role's trust policy can name: an account root, a role or a user.
  private static final java.util.regex.Pattern PRINCIPAL_ARN = java.util.regex.Pattern.compile(
      "arn:aws[a-z-]*:iam::\\d{12}:(root|role/[\\w+=,.@/-]+|user/[\\w+=,.@/-]+)");

  /** The key prefix under which ingest and mask write records that cannot be archived. */
  public static final String QUARANTINE_PREFIX = "quarantine/";

  /** The key prefix of archived (masked) log batches. */
  public static final String ARCHIVE_PREFIX = "logs/";

  /** CodeDeploy's predefined Lambda deployment configurations (without "CodeDeployDefault.Lambda"). */
  public static final java.util.List<String> CANARY_CONFIGS = java.util.List.of("AllAtOnce",
      "Canary10Percent5Minutes", "Canary10Percent10Minutes", "Canary10Percent15Minutes",
      "Canary10Percent30Minutes", "Linear10PercentEvery1Minute", "Linear10PercentEvery2Minutes",
      "Linear10PercentEvery3Minutes", "Linear10PercentEvery10Minutes");

  // The values CloudWatch Logs accepts for a retention period, in days.
  private static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120,
      150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

  public PipelineSettings {
    functions = Map.copyOf(functions);
  }

  /** Reads every setting; {@code defaultVersion} is the build's project version. */
  public static PipelineSettings read(ContextReader c, String defaultVersion) {
    String environmentName = c.string("environmentName", "prod");
    String version = c.string("pipelineVersion", defaultVersion);
    boolean retainData = c.bool("retainData", true);
    int logRetentionDays = c.integer("logRetentionDays", 30, 1, 3653);
    if (!LOG_RETENTION_DAYS.contains(logRetentionDays)) {
      throw new ConfigurationException("Invalid value for context key logRetentionDays: '"
          + logRetentionDays + "' (expected one of " + new java.util.TreeSet<>(LOG_RETENTION_DAYS) + ")");
    }
    String alarmEmail = c.string("alarmEmail", "");
    if (!alarmEmail.isEmpty() && !alarmEmail.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      throw new ConfigurationException(
          "Invalid value for context key alarmEmail: '" + alarmEmail + "' (expected an e-mail address)");
    }
    int maxReceiveCount = c.integer("maxReceiveCount", 5, 1, 1000);

    StreamCapacity mode = c.choice("streams.mode", StreamCapacity.PROVISIONED);
    int shardCount = c.integer("streams.shardCount", 1, 1, 10000);
    int retentionHours = c.integer("streams.retentionHours", 24, 24, 8760);

    ArchiveClass archiveClass = c.choice("archive.storageClass", ArchiveClass.GLACIER_IR);
    int transitionDays = c.integer("archive.transitionDays", 30, 0, 36500);
    int noncurrentDays = c.integer("archive.noncurrentExpirationDays", 30, 1, 36500);
    int accessLogsDays = c.integer("accessLogs.expirationDays", 90, 1, 36500);

    String uploadsPrefix = c.string("uploads.prefix", "");
    String uploadsSuffix = c.string("uploads.suffix", "");
    String sizes = c.string("thumbnail.sizes", "128,256,512");
    // The parser the thumbnail function runs at its cold start (settings module): a list it would
    // refuse fails synthesis with the same message instead of every invocation after a deploy.
    try {
      ThumbnailSettings.parseSizes(sizes);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Invalid value for context key thumbnail.sizes: " + e.getMessage());
    }
    String catalogKey = c.string("enrich.catalogKey", "catalog.json");
    String maskPolicy = c.string("mask.policy", "");
    if (!maskPolicy.isEmpty()) {
      // The parser and validator mask and ingest run at their cold start (settings module): a policy
      // they would refuse fails synthesis with the same message instead of every invocation after a deploy.
      try {
        MaskPolicy.parse(maskPolicy);
      } catch (PolicyException e) {
        throw new ConfigurationException("Invalid value for context key mask.policy: " + e.getMessage());
      }
      if (maskPolicy.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 3072) {
        throw new ConfigurationException("Invalid value for context key mask.policy: over 3 KB; Lambda allows 4 KB of "
            + "environment variables in all");
      }
    }

    int retryAttempts = c.integer("kinesis.retryAttempts", 10, 0, 10000);
    int maxRecordAge = c.integer("kinesis.maxRecordAgeSeconds", 21600, 60, 604800);
    if (maxRecordAge > retentionHours * 3600) {
      // A record older than the stream keeps it is gone anyway; the setting would be meaningless.
      throw new ConfigurationException("Invalid value for context key kinesis.maxRecordAgeSeconds: '"
          + maxRecordAge + "' (must not exceed streams.retentionHours = " + retentionHours + " h)");
    }
    int parallelization = c.integer("kinesis.parallelizationFactor", 1, 1, 10);

    int iteratorAge = c.integer("alarms.iteratorAgeSeconds", 300, 1, 604800);
    String namespace = c.string("metrics.namespace", "EventPipeline");
    String failedDeliveries = c.string("notify.failedDeliveriesMetric", "WebhookFailed");
    int failedDeliveriesThreshold = c.integer("alarms.failedDeliveries", 5, 1, 1000000);

    CodeSigning signing = c.choice("codeSigning", CodeSigning.OFF);
    String canary = c.string("canary.deploymentConfig", "");
    if (!canary.isEmpty()
        && !CANARY_CONFIGS.contains(canary)) {
      throw new ConfigurationException("Invalid value for context key canary.deploymentConfig: '"
          + canary + "' (expected empty for none, or one of "
          + CANARY_CONFIGS + ")");
    }

    QuarantineRaw quarantineRaw = quarantineRaw(c);
    Webhooks webhooks = webhooks(c);
    int attempts = c.integer("remediation.maxAttemptsPerHour", 3, 1, 60);
    int backoff = c.integer("remediation.backoffSeconds", 30, 0, 900);
    int maxBackoff = c.integer("remediation.maxBackoffSeconds", 900, backoff, 900);
    int maxShards = c.integer("remediation.maxShards", Math.max(4, shardCount), shardCount, 10000);
    boolean smokeTest = c.bool("smokeTest", true);
    int smokeTestTimeout = c.integer("smokeTest.waitSeconds", 240, 10, 840);

    Map<FunctionId, FunctionSettings> functions = new EnumMap<>(FunctionId.class);
    for (FunctionId id : FunctionId.values()) {
      functions.put(id, FunctionSettings.read(c, id));
    }
    LogCompute logCompute = logCompute(c);
    LogsWorker logsWorker = logsWorker(c);
    return new PipelineSettings(environmentName, version, retainData, logRetentionDays, alarmEmail,
        maxReceiveCount, mode, shardCount, retentionHours, archiveClass, transitionDays,
        noncurrentDays, accessLogsDays, uploadsPrefix, uploadsSuffix, sizes, catalogKey, maskPolicy,
        retryAttempts, maxRecordAge, parallelization, iteratorAge, namespace, failedDeliveries,
        failedDeliveriesThreshold,
        signing, canary, quarantineRaw, webhooks, new Remediation(attempts, backoff, maxBackoff, maxShards), smokeTest, smokeTestTimeout, functions,
        logCompute, logsWorker);
  }

  private static LogCompute logCompute(ContextReader c) {
    String value = c.string("logCompute", LogCompute.LAMBDA.contextValue());
    for (LogCompute compute : LogCompute.values()) {
      if (compute.contextValue().equalsIgnoreCase(value)) {
        return compute;
      }
    }
    throw new ConfigurationException("Invalid value for context key logCompute: '" + value
        + "' (expected lambda or fargate)");
  }

  // Read whatever logCompute says, so a bad value fails synthesis before anyone switches to Fargate.
  private static LogsWorker logsWorker(ContextReader c) {
    int cpu = c.integer("logsWorker.cpu", 1024, 256, 16384);
    java.util.List<Integer> memory = FARGATE_MEMORY.get(cpu);
    if (memory == null) {
      throw new ConfigurationException("Invalid value for context key logsWorker.cpu: '" + cpu
          + "' (expected one of Fargate's task sizes " + new java.util.TreeSet<>(FARGATE_MEMORY.keySet()) + ")");
    }
    int memoryMiB = c.integer("logsWorker.memoryMiB", 2048, 512, 122880);
    if (!memory.contains(memoryMiB)) {
      throw new ConfigurationException("Invalid value for context key logsWorker.memoryMiB: '" + memoryMiB
          + "' (with logsWorker.cpu = " + cpu + " Fargate offers " + (memory.size() <= 3 ? memory.toString()
              : memory.get(0) + " to " + memory.get(memory.size() - 1) + " in steps of " + (memory.get(1) - memory.get(0)))
          + " MiB)");
    }
    int minTasks = c.integer("logsWorker.minTasks", 1, 1, 100);
    int maxTasks = c.integer("logsWorker.maxTasks", 4, 1, 100);
    if (maxTasks < minTasks) {
      throw new ConfigurationException("Invalid value for context key logsWorker.maxTasks: '" + maxTasks
          + "' (must not be below logsWorker.minTasks = " + minTasks + ")");
    }
    int targetCpu = c.integer("logsWorker.targetCpuPercent", 60, 10, 90);
    return new LogsWorker(cpu, memoryMiB, minTasks, maxTasks, targetCpu);
  }

  private static Webhooks webhooks(ContextReader c) {
    String ports = c.string("notify.webhookAllowedPorts", WebhookPorts.DEFAULT);
    // The parser notify runs at its cold start (settings module): a list it would refuse fails
    // synthesis with the same message instead of every invocation after a deploy.
    try {
      ports = WebhookPorts.parse(ports).stream().map(String::valueOf)
          .collect(java.util.stream.Collectors.joining(","));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("Invalid value for context key notify.webhookAllowedPorts: " + e.getMessage());
    }
    return new Webhooks(ports, principals(c, "notify.subscriptionAdmins", "arn:aws:iam::123456789012:role/webhook-admins"));
  }

  /** Comma-separated IAM ARNs of account roots, roles or users. */
  private static java.util.List<String> principals(ContextReader c, String key, String example) {
    java.util.List<String> principals = new java.util.ArrayList<>();
    for (String arn : c.string(key, "").split(",")) {
      String p = arn.trim();
      if (p.isEmpty()) {
        continue;
      }
      if (!PRINCIPAL_ARN.matcher(p).matches()) {
        throw new ConfigurationException("Invalid value for context key " + key + ": '" + p
            + "' (expected comma-separated IAM ARNs of an account root, a role or a user, e.g. " + example + ")");
      }
      principals.add(p);
    }
    return principals;
  }

  private static QuarantineRaw quarantineRaw(ContextReader c) {
    boolean enabled = c.bool("quarantineRaw", false);
    int days = c.integer("quarantineRaw.expirationDays", QuarantineRaw.MAX_EXPIRATION_DAYS, Integer.MIN_VALUE,
        Integer.MAX_VALUE);
    if (days < 1 || days > QuarantineRaw.MAX_EXPIRATION_DAYS) {
      throw new ConfigurationException("Invalid value for context key quarantineRaw.expirationDays: '" + days
          + "' (expected 1 to " + QuarantineRaw.MAX_EXPIRATION_DAYS + " days: raw copies hold unmasked data and are"
          + " never kept longer)");
    }
    java.util.List<String> principals = principals(c, "quarantineRaw.readerPrincipals",
        "arn:aws:iam::123456789012:role/incident-responder");
    return new QuarantineRaw(enabled, days, principals);
  }

  public FunctionSettings function(FunctionId id) {
    return functions.get(id);
  }
}
