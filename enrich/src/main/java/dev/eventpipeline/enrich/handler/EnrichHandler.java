package dev.eventpipeline.enrich.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.batch.KinesisBatch;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.common.tracing.Tracing;
import dev.eventpipeline.enrich.adapter.S3CatalogSource;
import dev.eventpipeline.enrich.domain.CatalogCache;
import dev.eventpipeline.enrich.domain.EnrichedRecord;
import dev.eventpipeline.enrich.domain.Enricher;
import dev.eventpipeline.enrich.domain.InputRecord;
import dev.eventpipeline.enrich.port.CatalogSource;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Lambda entry point: normalized-logs (Kinesis) → enriched-logs (Kinesis). Checks the catalog
 * cache (the refresh happens here, on the invocation path), enriches every record, forwards them
 * in order with the incoming partition keys, and on a write failure reports the first record not
 * forwarded so Lambda retries the shard from there.
 */
public final class EnrichHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  static {
    InitWarmup.start(); // first: before the logger below configures Log4j (docs/operations.md#cold-start)
  }

  private static final Logger LOG = LoggerFactory.getLogger(EnrichHandler.class);
  /** A producer writing garbage must not flood the logs: per-record warnings are capped per batch. */
  private static final int MAX_RECORD_WARNINGS = 5;

  private final Enricher enricher;
  private final CatalogCache catalog;
  private final RecordSink sink;
  private final Clock clock;

  /** Wires the real adapters from the environment (clients built once; no SDK call here). */
  public EnrichHandler() {
    this(EnrichConfig.from(Env.system()), AwsClients.fromEnvironment());
  }

  private EnrichHandler(EnrichConfig config, AwsClients clients) {
    this(config,
        new S3CatalogSource(clients.s3(), config.catalogBucket(), config.catalogKey()),
        new KinesisRecordWriter(clients.kinesis(), config.outputStreamName()),
        Clock.systemUTC());
    EnrichPriming.register(config);
  }

  /** For tests and the local cloud: explicit ports and clock. */
  public EnrichHandler(EnrichConfig config, CatalogSource catalogSource, RecordSink sink, Clock clock) {
    this.enricher = new Enricher(config.environmentName(), config.region(), config.pipelineVersion());
    this.catalog = new CatalogCache(catalogSource, config.catalogTtl(), clock);
    this.sink = sink;
    this.clock = clock;
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    try (var scope = LambdaLogging.invocation(context)) {
      return process(event, context);
    }
  }

  private StreamsEventResponse process(KinesisEvent event, Context context) {
    List<KinesisEvent.KinesisEventRecord> records = event == null || event.getRecords() == null
        ? List.of() : event.getRecords();
    if (records.isEmpty()) {
      return KinesisBatch.success();
    }
    Metrics metrics = Metrics.forInvocation();
    CatalogCache.Lookup lookup = Tracing.traced("catalog", catalog::current);
    Enricher.Session session = enricher.session(accountOf(context), lookup.catalog(), clock.instant());

    List<RecordSink.Entry> out = new ArrayList<>(records.size());
    int flagged = 0;
    for (int i = 0; i < records.size(); i++) {
      KinesisEvent.KinesisEventRecord record = records.get(i);
      InputRecord in = toInput(record);
      EnrichedRecord enriched = session.enrich(in);
      if (enriched.status() != EnrichedRecord.Status.ENRICHED && ++flagged <= MAX_RECORD_WARNINGS) {
        MDC.put("shardId", in.shardId());
        MDC.put("sequenceNumber", in.sequenceNumber());
        try {
          LOG.warn("Record forwarded as {}: {}", enriched.status(), enriched.error());
        } finally {
          MDC.remove("shardId");
          MDC.remove("sequenceNumber");
        }
      }
      out.add(new RecordSink.Entry(in.partitionKey(), enriched.data(), i));
    }

    if (flagged > MAX_RECORD_WARNINGS) {
      LOG.warn("{} records of this batch were forwarded with an error; the first {} were logged", flagged,
          MAX_RECORD_WARNINGS);
    }
    RecordSink.Result written;
    try {
      written = Tracing.traced("putRecords", () -> sink.write(out));
    } catch (RuntimeException e) {
      LOG.error("Writing to the output stream failed ({}); retrying the whole batch", e.getClass().getName());
      written = new RecordSink.Result(0, 0, e.getClass().getSimpleName());
    }
    publishMetrics(metrics, session.stats(), lookup, written, records.size());
    if (!written.complete()) {
      String sequence = records.get(written.firstFailedSource()).getKinesis().getSequenceNumber();
      LOG.warn("{} of {} records forwarded ({}); reporting sequence number {} for retry", written.written(),
          records.size(), written.error(), sequence);
      return KinesisBatch.failedFrom(sequence);
    }
    return KinesisBatch.success();
  }

  private static InputRecord toInput(KinesisEvent.KinesisEventRecord record) {
    KinesisEvent.Record kinesis = record.getKinesis();
    byte[] data = KinesisBatch.data(record);
    Instant arrival = KinesisBatch.arrival(record).orElse(null);
    String partitionKey = kinesis.getPartitionKey();
    if (partitionKey == null || partitionKey.isEmpty()) {
      partitionKey = KinesisBatch.shardId(record); // never happens with Kinesis; keeps PutRecords valid
    }
    return new InputRecord(data, partitionKey, KinesisBatch.streamName(record), KinesisBatch.shardId(record),
        kinesis.getSequenceNumber(), arrival);
  }

  /** The account from the invoked function ARN: arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]. */
  static String accountOf(Context context) {
    String arn = context == null ? null : context.getInvokedFunctionArn();
    if (arn == null) {
      return null;
    }
    String[] parts = arn.split(":", 6);
    return parts.length >= 5 && parts[0].equals("arn") && !parts[4].isEmpty() ? parts[4] : null;
  }

  private static void publishMetrics(Metrics metrics, Enricher.Stats s, CatalogCache.Lookup lookup,
      RecordSink.Result written, int records) {
    metrics.count("Records", records)
        .count("RecordsEnriched", s.enriched())
        .count("RecordsNotLogRecords", s.notRecords())
        .count("RecordsWrapped", s.wrapped())
        .count("RecordsUnchanged", s.unchanged())
        .count("RecordsForwarded", written.written())
        .count("RecordsNotForwarded", written.complete() ? 0 : records - written.firstFailedSource())
        .count("WithService", s.withService())
        .count("WithCatalogEntry", s.withCatalogEntry())
        .count("WithTraceId", s.withTraceId())
        .count("WithRequestId", s.withRequestId())
        .count("WithHost", s.withHost())
        .count("WithNetworkZone", s.withNetworkZone());
    if (lookup.outcome() != CatalogCache.Outcome.CACHED) {
      metrics.count("Catalog" + camel(lookup.outcome().name()), 1);
    }
    if (lookup.ageMillis() >= 0) {
      metrics.millis("CatalogAge", lookup.ageMillis());
    }
    metrics.flush();
  }

  private static String camel(String constant) {
    StringBuilder b = new StringBuilder();
    for (String part : constant.split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return b.toString();
  }
}
