package dev.eventpipeline.it.reliability;

import static dev.eventpipeline.it.reliability.ReliableCloud.figure;
import static dev.eventpipeline.it.reliability.ReliableCloud.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventpipeline.it.faults.FaultInjectingProxy;
import dev.eventpipeline.it.faults.FaultInjectingProxy.Kind;
import dev.eventpipeline.it.faults.FaultInjectingProxy.Rule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * `pipeline up` stopped with records still in the streams, and started again against the same
 * backend (`--endpoint`): the Kinesis mappings resume from the checkpoints their leases hold in the
 * backend's DynamoDB, and every record is archived. Stopped two ways: its Ctrl-C path (pollers
 * stop, in-flight invocations finish, KCL shuts down gracefully), and `kill -9` of `up` and of every
 * function process while a batch is in flight (nothing drained, no lease released).
 *
 * <p>The real stack, unchanged, on moto. The fault proxy only pins the moment of the stop: mask's
 * archive writes fail (or one is held) from just before the last push ahead of the stop, so those
 * records are certainly in the streams, unarchived, when `up` goes away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartIT {
  @TempDir
  static Path dir;
  static ReliableCloud env;
  static List<String> functions;

  @BeforeAll
  static void start() throws Exception {
    env = ReliableCloud.start(ReliableCloud.synthesized(), dir, true);
    functions = List.of("IngestFunction", "EnrichFunction", "MaskFunction").stream()
        .map(id -> env.cloud.function(id).spec().name()).toList();
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  static String runId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static String archiveWrites() {
    return "PUT /" + env.outputs.get("ArchiveBucketName") + "/logs/";
  }

  @Test
  @Order(1)
  void upStoppedWithCtrlCAndStartedAgainResumesFromItsCheckpointsAndLosesNothing() {
    String run = runId();
    int first = 400;
    int inFlight = 400;
    int whileDown = 200;
    int total = first + inFlight + whileDown;

    env.pushLogs(run, 0, first);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> env.archive(run).records().size() == first);
    // Until the stop mask cannot archive (its writes answered 500: it reports the batch failed and the mapping
    // retries it), so the next records are in the streams past mask's checkpoint when `up` stops.
    env.proxy.inject(new Rule("s3", archiveWrites(), 1.0, Kind.INTERNAL_ERROR, null,
        Instant.now().plus(Duration.ofMinutes(10)), -1));
    env.pushLogs(run, first, first + inFlight);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
        .until(() -> env.proxy.injectedCount("s3") > 0);
    long stopping = System.nanoTime();
    env.stopCloud();
    long stopMillis = millis(stopping);
    env.proxy.clearFaults();
    ReliableCloud.Tally atStop = env.archive(run);
    Map<String, String> checkpoints = checkpoints();
    env.pushLogs(run, first + inFlight, total);

    long restarting = System.nanoTime();
    env.startCloud();
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
        .until(() -> env.archive(run).records().size() == total);
    long resumed = millis(restarting);
    ReliableCloud.Tally tally = env.archive(run);

    // Each mapping had checkpointed past the start of its stream: the restart resumed there, not at TRIM_HORIZON.
    assertThat(checkpoints).hasSize(3).allSatisfy((fn, cp) -> assertThat(cp).as(fn).matches("\\d+"));
    assertThat(atStop.records()).as("archived at the stop: the first records, none of those pushed just before it")
        .hasSize(first).allMatch(i -> i < first);
    assertThat(tally.records()).hasSize(total);
    assertThat(tally.distinctIds()).isEqualTo(total);
    assertThat(tally.lines()).as("archive lines: records read again after the restart would show here")
        .isEqualTo(total);
    figure("Ctrl-C restart: records in " + total + " (" + first + " before, " + inFlight + " pushed just before the "
        + "stop, " + whileDown + " while down), archived at stop " + atStop.records().size() + ", stop took "
        + stopMillis + " ms, checkpoints at stop " + checkpoints + ", after restart archived lines " + tally.lines()
        + " / distinct ids " + tally.distinctIds() + ", complete " + resumed + " ms after the restart began");
  }

  @Test
  @Order(2)
  void upKilledWhileABatchIsInFlightAndStartedAgainLosesNothing() throws Exception {
    String run = runId();
    int first = 300;
    int inFlight = 300;
    int whileDown = 200;
    int total = first + inFlight + whileDown;
    env.stopCloud(); // the previous test's cloud: `up` in a process of its own is the only consumer below
    env.startUpProcess();

    env.pushLogs(run, 0, first);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> env.archive(run).records().size() == first);
    FaultInjectingProxy.Hold write = env.proxy.hold("s3", archiveWrites(), 1);
    env.pushLogs(run, first, first + inFlight);
    assertThat(write.awaitHeld(Duration.ofSeconds(120))).as("mask's archive write reached the proxy").isTrue();
    long killing = System.nanoTime();
    List<Long> killed = env.killUpProcess();
    long killMillis = millis(killing);
    write.drop(); // the write dies with the process that made it
    ReliableCloud.Tally atKill = env.archive(run);
    Map<String, String> checkpoints = checkpoints();
    env.pushLogs(run, first + inFlight, total);

    long restarting = System.nanoTime();
    env.startCloud();
    await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
        .until(() -> env.archive(run).records().size() == total);
    long resumed = millis(restarting);
    ReliableCloud.Tally tally = env.archive(run);

    assertThat(killed).as("`up` and its function processes").hasSizeGreaterThan(1);
    assertThat(checkpoints).hasSize(3).allSatisfy((fn, cp) -> assertThat(cp).as(fn).matches("\\d+"));
    assertThat(atKill.records()).as("archived at the kill: the first records, none of the batch in flight")
        .hasSize(first).allMatch(i -> i < first);
    assertThat(tally.records()).as("distinct input records archived").hasSize(total);
    assertThat(tally.distinctIds()).isEqualTo(total);
    // A batch whose invocation had completed but whose checkpoint was not written when the processes died is
    // read again after the restart (at least once): its records would be archived twice, under the same ids.
    // Counted, not hidden; readers de-duplicate by id.
    figure("kill -9 restart: records in " + total + " (" + first + " before, " + inFlight + " pushed just before the "
        + "kill, mask's write held, " + whileDown + " while down), processes killed " + killed.size() + " in "
        + killMillis + " ms, archived at the kill " + atKill.records().size() + ", checkpoints at the kill "
        + checkpoints + ", after restart archived lines " + tally.lines() + " / distinct ids " + tally.distinctIds()
        + " / duplicate lines " + tally.duplicates() + " (ids with differing lines " + tally.conflicting()
        + "), complete " + resumed + " ms after the restart began");
  }

  /** The shard checkpoint of each function's Kinesis mapping, from its KCL lease table in the backend. */
  private static Map<String, String> checkpoints() {
    Map<String, String> checkpoints = new LinkedHashMap<>();
    try (DynamoDbClient ddb = env.direct.dynamoDb()) {
      for (String table : ddb.listTables().tableNames()) {
        for (String fn : functions) {
          if (table.startsWith(fn + "-") && !table.endsWith("-CoordinatorState") && !table.endsWith("-WorkerMetricStats")) {
            Map<String, AttributeValue> lease = ddb.getItem(b -> b.tableName(table)
                .key(Map.of("leaseKey", AttributeValue.fromS("shardId-000000000000")))).item();
            checkpoints.put(fn, lease.get("checkpoint").s());
          }
        }
      }
    }
    return checkpoints;
  }
}
