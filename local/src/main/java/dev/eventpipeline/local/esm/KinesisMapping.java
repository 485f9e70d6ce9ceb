package dev.eventpipeline.local.esm;

import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.esm.EventJson.KinesisRecord;
import dev.eventpipeline.local.lambda.FunctionPool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * A Kinesis event source mapping: a KCL 3.x scheduler with polling retrieval and its leases in the
 * backend's DynamoDB (table "&lt;function&gt;-&lt;mapping uuid&gt;", one lease per shard, checkpoints there),
 * feeding each shard's records, in order, through {@link KinesisShardRunner}. Shards are read as
 * Lambda reads them: up to 10,000 records per GetRecords, cut into batches that run back to back
 * ({@link ShardBatcher}), the next read at once while the shard has records ({@link LambdaPollingCadence}).
 * KPL aggregates reach the function whole, as Lambda delivers them (KCL's de-aggregation is switched off).
 */
public final class KinesisMapping implements AutoCloseable {
  /** Records per GetRecords, Lambda's (and Kinesis') maximum. */
  static final int MAX_RECORDS_PER_READ = 10_000;
  /**
   * The pause after an empty read. Lambda polls an idle shard about once a second; locally sooner, so
   * that a record does not wait long for its read: half this pause on average, per hop of the
   * pipeline (a GetRecords on moto's patched Kinesis costs a few ms).
   */
  static final long IDLE_MILLIS_BETWEEN_EMPTY_READS = 250;
  private static final Set<KinesisMapping> RUNNING = ConcurrentHashMap.newKeySet();

  private final MappingSpec spec;
  private final LocalAws aws;
  private final String applicationName;
  private final String label;
  private final Scheduler scheduler;
  private final KinesisAsyncClient kinesis;
  private final DynamoDbAsyncClient dynamoDb;
  private final CloudWatchAsyncClient cloudWatch;
  private final Set<String> activeShards = ConcurrentHashMap.newKeySet();
  private final Map<String, ShardPosition> positions = new ConcurrentHashMap<>();
  private final KinesisPollStats stats = new KinesisPollStats();

  /** Where a shard's processing stands: its last checkpoint and how far behind the stream's tip it reads. */
  public record ShardPosition(String checkpoint, Long millisBehindLatest) {}
  private volatile boolean running = true;
  private Thread thread;

  public KinesisMapping(MappingSpec spec, FunctionPool function, LocalAws aws, FailureDestination destination,
      Consumer<String> log) {
    this.spec = spec;
    this.aws = aws;
    this.applicationName = function.spec().name() + "-" + spec.uuid();
    this.kinesis = aws.kinesisAsync();
    this.dynamoDb = aws.dynamoDbAsync();
    this.cloudWatch = aws.cloudWatchAsync();
    this.label = spec.sourceName() + " → " + function.spec().name();
    String roleArn = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/" + function.spec().name();

    SingleStreamTracker tracker = new SingleStreamTracker(StreamIdentifier.singleStreamInstance(spec.sourceName()),
        initialPosition(spec));
    ConfigsBuilder configs = new ConfigsBuilder(tracker, applicationName, kinesis, dynamoDb, cloudWatch,
        "local-" + spec.uuid().substring(0, 8), () -> new Processor(spec, function, aws.region(), roleArn, destination,
            msg -> log.accept(label + ": " + msg)));
    // As Lambda reads a shard: up to 10,000 records per GetRecords, the next read at once while the shard
    // returns records, a pause only after an empty read.
    PollingConfig polling = new PollingConfig(spec.sourceName(), kinesis)
        .maxRecords(MAX_RECORDS_PER_READ)
        .idleTimeBetweenReadsInMillis(IDLE_MILLIS_BETWEEN_EMPTY_READS)
        .sleepTimeController(new LambdaPollingCadence(Clock.systemUTC()));
    this.scheduler = new Scheduler(
        configs.checkpointConfig(),
        configs.coordinatorConfig(),
        configs.leaseManagementConfig()
            // Short lease periods, and the leader assigns the seeded leases every second (by default every
            // 2 x failover): the mapping reads its shards within about a second of the scheduler's start.
            .failoverTimeMillis(4_000)
            .leaseAssignmentIntervalMillis(1_000L)
            .shardSyncIntervalMillis(30_000),
        // Lambda hands KPL aggregates to the function as they are; so must we.
        configs.lifecycleConfig().aggregatorUtil(new PassThroughAggregatorUtil()),
        configs.metricsConfig().metricsLevel(MetricsLevel.NONE).metricsFactory(new NullMetricsFactory()),
        configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true),
        configs.retrievalConfig().retrievalSpecificConfig(polling));
  }

  private static InitialPositionInStreamExtended initialPosition(MappingSpec spec) {
    return switch (spec.startingPosition() == null ? "LATEST" : spec.startingPosition()) {
      case "TRIM_HORIZON" -> InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON);
      case "AT_TIMESTAMP" -> InitialPositionInStreamExtended.newInitialPositionAtTimestamp(
          Date.from(spec.startingPositionTimestamp()));
      default -> InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.LATEST);
    };
  }

  public MappingSpec spec() {
    return spec;
  }

  /** "stream → function". */
  public String label() {
    return label;
  }

  /** The DynamoDB table that holds this mapping's leases and checkpoints. */
  public String leaseTable() {
    return applicationName;
  }

  public void start() {
    try (var ddb = aws.dynamoDb(); var k = aws.kinesis()) {
      KinesisLeases.seed(ddb, k, applicationName, spec.sourceName(), spec);
    }
    thread = new Thread(scheduler, "kcl-" + applicationName);
    thread.setDaemon(true);
    thread.start();
    RUNNING.add(this);
  }

  /** The Kinesis mappings running in this JVM (the benchmark reads their poll figures). */
  public static List<KinesisMapping> running() {
    return List.copyOf(RUNNING);
  }

  /** Per batch, where its time went (the latency benchmark's per-hop figures). */
  public KinesisPollStats stats() {
    return stats;
  }

  /** Reads, records, batches and time spent, over all shards, since the mapping started. */
  public KinesisPollStats.Snapshot pollStats() {
    return stats.snapshot();
  }

  /** Shards whose record processor is initialized (the mapping is reading them). */
  public Set<String> activeShards() {
    return Set.copyOf(activeShards);
  }

  /** Per shard: the last checkpoint and the iterator age, for `pipeline status`. */
  public Map<String, ShardPosition> shardPositions() {
    return Map.copyOf(positions);
  }

  /** Stops reading: no new batches; a batch being retried stops without checkpointing past what is done. */
  public void stopPolling() {
    running = false;
  }

  @Override
  public void close() {
    running = false;
    RUNNING.remove(this);
    try {
      scheduler.startGracefulShutdown().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      scheduler.shutdown();
    }
    kinesis.close();
    dynamoDb.close();
    cloudWatch.close();
  }

  /** Hands records over as Kinesis stored them. */
  private static final class PassThroughAggregatorUtil extends AggregatorUtil {
    @Override
    public List<KinesisClientRecord> deaggregate(List<KinesisClientRecord> records) {
      return records;
    }

    @Override
    public List<KinesisClientRecord> deaggregate(List<KinesisClientRecord> records, String startingHashKey,
        String endingHashKey) {
      return records;
    }

    @Override
    public List<KinesisClientRecord> deaggregate(List<KinesisClientRecord> records,
        java.math.BigInteger startingHashKey, java.math.BigInteger endingHashKey) {
      return records;
    }
  }

  /** One shard's processor: each read's records go through a {@link ShardBatcher} into the runner. */
  private final class Processor implements ShardRecordProcessor {
    private final MappingSpec spec;
    private final FunctionPool function;
    private final String region;
    private final String roleArn;
    private final FailureDestination destination;
    private final Consumer<String> log;
    private String shardId;
    private KinesisShardRunner runner;
    private ShardBatcher batcher;

    Processor(MappingSpec spec, FunctionPool function, String region, String roleArn, FailureDestination destination,
        Consumer<String> log) {
      this.spec = spec;
      this.function = function;
      this.region = region;
      this.roleArn = roleArn;
      this.destination = destination;
      this.log = log;
    }

    @Override
    public void initialize(InitializationInput input) {
      shardId = input.shardId();
      runner = new KinesisShardRunner(spec, shardId, function.spec().arn(), region, roleArn,
          event -> {
            try {
              return function.invoke(event).get();
            } catch (java.util.concurrent.ExecutionException e) {
              throw new IllegalStateException(e.getCause());
            }
          },
          destination, log, () -> running, Clock.systemUTC(), Duration.ofMillis(200));
      batcher = new ShardBatcher(spec.batchSize(), spec.batchingWindowSeconds(), ShardBatcher.MAX_EVENT_BYTES,
          ShardBatcher.recordOverhead(shardId, spec.sourceArn(), region, roleArn), System::currentTimeMillis,
          () -> running);
      positions.putIfAbsent(shardId, new ShardPosition(input.extendedSequenceNumber() == null ? null
          : input.extendedSequenceNumber().sequenceNumber(), null));
      activeShards.add(shardId);
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
      positions.compute(shardId, (k, p) -> new ShardPosition(p == null ? null : p.checkpoint(),
          input.millisBehindLatest()));
      List<KinesisRecord> read = new ArrayList<>(input.records().size());
      for (KinesisClientRecord r : input.records()) {
        read.add(new KinesisRecord(r.sequenceNumber(), r.partitionKey(), r.data(), r.approximateArrivalTimestamp()));
      }
      stats.read(read.size());
      batcher.add(read);
      flush(input.checkpointer(), false);
      // A partial batch whose window ends before the next read can come (an empty read is followed by the
      // idle pause) is run when its window ends, not at that read: the window is what it waits, no more.
      // Records the prefetcher reads meanwhile wait for the next batch, in order.
      long due = batcher.millisUntilDue();
      if (due >= 0 && due <= IDLE_MILLIS_BETWEEN_EMPTY_READS + 50 && running) {
        try {
          Thread.sleep(due);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        flush(input.checkpointer(), false);
      }
    }

    /** Runs every full batch at once, and the partial rest once its batching window is over (or {@code force}). */
    private void flush(RecordProcessorCheckpointer checkpointer, boolean force) {
      try {
        batcher.dispatch(batch -> {
          long start = System.nanoTime();
          long startMillis = System.currentTimeMillis();
          long readAt = batcher.headReadAtMillis();
          long arrival = batch.get(0).arrival() == null ? readAt : batch.get(0).arrival().toEpochMilli();
          checkpointNanos = 0;
          boolean done = runner.process(batch, record -> checkpoint(checkpointer, record));
          long nanos = System.nanoTime() - start;
          stats.batch(batch.size(), nanos);
          stats.hop(batch.size(), readAt - arrival, startMillis - readAt, (nanos - checkpointNanos) / 1_000_000,
              checkpointNanos / 1_000_000);
          return done;
        }, force);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Time spent checkpointing during the batch being run. */
    private long checkpointNanos;

    private void checkpoint(RecordProcessorCheckpointer checkpointer, KinesisRecord record) {
      long start = System.nanoTime();
      try {
        checkpointer.checkpoint(record.sequenceNumber());
        positions.compute(shardId, (k, p) -> new ShardPosition(record.sequenceNumber(),
            p == null ? null : p.millisBehindLatest()));
      } catch (ShutdownException | InvalidStateException e) {
        log.accept(shardId + ": checkpoint at " + record.sequenceNumber() + " failed: " + e.getMessage());
      } finally {
        long took = System.nanoTime() - start;
        checkpointNanos += took;
        stats.checkpoint(took);
      }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
      batcher.clear();
      activeShards.remove(shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
      flush(input.checkpointer(), true);
      if (!batcher.isEmpty()) {
        return; // stopped part-way: the shard is read again from the last checkpoint next time
      }
      try {
        input.checkpointer().checkpoint();
      } catch (ShutdownException | InvalidStateException e) {
        log.accept(shardId + ": checkpoint at shard end failed: " + e.getMessage());
      }
      activeShards.remove(shardId);
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
      // Only what the function finished is checkpointed already; buffered records are read again next time.
      activeShards.remove(shardId);
    }
  }
}
