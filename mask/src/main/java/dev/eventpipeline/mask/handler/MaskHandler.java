package dev.eventpipeline.mask.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.batch.KinesisBatch;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventPublishException;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.common.tracing.Tracing;
import dev.eventpipeline.mask.adapter.S3ArchiveStore;
import dev.eventpipeline.mask.adapter.SecretsManagerHashKeySource;
import dev.eventpipeline.mask.domain.ArchiveLayout;
import dev.eventpipeline.mask.domain.ArchiveService;
import dev.eventpipeline.mask.domain.ArchivedIds;
import dev.eventpipeline.mask.domain.BatchMasker;
import dev.eventpipeline.mask.domain.InputRecord;
import dev.eventpipeline.mask.port.ArchiveStore;
import dev.eventpipeline.masking.HashKeySource;
import dev.eventpipeline.masking.JsonMasker;
import dev.eventpipeline.masking.MaskEngine;
import dev.eventpipeline.settings.DetectorType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda entry point on the enriched-logs stream: masks each batch, archives it as one gzip NDJSON
 * object, publishes LogBatchArchived / SensitiveDataDetected / LogRecordsRejected. The batch is all
 * or nothing: if it cannot be stored or its events cannot be published, the first record is
 * reported so Lambda retries all of it (the retry rewrites the same object, see ArchiveService).
 */
public final class MaskHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  static {
    InitWarmup.start(); // first: before the logger below configures Log4j (docs/operations.md#cold-start)
  }

  private static final Logger LOG = LoggerFactory.getLogger(MaskHandler.class);
  static final Duration HASH_KEY_TTL = Duration.ofMinutes(5);
  /**
   * Record ids this environment remembers as archived (docs/masking.md): 400 full batches of 500;
   * measured, 34 MB of heap for ingest's ids, 67 MB at most (ids over 256 characters are not kept).
   */
  static final int ARCHIVED_IDS = 200_000;

  private final ArchiveService service;

  /**
   * Wires the real adapters from the environment (config read once; no AWS call at init) and
   * registers the SnapStart priming.
   */
  public MaskHandler() {
    this(MaskConfig.from(Env.system()), AwsClients.fromEnvironment());
  }

  private MaskHandler(MaskConfig config, AwsClients clients) {
    this(config, new S3ArchiveStore(clients.s3(), config.archiveBucket()),
        new SnsEventPublisher(clients.sns(), config.eventsTopicArn()), hashKeys(config, clients));
    MaskPriming.register(config);
  }

  /** For tests: ports and config. A new handler is a new environment: it has archived nothing yet. */
  public MaskHandler(MaskConfig config, ArchiveStore store, EventPublisher publisher, HashKeySource hashKeys) {
    ArchiveLayout layout = new ArchiveLayout(config.archivePrefix(), config.quarantinePrefix());
    JsonMasker masker = new JsonMasker(new MaskEngine(config.policy(), hashKeys));
    this.service = new ArchiveService(new BatchMasker(masker, layout), layout, store, publisher,
        new ArchivedIds(ARCHIVED_IDS));
  }

  private static HashKeySource hashKeys(MaskConfig config, AwsClients clients) {
    if (config.hashKeySecretArn() == null) {
      return HashKeySource.none();
    }
    SecretsManagerClient client = clients.configure(SecretsManagerClient.builder().credentialsProvider(clients.credentials()),
        "SECRETS_MANAGER");
    return new SecretsManagerHashKeySource(client, config.hashKeySecretArn(), HASH_KEY_TTL, Clock.systemUTC());
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    try (var scope = LambdaLogging.invocation(context)) {
      return Tracing.traced("mask", () -> handle(event));
    }
  }

  private StreamsEventResponse handle(KinesisEvent event) {
    List<KinesisEvent.KinesisEventRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
    if (records.isEmpty()) {
      return KinesisBatch.success();
    }
    Metrics metrics = Metrics.forInvocation();
    KinesisEvent.KinesisEventRecord first = records.get(0);
    String shardId = KinesisBatch.shardId(first);
    String streamName = KinesisBatch.streamName(first);
    try (var shard = LambdaLogging.with("shardId", shardId);
         var seq = LambdaLogging.with("sequenceNumber", first.getKinesis().getSequenceNumber())) {
      metrics.count("RecordsIn", records.size());
      try {
        ArchiveService.Outcome outcome = service.store(streamName, shardId, toInputs(records));
        metrics.count("RecordsArchived", outcome.archived())
            .count("RecordsQuarantined", outcome.quarantined())
            .count("DuplicateRecordsDropped", outcome.duplicates())
            .count("ArchivedDuplicatesDropped", outcome.alreadyArchived())
            .bytes("ArchiveBytes", outcome.archiveBytes());
        for (DetectorType type : DetectorType.values()) {
          if (outcome.counts().get(type) > 0) {
            metrics.count("Masked" + type.name(), outcome.counts().get(type));
          }
        }
        return KinesisBatch.success();
      } catch (RuntimeException e) {
        // nothing of this batch counts as stored: Lambda retries it from its first record
        LOG.error("Storing the batch of {} record(s) failed; reporting its first record for a retry ({})",
            records.size(), describe(e));
        metrics.count("BatchFailures", 1);
        if (e instanceof EventPublishException) {
          metrics.count("EventPublishFailures", 1);
        }
        return KinesisBatch.failedFrom(first.getKinesis().getSequenceNumber());
      }
    } finally {
      metrics.flush();
    }
  }

  /** AWS and key errors carry no payload and say what went wrong; anything else: its class only. */
  private static String describe(RuntimeException e) {
    return e instanceof software.amazon.awssdk.core.exception.SdkException || e instanceof EventPublishException
        || e instanceof dev.eventpipeline.masking.HashKeyUnavailableException ? e.toString() : e.getClass().getName();
  }

  private static List<InputRecord> toInputs(List<KinesisEvent.KinesisEventRecord> records) {
    List<InputRecord> inputs = new ArrayList<>(records.size());
    for (KinesisEvent.KinesisEventRecord r : records) {
      inputs.add(new InputRecord(r.getKinesis().getSequenceNumber(),
          KinesisBatch.arrival(r).orElse(Instant.EPOCH), KinesisBatch.data(r)));
    }
    return inputs;
  }
}
