package dev.eventpipeline.thumbnail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.batch.SqsBatch;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.lifecycle.ExecutionEnvironment;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.thumbnail.adapter.S3ObjectStore;
import dev.eventpipeline.thumbnail.domain.ThumbnailBatch;
import dev.eventpipeline.thumbnail.domain.ThumbnailService;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import dev.eventpipeline.thumbnail.port.ObjectStore;

/**
 * Lambda entry point: SQS thumbnail-jobs (bodies are S3 event notifications) to thumbnails and
 * events. Each message that fails transiently is reported in batchItemFailures and retried;
 * permanent failures are published as ThumbnailFailed and acknowledged.
 */
public final class ThumbnailHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  static {
    InitWarmup.start(); // first: before the logger below configures Log4j (docs/operations.md#cold-start)
  }

  private final ThumbnailService service;

  /** Wires real adapters from the environment (read once, at init; no AWS call is made here). */
  public ThumbnailHandler() {
    this(ThumbnailConfig.from(Env.system()), AwsClients.fromEnvironment());
  }

  private ThumbnailHandler(ThumbnailConfig config, AwsClients clients) {
    this(config, new S3ObjectStore(clients.s3()), new SnsEventPublisher(clients.sns(), config.eventsTopicArn()));
    ThumbnailPriming.register(config);
  }

  /** For tests: ports supplied by the caller. */
  public ThumbnailHandler(ThumbnailConfig config, ObjectStore store, EventPublisher publisher) {
    this.service = new ThumbnailService(new Thumbnailer(config.settings()), store, publisher, config.thumbnailsBucket());
  }

  @Override
  public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
    ExecutionEnvironment.exitIfRetired();
    try (var scope = LambdaLogging.invocation(context)) {
      ThumbnailBatch batch = new ThumbnailBatch(service);
      SQSBatchResponse response = SqsBatch.processEach(event, message -> batch.handle(message.getBody(),
          context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis()));
      batch.flush(response.getBatchItemFailures().size());
      ExecutionEnvironment.exitAfterResponse();
      return response;
    }
  }
}
