package dev.eventpipeline.it.reliability;

import static dev.eventpipeline.it.reliability.ReliableCloud.figure;
import static dev.eventpipeline.it.reliability.ReliableCloud.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * `pipeline up` stopped (its Ctrl-C path) with records still in the streams, and started again
 * against the same backend (`--endpoint`): the Kinesis mappings resume from the checkpoints their
 * leases hold in the backend's DynamoDB, and every record is archived exactly once. The real stack,
 * unchanged, straight on moto (no faults).
 */
class RestartIT {
  @TempDir
  static Path dir;
  static ReliableCloud env;

  @BeforeAll
  static void start() throws Exception {
    env = ReliableCloud.start(ReliableCloud.synthesized(), dir, false);
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void upRestartedWithRecordsStillInTheStreamsResumesFromItsCheckpointsAndLosesNothing() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int first = 400;
    int inFlight = 400;
    int whileDown = 200;
    int total = first + inFlight + whileDown;
    List<String> functions = List.of("IngestFunction", "EnrichFunction", "MaskFunction").stream()
        .map(id -> env.cloud.function(id).spec().name()).toList();

    env.pushLogs(run, 0, first);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> env.archive(run).lines() > 0);
    env.pushLogs(run, first, first + inFlight);
    long stopping = System.nanoTime();
    env.stopCloud();
    long stopMillis = millis(stopping);
    ReliableCloud.Tally atStop = env.archive(run);
    Map<String, String> checkpoints = checkpoints(functions);
    env.pushLogs(run, first + inFlight, total);

    long restarting = System.nanoTime();
    env.startCloud();
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
        .until(() -> env.archive(run).records().size() == total);
    long resumed = millis(restarting);
    ReliableCloud.Tally tally = env.archive(run);

    // Each mapping had checkpointed past the start of its stream: the restart resumed there, not at TRIM_HORIZON.
    assertThat(checkpoints).hasSize(3).allSatisfy((fn, cp) -> assertThat(cp).as(fn).matches("\\d+"));
    assertThat(atStop.records().size()).isLessThan(total);
    assertThat(tally.records()).hasSize(total);
    assertThat(tally.distinctIds()).isEqualTo(total);
    assertThat(tally.lines()).as("archive lines: records read again after the restart would show here")
        .isEqualTo(total);
    figure("restart: records in " + total + " (" + first + " before, " + inFlight + " pushed just before the stop, "
        + whileDown + " while down), archived at stop " + atStop.records().size() + ", stop took " + stopMillis
        + " ms, checkpoints at stop " + checkpoints + ", after restart archived lines " + tally.lines()
        + " / distinct ids " + tally.distinctIds() + ", complete " + resumed + " ms after the restart began");
  }

  /** The shard checkpoint of each function's Kinesis mapping, from its KCL lease table in the backend. */
  private static Map<String, String> checkpoints(List<String> functions) {
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
