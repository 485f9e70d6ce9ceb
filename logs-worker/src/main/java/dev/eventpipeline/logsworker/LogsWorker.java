package dev.eventpipeline.logsworker;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamIdentifier;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The log stages as one long-running KCL 3 application (`-c logCompute=fargate`, docs/deploy.md): one
 * KCL scheduler per stage and stream (ingest on raw-logs, enrich on normalized-logs, mask on
 * enriched-logs), each stage running its function's own handler over a shard's batches, so records,
 * ids, archive keys, quarantine, events and metrics are what the functions produce. A shard is
 * checkpointed only after its batch is forwarded or archived; SIGTERM hands the leases over gracefully.
 * An unusable JVM or a scheduler that dies ends the process (exit code 70 or 1) so it is replaced.
 */
public final class LogsWorker {
  /** How long a graceful shutdown may take before the worker gives up on it (ECS waits 60 s by default here). */
  static final long SHUTDOWN_SECONDS = 45;

  private final WorkerConfig config;
  private final List<Stage> stages;
  private final String workerId;
  private final SdkAsyncHttpClient http;
  private final KinesisAsyncClient kinesis;
  private final DynamoDbAsyncClient dynamoDb;
  private final CloudWatchAsyncClient cloudWatch;
  private final AwsClients clients;
  private final List<Scheduler> schedulers = new ArrayList<>();
  private volatile boolean running = true;

  LogsWorker(WorkerConfig config, List<Stage> stages, AwsClients clients) {
    this.config = config;
    this.stages = stages;
    this.workerId = workerId();
    this.clients = clients;
    // KCL's clients are async: netty, HTTP/1.1 (polling needs no HTTP/2, and moto speaks only 1.1)
    this.http = NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1).maxConcurrency(100).build();
    Region region = Region.of(config.region());
    var kinesisBuilder = KinesisAsyncClient.builder().httpClient(http).region(region)
        .credentialsProvider(clients.credentials());
    clients.endpointFor("KINESIS").ifPresent(kinesisBuilder::endpointOverride);
    this.kinesis = kinesisBuilder.build();
    var dynamoBuilder = DynamoDbAsyncClient.builder().httpClient(http).region(region)
        .credentialsProvider(clients.credentials());
    clients.endpointFor("DYNAMODB").ifPresent(dynamoBuilder::endpointOverride);
    this.dynamoDb = dynamoBuilder.build();
    var cloudWatchBuilder = CloudWatchAsyncClient.builder().httpClient(http).region(region)
        .credentialsProvider(clients.credentials());
    clients.endpointFor("CLOUDWATCH").ifPresent(cloudWatchBuilder::endpointOverride);
    this.cloudWatch = cloudWatchBuilder.build(); // KCL requires one; its metrics are off (NONE)
  }

  public static void main(String[] args) {
    if (System.getProperty("log4j2.configurationFile") == null) {
      // a console appender, not the functions' Lambda appender: this is a plain process (before any logger)
      System.setProperty("log4j2.configurationFile", "classpath:logs-worker-log4j2.properties");
    }
    Logger log = LoggerFactory.getLogger(LogsWorker.class);
    LogsWorker worker;
    try {
      Map<String, String> env = System.getenv();
      WorkerConfig config = WorkerConfig.from(Env.of(env));
      AwsClients clients = AwsClients.from(Env.of(env));
      worker = new LogsWorker(config, StageHandlers.fromEnvironment(config, env, clients), clients);
    } catch (ConfigException e) {
      log.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(worker::shutdown, "logs-worker-shutdown"));
    int exit = worker.run();
    if (exit != 0) {
      System.exit(exit);
    }
  }

  /** Runs the three schedulers until they stop; 0 after a requested shutdown, 1 when one died on its own. */
  int run() {
    Logger log = LoggerFactory.getLogger(LogsWorker.class);
    List<Thread> threads = new ArrayList<>();
    bootstrapLeases(log);
    for (Stage stage : stages) {
      Scheduler scheduler = scheduler(stage);
      synchronized (schedulers) {
        if (!running) {
          return 0;
        }
        schedulers.add(scheduler);
      }
      Thread thread = new Thread(scheduler, "kcl-" + stage.name());
      thread.start();
      threads.add(thread);
    }
    log.info("Worker {} running {} as {}-<stage>", workerId, stages.stream().map(s -> s.name() + " on " + s.stream())
        .toList(), config.applicationName());
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return running ? 1 : 0;
      }
      if (running) {
        log.error("The KCL scheduler {} stopped on its own; exiting so the worker is replaced", thread.getName());
        return 1;
      }
    }
    return 0;
  }

  /** Graceful: every shard's held records get one attempt, checkpoints follow, leases are released. */
  void shutdown() {
    Logger log = LoggerFactory.getLogger(LogsWorker.class);
    List<CompletableFuture<Boolean>> stopping = new ArrayList<>();
    synchronized (schedulers) {
      if (!running) {
        return;
      }
      running = false;
      for (Scheduler scheduler : schedulers) {
        stopping.add(scheduler.startGracefulShutdown().toCompletableFuture());
      }
    }
    try {
      CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
      log.info("Worker {} stopped: leases handed over", workerId);
    } catch (Exception e) {
      log.warn("Graceful shutdown did not finish in {} s ({}); stopping now", SHUTDOWN_SECONDS, e.getClass().getSimpleName());
      schedulers.forEach(Scheduler::shutdown);
    }
    kinesis.close();
    dynamoDb.close();
    cloudWatch.close();
    http.close();
  }

  /** The first leases of a new application (LeaseBootstrap); on any failure KCL's own start-up does it, slower. */
  private void bootstrapLeases(Logger log) {
    try (var ddb = clients.dynamoDb(); var k = clients.kinesis()) {
      for (Stage stage : stages) {
        try {
          int written = LeaseBootstrap.seed(ddb, k, application(stage), stage.stream());
          if (written > 0) {
            log.info("Wrote the first {} lease(s) of {} (from TRIM_HORIZON)", written, application(stage));
          }
        } catch (RuntimeException e) {
          log.warn("Could not write the first leases of {} ({}); KCL writes them after its start-up wait",
              application(stage), e.toString());
        }
      }
    }
  }

  private String application(Stage stage) {
    return config.applicationName() + "-" + stage.name();
  }

  private Scheduler scheduler(Stage stage) {
    String application = application(stage);
    SingleStreamTracker tracker = new SingleStreamTracker(StreamIdentifier.singleStreamInstance(stage.stream()),
        // a new application reads what the stream retains, like a mapping from TRIM_HORIZON: nothing is skipped
        InitialPositionInStreamExtended.newInitialPosition(InitialPositionInStream.TRIM_HORIZON));
    ConfigsBuilder configs = new ConfigsBuilder(tracker, application, kinesis, dynamoDb, cloudWatch, workerId,
        () -> new StageProcessor(stage, config.region(), config.account(), () -> running));
    PollingConfig polling = new PollingConfig(stage.stream(), kinesis)
        .maxRecords(WorkerConfig.MAX_BATCH_SIZE)
        .idleTimeBetweenReadsInMillis(config.idleMillisBetweenReads());
    // Only the leader hands out leases. Its lock in DynamoDB lasts two failover times (KCL's default is two
    // minutes: a worker killed while leader left every shard unread for 2 min 15 s, measured), renewed every
    // quarter of that; it hands out unowned or expired leases every quarter of the failover time (KCL's
    // default is twice it), and counts a worker as alive while its utilization report is younger than two
    // report periods: reported every half failover time (KCL's default, 30 s, kept a worker that had stopped
    // in the running for a minute, and the leader kept handing it leases). So the shards of a worker that
    // went away are read again within about two and a half failover times.
    long leaderLock = Math.max(4_000, 2 * config.failoverMillis());
    LeaseManagementConfig leases = configs.leaseManagementConfig().failoverTimeMillis(config.failoverMillis())
        .leaseAssignmentIntervalMillis(Math.max(1_000, config.failoverMillis() / 4))
        .dynamoDbLockBasedLeaderLeaseDurationInMillis(leaderLock)
        .dynamoDbLockBasedLeaderHeartbeatPeriodInMillis(leaderLock / 4);
    leases.workerUtilizationAwareAssignmentConfig()
        .workerMetricsReporterFreqInMillis(Math.max(1_000, config.failoverMillis() / 2));
    return new Scheduler(
        configs.checkpointConfig(),
        configs.coordinatorConfig(),
        leases,
        // Lambda hands KPL aggregates to ingest whole, and ingest de-aggregates them itself (ids included)
        configs.lifecycleConfig().aggregatorUtil(new WholeRecords()),
        configs.metricsConfig().metricsLevel(MetricsLevel.NONE).metricsFactory(new NullMetricsFactory()),
        // called on an idle shard too, so a batch whose window is over is run without waiting for records
        configs.processorConfig().callProcessRecordsEvenForEmptyRecordList(true),
        configs.retrievalConfig().retrievalSpecificConfig(polling));
  }

  private static String workerId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "worker";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Hands records over as Kinesis stored them (KCL would de-aggregate KPL records by default). */
  static final class WholeRecords extends AggregatorUtil {
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
    public List<KinesisClientRecord> deaggregate(List<KinesisClientRecord> records, BigInteger startingHashKey,
        BigInteger endingHashKey) {
      return records;
    }
  }
}
