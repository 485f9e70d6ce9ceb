package dev.eventpipeline.ingest.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.batch.KinesisBatch;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.lifecycle.Lazy;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.common.tracing.Tracing;
import dev.eventpipeline.ingest.adapter.S3QuarantineStore;
import dev.eventpipeline.ingest.domain.BatchReport;
import dev.eventpipeline.ingest.domain.Format;
import dev.eventpipeline.ingest.domain.IngestService;
import dev.eventpipeline.ingest.domain.QuarantineDocuments;
import dev.eventpipeline.ingest.domain.QuarantineKeys;
import dev.eventpipeline.ingest.domain.RawRecord;
import dev.eventpipeline.ingest.domain.RecordDecoder;
import dev.eventpipeline.ingest.port.QuarantineStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda entry point: Kinesis raw-logs → normalized-logs. Converts the event, runs the batch through
 * {@link IngestService}, emits metrics, and answers with the first record to retry (if any).
 */
public final class IngestHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  static {
    InitWarmup.start(); // first: before the logger below configures Log4j (docs/operations.md#cold-start)
  }

  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);
  /** Stop taking new records when less than this is left (bounded to a third of the time at start). */
  private static final long TIME_MARGIN_MILLIS = 10_000;

  private final IngestService service;

  /**
   * Wires the real adapters from the environment (config and clients built once, at init; no AWS
   * call) and registers the SnapStart priming.
   */
  public IngestHandler() {
    this(IngestConfig.from(Env.system()), AwsClients.fromEnvironment());
  }

  private IngestHandler(IngestConfig config, AwsClients clients) {
    this(config, clients, Lazy.of(() -> new S3QuarantineStore(clients.s3(), config.quarantineBucket())),
        Lazy.of(() -> new SnsEventPublisher(clients.sns(), config.eventsTopicArn())));
  }

  /**
   * The S3 and SNS clients serve only the rejection path (quarantine, LogRecordsRejected), which most
   * environments never take: they are built on first use, and by SnapStart priming for snapshots.
   */
  private IngestHandler(IngestConfig config, AwsClients clients, Lazy<QuarantineStore> quarantine,
      Lazy<EventPublisher> events) {
    this(config, new KinesisRecordWriter(clients.kinesis(), config.outputStreamName()),
        new QuarantineStore() {
          @Override
          public String bucket() {
            return config.quarantineBucket();
          }

          @Override
          public void put(QuarantinedObject object) {
            quarantine.get().put(object);
          }
        },
        published -> events.get().publish(published));
    IngestPriming.register(config, () -> {
      quarantine.get();
      events.get();
    });
  }

  /** For tests and the local cloud: the ports supplied. */
  public IngestHandler(IngestConfig config, RecordSink sink, QuarantineStore quarantine, EventPublisher events) {
    this.service = new IngestService(new RecordDecoder(config.limits()), sink, quarantine, events,
        new QuarantineDocuments(new QuarantineKeys(config.quarantinePrefix()), config.quarantineMasking(),
            config.quarantineRawBucket()));
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    LambdaLogging.Scope invocation = LambdaLogging.invocation(context);
    try {
      List<KinesisEvent.KinesisEventRecord> records = event == null || event.getRecords() == null
          ? List.of() : event.getRecords();
      List<RawRecord> raw = new ArrayList<>(records.size());
      for (KinesisEvent.KinesisEventRecord record : records) {
        raw.add(toRaw(record));
      }
      BatchReport report = Tracing.traced("ingest.batch", () -> service.process(raw, outOfTime(context)));
      emitMetrics(report, records.size());
      LOG.info("Batch of {}: {} decoded, {} normalized records out, {} quarantined, {} control message(s){}",
          records.size(), report.recordsIn(), report.recordsOut(), report.quarantined(), report.controlMessages(),
          report.firstFailedIndex() < 0 ? "" : "; retrying from record " + report.firstFailedIndex());
      if (report.firstFailedIndex() < 0) {
        return KinesisBatch.success();
      }
      return KinesisBatch.failedFrom(records.get(report.firstFailedIndex()).getKinesis().getSequenceNumber());
    } finally {
      invocation.close();
    }
  }

  /** The domain's view of a Kinesis record; data read through the buffer's remaining bytes, never array(). */
  static RawRecord toRaw(KinesisEvent.KinesisEventRecord record) {
    KinesisEvent.Record kinesis = record.getKinesis();
    byte[] bytes = KinesisBatch.data(record);
    long arrival = KinesisBatch.arrival(record).map(Instant::toEpochMilli).orElseGet(System::currentTimeMillis);
    return new RawRecord(KinesisBatch.streamName(record), KinesisBatch.shardId(record), kinesis.getSequenceNumber(),
        kinesis.getPartitionKey(), arrival, bytes);
  }

  private static BooleanSupplier outOfTime(Context context) {
    if (context == null) {
      return () -> false;
    }
    long margin = Math.min(TIME_MARGIN_MILLIS, context.getRemainingTimeInMillis() / 3);
    return () -> context.getRemainingTimeInMillis() < margin;
  }

  private static void emitMetrics(BatchReport report, int batchSize) {
    Metrics metrics = Metrics.forInvocation();
    metrics.count("RecordsIn", report.recordsIn())
        .count("RecordsOut", report.recordsOut())
        .count("RecordsQuarantined", report.quarantined())
        .count("ControlMessages", report.controlMessages())
        .count("EmptyRecords", report.emptyRecords())
        .count("SplitRecords", report.splitRecords())
        .count("QuarantineWriteFailures", report.quarantineWriteFailures())
        .count("RejectionEventFailures", report.rejectionEventFailed() ? 1 : 0)
        .count("BatchRetries", report.firstFailedIndex() < 0 ? 0 : 1)
        .bytes("BytesIn", report.bytesIn());
    for (Map.Entry<Format, Integer> e : report.inputFormats().entrySet()) {
      metrics.count("RecordsIn" + title(e.getKey()), e.getValue());
    }
    for (Map.Entry<Format, Integer> e : report.outputFormats().entrySet()) {
      metrics.count("RecordsOut" + title(e.getKey()), e.getValue());
    }
    if (batchSize > 0) {
      metrics.flush();
    }
  }

  private static String title(Format format) {
    String wire = format.wire();
    return wire.substring(0, 1).toUpperCase(Locale.ROOT) + wire.substring(1);
  }
}
