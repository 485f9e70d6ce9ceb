package dev.eventpipeline.ingest.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.batch.KinesisBatch;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.common.tracing.Tracing;
import dev.eventpipeline.ingest.domain.BatchReport;
import dev.eventpipeline.ingest.domain.IngestService;
import dev.eventpipeline.ingest.domain.RawRecord;
import dev.eventpipeline.ingest.port.QuarantineStore;
import java.time.Instant;
import java.util.List;

/**
 * Lambda entry point: Kinesis raw-logs → normalized-logs. Converts the event, runs the batch through
 * {@link IngestService} and answers with the first record to retry (if any).
 */
public final class IngestHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  static {
    InitWarmup.start(); // first: before any logger configures Log4j (docs/operations.md#cold-start)
  }

  private final IngestService service;

  /** Wires the real adapters from the environment ({@link IngestWiring}) and registers the SnapStart priming. */
  public IngestHandler() {
    this.service = IngestWiring.fromEnvironment();
  }

  /** For tests and the local cloud: the ports supplied. */
  public IngestHandler(IngestConfig config, RecordSink sink, QuarantineStore quarantine, EventPublisher events) {
    this.service = IngestWiring.service(config, sink, quarantine, events);
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    try (var invocation = LambdaLogging.invocation(context)) {
      List<KinesisEvent.KinesisEventRecord> records = KinesisBatch.records(event);
      List<RawRecord> raw = records.stream().map(IngestHandler::toRaw).toList();
      BatchReport report = Tracing.traced("ingest.batch",
          () -> service.process(raw, IngestWiring.outOfTime(context)));
      report.logAndEmitMetrics(records.size());
      int failed = report.firstFailedIndex();
      return failed < 0 ? KinesisBatch.success() : KinesisBatch.failedFrom(records, failed);
    }
  }

  /** The domain's view of a Kinesis record; data read through the buffer's remaining bytes, never array(). */
  static RawRecord toRaw(KinesisEvent.KinesisEventRecord record) {
    long arrival = KinesisBatch.arrival(record).map(Instant::toEpochMilli).orElseGet(System::currentTimeMillis);
    return new RawRecord(KinesisBatch.streamName(record), KinesisBatch.shardId(record),
        record.getKinesis().getSequenceNumber(), record.getKinesis().getPartitionKey(), arrival, KinesisBatch.data(record));
  }
}
