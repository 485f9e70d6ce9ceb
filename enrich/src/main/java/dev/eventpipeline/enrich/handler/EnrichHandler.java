package dev.eventpipeline.enrich.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.batch.KinesisBatch;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.enrich.domain.InputRecord;
import dev.eventpipeline.enrich.port.CatalogSource;
import java.time.Clock;
import java.util.List;

/**
 * Lambda entry point: normalized-logs (Kinesis) → enriched-logs (Kinesis). Converts the event, runs
 * the batch through {@link EnrichBatch} and reports the first record not forwarded, if any, so
 * Lambda retries the shard from there.
 */
public final class EnrichHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  static {
    InitWarmup.start(); // first: before any logger configures Log4j (docs/operations.md#cold-start)
  }

  private final EnrichBatch batch;

  /** Wires the real adapters from the environment (clients built once; no SDK call here). */
  public EnrichHandler() {
    this.batch = EnrichBatch.fromEnvironment();
  }

  /** For tests and the local cloud: explicit ports and clock. */
  public EnrichHandler(EnrichConfig config, CatalogSource catalogSource, RecordSink sink, Clock clock) {
    this.batch = new EnrichBatch(config, catalogSource, sink, clock);
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    try (var scope = LambdaLogging.invocation(context)) {
      List<KinesisEvent.KinesisEventRecord> records = KinesisBatch.records(event);
      int failed = batch.process(records.stream().map(EnrichHandler::toInput).toList(), EnrichBatch.accountOf(context));
      return failed < 0 ? KinesisBatch.success() : KinesisBatch.failedFrom(records, failed);
    }
  }

  private static InputRecord toInput(KinesisEvent.KinesisEventRecord record) {
    String partitionKey = record.getKinesis().getPartitionKey();
    if (partitionKey == null || partitionKey.isEmpty()) {
      partitionKey = KinesisBatch.shardId(record); // never happens with Kinesis; keeps PutRecords valid
    }
    return new InputRecord(KinesisBatch.data(record), partitionKey, KinesisBatch.streamName(record),
        KinesisBatch.shardId(record), record.getKinesis().getSequenceNumber(), KinesisBatch.arrival(record).orElse(null));
  }
}
