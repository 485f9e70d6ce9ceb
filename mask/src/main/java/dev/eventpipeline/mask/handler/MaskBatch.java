package dev.eventpipeline.mask.handler;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventPublishException;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.metrics.Metrics;
import dev.eventpipeline.mask.adapter.S3ArchiveStore;
import dev.eventpipeline.mask.adapter.SecretsManagerHashKeySource;
import dev.eventpipeline.mask.domain.ArchiveLayout;
import dev.eventpipeline.mask.domain.ArchiveService;
import dev.eventpipeline.mask.domain.ArchivedIds;
import dev.eventpipeline.mask.domain.BatchMasker;
import dev.eventpipeline.mask.domain.InputRecord;
import dev.eventpipeline.mask.port.ArchiveStore;
import dev.eventpipeline.masking.HashKeySource;
import dev.eventpipeline.masking.HashKeyUnavailableException;
import dev.eventpipeline.masking.JsonMasker;
import dev.eventpipeline.masking.MaskEngine;
import dev.eventpipeline.settings.DetectorType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * One batch of mask, behind {@link MaskHandler}: masks it, archives it as one gzip NDJSON object,
 * publishes LogBatchArchived / SensitiveDataDetected / LogRecordsRejected, and emits the batch's
 * metrics. All or nothing: if the batch cannot be stored or its events cannot be published, nothing
 * of it counts as stored (the retry rewrites the same object, see ArchiveService).
 */
final class MaskBatch {
  private static final Logger LOG = LoggerFactory.getLogger(MaskHandler.class); // the logger name logs always had
  static final Duration HASH_KEY_TTL = Duration.ofMinutes(5);
  /**
   * Record ids this environment remembers as archived (docs/masking.md): 400 full batches of 500;
   * measured, 34 MB of heap for ingest's ids, 67 MB at most (ids over 256 characters are not kept).
   */
  static final int ARCHIVED_IDS = 200_000;

  private final ArchiveService service;

  /** Over the ports supplied. A new batch runner is a new environment: it has archived nothing yet. */
  MaskBatch(MaskConfig config, ArchiveStore store, EventPublisher publisher, HashKeySource hashKeys) {
    ArchiveLayout layout = new ArchiveLayout(config.archivePrefix(), config.quarantinePrefix());
    JsonMasker masker = new JsonMasker(new MaskEngine(config.policy(), hashKeys));
    this.service = new ArchiveService(new BatchMasker(masker, layout), store, publisher,
        new ArchivedIds(ARCHIVED_IDS));
  }

  /** The real adapters from the environment (config read once; no AWS call at init); SnapStart priming registered. */
  static MaskBatch fromEnvironment() {
    MaskConfig config = MaskConfig.from(Env.system());
    AwsClients clients = AwsClients.fromEnvironment();
    MaskBatch batch = new MaskBatch(config, new S3ArchiveStore(clients.s3(), config.archiveBucket()),
        new SnsEventPublisher(clients.sns(), config.eventsTopicArn()), hashKeys(config, clients));
    MaskPriming.register(config);
    return batch;
  }

  private static HashKeySource hashKeys(MaskConfig config, AwsClients clients) {
    if (config.hashKeySecretArn() == null) {
      return HashKeySource.none();
    }
    SecretsManagerClient client = clients.configure(SecretsManagerClient.builder().credentialsProvider(clients.credentials()),
        "SECRETS_MANAGER");
    return new SecretsManagerHashKeySource(client, config.hashKeySecretArn(), HASH_KEY_TTL, Clock.systemUTC());
  }

  /**
   * Stores one shard batch of {@code size} records; false when it failed and must be retried whole.
   * {@code inputs} is read inside the batch's error handling: a record that cannot be read fails the
   * batch like any other error.
   */
  boolean store(String streamName, String shardId, String firstSequenceNumber, int size,
      Supplier<List<InputRecord>> inputs) {
    Metrics metrics = Metrics.forInvocation();
    try (var shard = LambdaLogging.with("shardId", shardId);
         var seq = LambdaLogging.with("sequenceNumber", firstSequenceNumber)) {
      metrics.count("RecordsIn", size);
      try {
        ArchiveService.Outcome outcome = service.store(streamName, shardId, inputs.get());
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
        return true;
      } catch (RuntimeException e) {
        // nothing of this batch counts as stored: Lambda retries it from its first record
        LOG.error("Storing the batch of {} record(s) failed; reporting its first record for a retry ({})",
            size, describe(e));
        metrics.count("BatchFailures", 1);
        if (e instanceof EventPublishException) {
          metrics.count("EventPublishFailures", 1);
        }
        return false;
      }
    } finally {
      metrics.flush();
    }
  }

  /** AWS and key errors carry no payload and say what went wrong; anything else: its class only. */
  private static String describe(RuntimeException e) {
    return e instanceof SdkException || e instanceof EventPublishException
        || e instanceof HashKeyUnavailableException ? e.toString() : e.getClass().getName();
  }
}
