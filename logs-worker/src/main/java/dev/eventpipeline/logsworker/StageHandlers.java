package dev.eventpipeline.logsworker;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.enrich.adapter.S3CatalogSource;
import dev.eventpipeline.enrich.handler.EnrichConfig;
import dev.eventpipeline.enrich.handler.EnrichHandler;
import dev.eventpipeline.ingest.adapter.S3QuarantineStore;
import dev.eventpipeline.ingest.handler.IngestConfig;
import dev.eventpipeline.ingest.handler.IngestHandler;
import dev.eventpipeline.mask.adapter.S3ArchiveStore;
import dev.eventpipeline.mask.adapter.SecretsManagerHashKeySource;
import dev.eventpipeline.mask.handler.MaskConfig;
import dev.eventpipeline.mask.handler.MaskHandler;
import dev.eventpipeline.masking.HashKeySource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The three stages over the functions' own handlers and adapters, configured by the functions' own
 * config classes (so a variable means the same in both modes and fails the same way). The SDK clients
 * are built once and shared by every shard; each shard gets its own handler.
 */
final class StageHandlers {
  /** As mask's function: the HASH operator's key is read again after this long. */
  private static final Duration HASH_KEY_TTL = Duration.ofMinutes(5);

  private StageHandlers() {}

  /** ingest, enrich, mask, in pipeline order. Reads and checks every stage's configuration now. */
  static List<Stage> fromEnvironment(WorkerConfig worker, Map<String, String> env, AwsClients clients) {
    S3Client s3 = clients.s3();
    SnsClient sns = clients.sns();
    KinesisClient kinesis = clients.kinesis();

    IngestConfig ingest = IngestConfig.from(WorkerConfig.stageEnvironment(env, worker.normalizedStream()));
    EventPublisher ingestEvents = new SnsEventPublisher(sns, ingest.eventsTopicArn());
    Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> ingestHandlers = () -> new IngestHandler(ingest,
        new KinesisRecordWriter(kinesis, ingest.outputStreamName()),
        new S3QuarantineStore(s3, ingest.quarantineBucket()), ingestEvents);

    EnrichConfig enrich = EnrichConfig.from(WorkerConfig.stageEnvironment(env, worker.enrichedStream()));
    Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> enrichHandlers = () -> new EnrichHandler(enrich,
        new S3CatalogSource(s3, enrich.catalogBucket(), enrich.catalogKey()),
        new KinesisRecordWriter(kinesis, enrich.outputStreamName()), Clock.systemUTC());

    Env maskEnv = WorkerConfig.stageEnvironment(env, null);
    MaskConfig mask = MaskConfig.from(maskEnv);
    EventPublisher maskEvents = new SnsEventPublisher(sns, mask.eventsTopicArn());
    SecretsManagerClient secrets = mask.hashKeySecretArn() == null ? null
        : clients.configure(SecretsManagerClient.builder().credentialsProvider(clients.credentials()), "SECRETS_MANAGER");
    Supplier<RequestHandler<KinesisEvent, StreamsEventResponse>> maskHandlers = () -> new MaskHandler(mask,
        new S3ArchiveStore(s3, mask.archiveBucket()), maskEvents, secrets == null ? HashKeySource.none()
            : new SecretsManagerHashKeySource(secrets, mask.hashKeySecretArn(), HASH_KEY_TTL, Clock.systemUTC()));

    return List.of(
        new Stage("ingest", worker.rawStream(), worker.ingestBatchSize(), 0, ingestHandlers),
        new Stage("enrich", worker.normalizedStream(), worker.enrichBatchSize(), 0, enrichHandlers),
        new Stage("mask", worker.enrichedStream(), worker.maskBatchSize(), worker.maskWindowMillis(), maskHandlers));
  }
}
