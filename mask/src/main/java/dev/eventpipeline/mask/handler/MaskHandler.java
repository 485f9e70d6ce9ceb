package dev.eventpipeline.mask.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.batch.KinesisBatch;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.tracing.Tracing;
import dev.eventpipeline.mask.domain.InputRecord;
import dev.eventpipeline.mask.port.ArchiveStore;
import dev.eventpipeline.masking.HashKeySource;
import java.time.Instant;
import java.util.List;

/**
 * Lambda entry point on the enriched-logs stream: converts the event and hands the batch to
 * {@link MaskBatch} (mask, archive as one gzip NDJSON object, publish the events). The batch is all
 * or nothing: when it fails, its first record is reported so Lambda retries all of it.
 */
public final class MaskHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  static {
    InitWarmup.start(); // first: before any logger configures Log4j (docs/operations.md#cold-start)
  }

  private final MaskBatch batch;

  /** Wires the real adapters from the environment (config read once; no AWS call at init); registers the priming. */
  public MaskHandler() {
    this(MaskBatch.fromEnvironment());
  }

  /** For tests: ports and config. A new handler is a new environment: it has archived nothing yet. */
  public MaskHandler(MaskConfig config, ArchiveStore store, EventPublisher publisher, HashKeySource hashKeys) {
    this(new MaskBatch(config, store, publisher, hashKeys));
  }

  private MaskHandler(MaskBatch batch) {
    this.batch = batch;
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    try (var scope = LambdaLogging.invocation(context)) {
      return Tracing.traced("mask", () -> {
        List<KinesisEvent.KinesisEventRecord> records = KinesisBatch.records(event);
        if (records.isEmpty()) {
          return KinesisBatch.success();
        }
        KinesisEvent.KinesisEventRecord first = records.get(0);
        boolean stored = batch.store(KinesisBatch.streamName(first), KinesisBatch.shardId(first),
            first.getKinesis().getSequenceNumber(), records.size(),
            () -> records.stream().map(r -> new InputRecord(r.getKinesis().getSequenceNumber(),
                KinesisBatch.arrival(r).orElse(Instant.EPOCH), KinesisBatch.data(r))).toList());
        return stored ? KinesisBatch.success() : KinesisBatch.failedFrom(records, 0);
      });
    }
  }
}
