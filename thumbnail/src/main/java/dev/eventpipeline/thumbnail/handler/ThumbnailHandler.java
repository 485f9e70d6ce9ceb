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
import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.thumbnail.adapter.S3ObjectStore;
import dev.eventpipeline.thumbnail.domain.ThumbnailService;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import dev.eventpipeline.thumbnail.port.ObjectStore;
import java.util.EnumMap;
import java.util.Map;

/**
 * Lambda entry point: SQS thumbnail-jobs (bodies are S3 event notifications) to thumbnails and
 * events. Each message that fails transiently is reported in batchItemFailures and retried;
 * permanent failures are published as ThumbnailFailed and acknowledged.
 */
public final class ThumbnailHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
  static {
    InitWarmup.start(); // first: before the logger below configures Log4j (docs/operations.md#cold-start)
  }

  /** Time one large image may take, with its reads, writes and events; below this, stop. */
  static final long MIN_REMAINING_MILLIS = 20_000;

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
      Metrics metrics = Metrics.forInvocation();
      Map<ThumbnailService.Outcome, Integer> counts = new EnumMap<>(ThumbnailService.Outcome.class);
      long start = System.nanoTime();
      SQSBatchResponse response = SqsBatch.processEach(event, message -> {
        // Leave the rest of the batch for a retry rather than start work that would be cut off by
        // the timeout (which would fail the whole batch, finished messages included).
        if (context != null && context.getRemainingTimeInMillis() < MIN_REMAINING_MILLIS) {
          throw new IllegalStateException("not enough time left in this invocation; retried later");
        }
        service.handleMessage(message.getBody()).forEach(o -> counts.merge(o, 1, Integer::sum));
      });
      metrics.count("ThumbnailsCreated", counts.getOrDefault(ThumbnailService.Outcome.CREATED, 0))
          .count("ThumbnailsReused", counts.getOrDefault(ThumbnailService.Outcome.REUSED, 0))
          .count("ThumbnailsFailed", counts.getOrDefault(ThumbnailService.Outcome.FAILED, 0))
          .count("MessagesRetried", response.getBatchItemFailures().size())
          .millis("BatchDuration", (System.nanoTime() - start) / 1e6)
          .flush();
      ExecutionEnvironment.exitAfterResponse();
      return response;
    }
  }
}
