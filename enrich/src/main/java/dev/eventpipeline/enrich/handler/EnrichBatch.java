package dev.eventpipeline.enrich.handler;

import com.amazonaws.services.lambda.runtime.Context;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One batch of enrich, behind {@link EnrichHandler}: checks the catalog cache (the refresh happens
 * here, on the invocation path), enriches every record, forwards them in order with the incoming
 * partition keys, emits the batch's metrics, and on a write failure answers the first record not
 * forwarded.
 */
final class EnrichBatch {
  private static final Logger LOG = LoggerFactory.getLogger(EnrichHandler.class); // the logger name logs always had
  /** A producer writing garbage must not flood the logs: per-record warnings are capped per batch. */
  private static final int MAX_RECORD_WARNINGS = 5;

  private final Enricher enricher;
  private final CatalogCache catalog;
  private final RecordSink sink;
  private final Clock clock;

  EnrichBatch(EnrichConfig config, CatalogSource catalogSource, RecordSink sink, Clock clock) {
    this.enricher = new Enricher(config.environmentName(), config.region(), config.pipelineVersion());
    this.catalog = new CatalogCache(catalogSource, config.catalogTtl(), clock);
    this.sink = sink;
    this.clock = clock;
  }

  /** The real adapters from the environment (clients built once; no SDK call here); SnapStart priming registered. */
  static EnrichBatch fromEnvironment() {
    EnrichConfig config = EnrichConfig.from(Env.system());
    AwsClients clients = AwsClients.fromEnvironment();
    EnrichBatch batch = new EnrichBatch(config,
        new S3CatalogSource(clients.s3(), config.catalogBucket(), config.catalogKey()),
        new KinesisRecordWriter(clients.kinesis(), config.outputStreamName()), Clock.systemUTC());
    EnrichPriming.register(config);
    return batch;
  }

  /** Enriches and forwards {@code records}; returns the index of the first record not forwarded, or -1. */
  int process(List<InputRecord> records, String account) {
    if (records.isEmpty()) {
      return -1;
    }
    Metrics metrics = Metrics.forInvocation();
    CatalogCache.Lookup lookup = Tracing.traced("catalog", catalog::current);
    Enricher.Session session = enricher.session(account, lookup.catalog(), clock.instant());

    List<RecordSink.Entry> out = new ArrayList<>(records.size());
    int flagged = 0;
    for (int i = 0; i < records.size(); i++) {
      InputRecord in = records.get(i);
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
      LOG.warn("{} of {} records forwarded ({}); reporting sequence number {} for retry", written.written(),
          records.size(), written.error(), records.get(written.firstFailedSource()).sequenceNumber());
      return written.firstFailedSource();
    }
    return -1;
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
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
