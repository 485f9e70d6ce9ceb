package dev.eventpipeline.settings;

/**
 * The environment variables the CDK stack sets on the functions and the functions read at init: one
 * name for both sides (docs/functions.md describes each, with its default). Lambda's own variables
 * (AWS_REGION, AWS_LAMBDA_*) are not here.
 */
public final class EnvVars {
  private EnvVars() {}

  // every function
  public static final String EVENTS_TOPIC_ARN = "EVENTS_TOPIC_ARN";
  public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";

  // ingest and enrich: the next stream
  public static final String OUTPUT_STREAM_NAME = "OUTPUT_STREAM_NAME";

  // ingest
  public static final String QUARANTINE_BUCKET = "QUARANTINE_BUCKET";
  public static final String QUARANTINE_PREFIX = "QUARANTINE_PREFIX";
  public static final String QUARANTINE_RAW_BUCKET = "QUARANTINE_RAW_BUCKET";
  public static final String MAX_RECORD_BYTES = "MAX_RECORD_BYTES";

  // enrich
  public static final String ENVIRONMENT_NAME = "ENVIRONMENT_NAME";
  public static final String PIPELINE_VERSION = "PIPELINE_VERSION";
  public static final String CATALOG_BUCKET = "CATALOG_BUCKET";
  public static final String CATALOG_KEY = "CATALOG_KEY";
  public static final String CATALOG_TTL_SECONDS = "CATALOG_TTL_SECONDS";

  // mask (MASK_POLICY also ingest, for its quarantine)
  public static final String ARCHIVE_BUCKET = "ARCHIVE_BUCKET";
  public static final String ARCHIVE_PREFIX = "ARCHIVE_PREFIX";
  public static final String MASK_POLICY = "MASK_POLICY";
  public static final String MASK_HASH_KEY_SECRET_ARN = "MASK_HASH_KEY_SECRET_ARN";

  // thumbnail
  public static final String THUMBNAILS_BUCKET = "THUMBNAILS_BUCKET";
  public static final String THUMBNAIL_SIZES = "THUMBNAIL_SIZES";
  public static final String MAX_SOURCE_BYTES = "MAX_SOURCE_BYTES";
  public static final String MAX_SOURCE_PIXELS = "MAX_SOURCE_PIXELS";
  public static final String MAX_DECODE_BYTES = "MAX_DECODE_BYTES";
  public static final String JPEG_QUALITY = "JPEG_QUALITY";

  // notify and the subscription API
  public static final String SUBSCRIPTIONS_TABLE = "SUBSCRIPTIONS_TABLE";
  public static final String DELIVERIES_TABLE = "DELIVERIES_TABLE";
  public static final String DELIVERY_CONCURRENCY = "DELIVERY_CONCURRENCY";
  public static final String WEBHOOK_TIMEOUT_MS = "WEBHOOK_TIMEOUT_MS";
  public static final String WEBHOOK_CONNECT_TIMEOUT_MS = "WEBHOOK_CONNECT_TIMEOUT_MS";
  public static final String NOTIFY_ALLOW_PRIVATE_TARGETS = "NOTIFY_ALLOW_PRIVATE_TARGETS";
  /** Ports webhooks may target: {@link WebhookPorts}. */
  public static final String WEBHOOK_ALLOWED_PORTS = "WEBHOOK_ALLOWED_PORTS";
  /** The customer-managed KMS key (id or ARN) webhook secrets are encrypted with. */
  public static final String SUBSCRIPTIONS_KEY_ID = "SUBSCRIPTIONS_KEY_ID";
  /** IAM principals that see every subscription (the subscription API only). */
  public static final String SUBSCRIPTION_ADMINS = "SUBSCRIPTION_ADMINS";

  // remediate
  /** The DynamoDB table of alarm state changes acted on (idempotency, hourly budget). */
  public static final String REMEDIATION_TABLE = "REMEDIATION_TABLE";
  /**
   * JSON array of the remediable alarms: {@code {"alarm":NAME,"dlq":URL,"source":URL}} (an SQS DLQ and
   * its source queue), {@code {"alarm":NAME,"dlq":URL}} (a Kinesis on-failure destination) or
   * {@code {"alarm":NAME,"stream":NAME,"minShards":N,"maxShards":M}}.
   */
  public static final String REMEDIATION_TARGETS = "REMEDIATION_TARGETS";
  public static final String REMEDIATION_MAX_ATTEMPTS_PER_HOUR = "REMEDIATION_MAX_ATTEMPTS_PER_HOUR";
  public static final String REMEDIATION_BACKOFF_SECONDS = "REMEDIATION_BACKOFF_SECONDS";
  public static final String REMEDIATION_MAX_BACKOFF_SECONDS = "REMEDIATION_MAX_BACKOFF_SECONDS";
  /** At most this many DLQ messages are redriven per alarm state change. */
  public static final String REMEDIATION_MAX_MESSAGES = "REMEDIATION_MAX_MESSAGES";

  // logs worker (logCompute=fargate): the three log stages as one KCL application; also every variable
  // of ingest, enrich and mask above but OUTPUT_STREAM_NAME, which these three replace
  public static final String RAW_STREAM_NAME = "RAW_STREAM_NAME";
  public static final String NORMALIZED_STREAM_NAME = "NORMALIZED_STREAM_NAME";
  public static final String ENRICHED_STREAM_NAME = "ENRICHED_STREAM_NAME";
  /**
   * The KCL application name prefix: stage S reads its stream as application {@code PREFIX-S} (S =
   * ingest, enrich, mask), whose lease table is {@code PREFIX-S} (KCL 3.5 keeps its worker metrics and
   * coordinator state there too; it only looks for the legacy {@code PREFIX-S-WorkerMetricStats} and
   * {@code PREFIX-S-CoordinatorState} tables).
   */
  public static final String KCL_APPLICATION_NAME = "KCL_APPLICATION_NAME";
  /** The account the worker runs in (a function reads it from its ARN); enrich's metadata carries it. */
  public static final String AWS_ACCOUNT_ID = "AWS_ACCOUNT_ID";
  /** Records per batch of each stage (the functions' event source mapping batch sizes). */
  public static final String INGEST_BATCH_SIZE = "INGEST_BATCH_SIZE";
  public static final String ENRICH_BATCH_SIZE = "ENRICH_BATCH_SIZE";
  public static final String MASK_BATCH_SIZE = "MASK_BATCH_SIZE";
  /** How long the mask stage gathers records for one archive object (the mapping's batching window). */
  public static final String MASK_BATCHING_WINDOW_SECONDS = "MASK_BATCHING_WINDOW_SECONDS";

  // smoke test (ARCHIVE_BUCKET, ARCHIVE_PREFIX, THUMBNAILS_BUCKET and THUMBNAIL_SIZES as above)
  /** The stream the canary record is put to (raw-logs). */
  public static final String CANARY_STREAM_NAME = "CANARY_STREAM_NAME";
  /** The bucket the canary image is uploaded to. */
  public static final String UPLOADS_BUCKET = "UPLOADS_BUCKET";
  public static final String SMOKE_TEST_TIMEOUT_SECONDS = "SMOKE_TEST_TIMEOUT_SECONDS";
  /**
   * A digest of every function's code, set by the stack: a deployment that changes any function changes
   * the smoke test's configuration, so its Trigger runs again.
   */
  public static final String SMOKE_TEST_FINGERPRINT = "SMOKE_TEST_FINGERPRINT";
}
