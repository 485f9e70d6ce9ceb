package dev.eventpipeline.ingest.handler;

import com.amazonaws.services.lambda.runtime.Context;
import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.events.EventPublisher;
import dev.eventpipeline.common.events.SnsEventPublisher;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.common.lifecycle.Lazy;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.ingest.adapter.S3QuarantineStore;
import dev.eventpipeline.ingest.domain.IngestService;
import dev.eventpipeline.ingest.domain.QuarantineDocuments;
import dev.eventpipeline.ingest.domain.QuarantineKeys;
import dev.eventpipeline.ingest.domain.RecordDecoder;
import dev.eventpipeline.ingest.port.QuarantineStore;
import java.util.function.BooleanSupplier;

/** How {@link IngestHandler} is put together: from the environment, or from ports; and its deadline. */
final class IngestWiring {
  /** Stop taking new records when less than this is left (bounded to a third of the time at start). */
  private static final long TIME_MARGIN_MILLIS = 10_000;

  private IngestWiring() {}

  /**
   * The real adapters from the environment (config and clients built once, at init; no AWS call),
   * and the SnapStart priming registered. The S3 and SNS clients serve only the rejection path
   * (quarantine, LogRecordsRejected), which most environments never take: they are built on first
   * use, and by SnapStart priming for snapshots.
   */
  static IngestService fromEnvironment() {
    IngestConfig config = IngestConfig.from(Env.system());
    AwsClients clients = AwsClients.fromEnvironment();
    Lazy<QuarantineStore> quarantine =
        Lazy.of(() -> new S3QuarantineStore(clients.s3(), config.quarantineBucket()));
    Lazy<EventPublisher> events = Lazy.of(() -> new SnsEventPublisher(clients.sns(), config.eventsTopicArn()));
    IngestService service = service(config, new KinesisRecordWriter(clients.kinesis(), config.outputStreamName()),
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
    return service;
  }

  /** The service over the ports supplied. */
  static IngestService service(IngestConfig config, RecordSink sink, QuarantineStore quarantine,
      EventPublisher events) {
    return new IngestService(new RecordDecoder(config.limits()), sink, quarantine, events,
        new QuarantineDocuments(new QuarantineKeys(config.quarantinePrefix()), config.quarantineMasking(),
            config.quarantineRawBucket()));
  }

  /** True once the invocation is running out of time; never, without a context. */
  static BooleanSupplier outOfTime(Context context) {
    if (context == null) {
      return () -> false;
    }
    long margin = Math.min(TIME_MARGIN_MILLIS, context.getRemainingTimeInMillis() / 3);
    return () -> context.getRemainingTimeInMillis() < margin;
  }
}
