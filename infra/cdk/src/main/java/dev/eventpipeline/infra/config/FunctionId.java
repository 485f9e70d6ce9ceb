package dev.eventpipeline.infra.config;

/**
 * The deployed functions: the module that builds each one's artifact, its handler (both fixed by
 * docs/functions.md), its context key prefix and its default settings.
 */
public enum FunctionId {
  // Kinesis consumers: ~1 vCPU worth of memory for JSON/gzip work; batches sized to the work per record.
  INGEST("ingest", "ingest", "dev.eventpipeline.ingest.handler.IngestHandler::handleRequest", "Ingest",
      new FunctionSettings(1024, 60, 0, 100, 1, 0)),
  ENRICH("enrich", "enrich", "dev.eventpipeline.enrich.handler.EnrichHandler::handleRequest", "Enrich",
      new FunctionSettings(1024, 60, 0, 100, 1, 0)),
  // One archive object per batch: bigger batches and a longer window mean fewer, larger S3 PUTs.
  MASK("mask", "mask", "dev.eventpipeline.mask.handler.MaskHandler::handleRequest", "Mask",
      new FunctionSettings(1024, 120, 0, 500, 5, 0)),
  // Decoding a 12 MP image takes ~48 MB of raster per frame plus the resized copies; 2 GB also buys CPU.
  THUMBNAIL("thumbnail", "thumbnail",
      "dev.eventpipeline.thumbnail.handler.ThumbnailHandler::handleRequest", "Thumbnail",
      new FunctionSettings(2048, 120, 0, 5, 0, 10)),
  // I/O bound (webhooks): little memory; concurrency capped to protect subscribers' endpoints.
  NOTIFY("notify", "notify", "dev.eventpipeline.notify.handler.NotifyHandler::handleRequest", "Notify",
      new FunctionSettings(512, 60, 5, 10, 1, 5)),
  // One DynamoDB call per request (plus a 10 s ping for /test); capped against a runaway caller.
  SUBSCRIPTIONS_API("subscriptionsApi", "notify",
      "dev.eventpipeline.notify.handler.SubscriptionApiHandler::handleRequest", "SubscriptionsApi",
      new FunctionSettings(512, 15, 5, 0, 0, 0)),
  // EventBridge alarm state changes: one at a time (the hourly budget is read, then written), time
  // for a backoff wait and a redrive of thousands of messages.
  REMEDIATE("remediate", "remediate", "dev.eventpipeline.remediate.handler.RemediateHandler::handleRequest",
      "Remediate", new FunctionSettings(512, 300, 1, 0, 0, 0)),
  // Run once per deployment by a CDK Trigger (and at the end of `pipeline up`): mostly waiting.
  SMOKE_TEST("smokeTest", "smoketest", "dev.eventpipeline.smoketest.handler.SmokeTestHandler::handleRequest",
      "SmokeTest", new FunctionSettings(512, 300, 1, 0, 0, 0));

  private final String contextPrefix;
  private final String module;
  private final String handler;
  private final String logicalName;
  private final FunctionSettings defaults;

  FunctionId(String contextPrefix, String module, String handler, String logicalName,
      FunctionSettings defaults) {
    this.contextPrefix = contextPrefix;
    this.module = module;
    this.handler = handler;
    this.logicalName = logicalName;
    this.defaults = defaults;
  }

  /** Prefix of this function's context keys, e.g. {@code ingest.memoryMiB}. */
  public String contextPrefix() {
    return contextPrefix;
  }

  /** The Maven module that builds the artifact. */
  public String module() {
    return module;
  }

  /** The artifact's path relative to the repository root (fixed by docs/functions.md). */
  public String artifactPath() {
    return module + "/target/" + module + "-function.zip";
  }

  public String handler() {
    return handler;
  }

  /** The stem of this function's logical ids in the template, e.g. IngestFunction. */
  public String logicalName() {
    return logicalName;
  }

  public FunctionSettings defaults() {
    return defaults;
  }

  /**
   * Whether an event source mapping feeds this function (the API is served by a URL, remediate by an
   * EventBridge rule, the smoke test by a CDK Trigger instead).
   */
  public boolean hasEventSource() {
    return this != SUBSCRIPTIONS_API && this != REMEDIATE && this != SMOKE_TEST;
  }

  /** Whether it is invoked asynchronously (by EventBridge), so its failures need an on-failure destination. */
  public boolean invokedAsynchronously() {
    return this == REMEDIATE;
  }

  /** Whether its event source is an SQS queue (where ScalingConfig.MaximumConcurrency applies). */
  public boolean consumesQueue() {
    return this == THUMBNAIL || this == NOTIFY;
  }
}
