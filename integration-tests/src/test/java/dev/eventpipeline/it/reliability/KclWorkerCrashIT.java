package dev.eventpipeline.it.reliability;

import static dev.eventpipeline.it.reliability.ReliableCloud.figure;
import static dev.eventpipeline.it.reliability.ReliableCloud.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventpipeline.it.faults.FaultInjectingProxy;
import dev.eventpipeline.local.container.ServiceTasks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log stages as the logs worker (`-c logCompute=fargate`), killed mid-stream with SIGKILL: ECS (here the
 * local cloud) starts a replacement task, which takes the dead worker's leases once they expire and reads
 * every shard again from its last checkpoint; since a checkpoint follows only what was forwarded or
 * archived, and mask names an object after its first record, every record ends in the archive exactly once.
 * The moment is pinned with the fault proxy: the worker's first archive PutObject is held, the worker
 * killed with it in flight, and the write then dropped (it died with the process) or let land (the worst
 * moment: the object exists, its checkpoint does not).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KclWorkerCrashIT {
  static final int RECORDS = 300;

  @TempDir
  static Path dir;
  static ReliableCloud env;

  @BeforeAll
  static void start() throws Exception {
    env = ReliableCloud.start(ReliableCloud.synthesized("logCompute=fargate"), dir, true);
  }

  @AfterAll
  static void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  @Order(1)
  void theWorkerKilledWhileItsArchiveWriteIsInFlightLosesNothingAndDuplicatesNothing() throws Exception {
    killMidWrite(false);
  }

  @Test
  @Order(2)
  void theWorkerKilledAfterItsArchiveWriteLandedLosesNothingAndDuplicatesNothing() throws Exception {
    killMidWrite(true);
  }

  private void killMidWrite(boolean writeLands) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    assertThat(env.cloud.services()).as("the logs worker's ECS service").hasSize(1);
    ServiceTasks worker = env.cloud.services().get(0);
    int startedBefore = worker.startedCount();
    long archivedBefore = env.console.count("Archived ");
    FaultInjectingProxy.Hold write = env.proxy.hold("s3", "PUT /" + env.outputs.get("ArchiveBucketName") + "/logs/", 1);
    long start = System.nanoTime();
    env.pushLogs(run, 0, RECORDS);

    assertThat(write.awaitHeld(Duration.ofSeconds(120))).as("the worker's archive write reached the proxy").isTrue();
    worker.kill(0);
    long killed = System.nanoTime();
    if (writeLands) {
      write.release();
    } else {
      write.drop();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> worker.startedCount() > startedBefore && worker.runningCount() == 1);
    long archivedAtKill = env.console.count("Archived ");

    // the replacement must have archived (again) before the archive is counted: a landed write can make it
    // look complete at once
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
        .until(() -> env.console.count("Archived ") > archivedAtKill && env.archive(run).records().size() == RECORDS);
    Thread.sleep(3_000); // anything still in flight lands
    long recovered = millis(killed);
    ReliableCloud.Tally tally = env.archive(run);

    assertThat(tally.records()).hasSize(RECORDS);
    assertThat(tally.distinctIds()).isEqualTo(RECORDS);
    assertThat(tally.conflicting()).as("ids archived twice with different content").isZero();
    assertThat(tally.duplicates()).as("duplicate archive lines").isZero();
    figure("logs worker kill -9 " + (writeLands ? "after its write landed" : "mid-write") + ": records in " + RECORDS
        + ", archived lines " + tally.lines() + ", distinct ids " + tally.distinctIds() + ", objects " + tally.objects()
        + ", batches archived before the kill " + (archivedAtKill - archivedBefore) + ", killed after "
        + (killed - start) / 1_000_000 + " ms, complete " + recovered + " ms after the kill");
  }
}
