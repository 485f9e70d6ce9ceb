package dev.eventpipeline.it.reliability;

import static dev.eventpipeline.it.reliability.ReliableCloud.figure;
import static dev.eventpipeline.it.reliability.ReliableCloud.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.eventpipeline.it.faults.FaultInjectingProxy;
import dev.eventpipeline.local.lambda.FunctionPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function process that dies in the middle of a batch, and an invocation that overruns its
 * timeout, on the real stack and functions: the batch fails, the event source mapping retries it,
 * and every record ends in the archive exactly once (counted: archive lines, distinct record ids,
 * distinct input records). The moment is pinned with the fault proxy: mask's archive PutObject, or
 * ingest's or enrich's PutRecords to the next stream, is held in the proxy, so the process dies (or
 * times out) with its write in flight.
 *
 * <p>One change to the synthesized template: mask's Timeout is 15 s instead of 120 s, so that the
 * timeout scenario takes seconds; everything else is the deployed configuration.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashAndTimeoutIT {
  static final int MASK_TIMEOUT_SECONDS = 15;
  static final int RECORDS = 300;

  @TempDir
  static Path dir;
  static ReliableCloud env;

  @BeforeAll
  static void start() throws Exception {
    Path template = ReliableCloud.override("short-mask-timeout",
        t -> ReliableCloud.set(t, "MaskFunction", "Timeout", MASK_TIMEOUT_SECONDS));
    env = ReliableCloud.start(template, dir, true);
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

  @Test
  @Order(1)
  void aMaskProcessKilledWhileItsArchiveWriteIsInFlightLosesNothingAndDuplicatesNothing() throws Exception {
    String run = runId();
    FunctionPool mask = env.cloud.function("MaskFunction");
    long errorsBefore = mask.stats().errors();
    FaultInjectingProxy.Hold write = env.proxy.hold("s3", "PUT /" + env.outputs.get("ArchiveBucketName") + "/logs/", 1);
    long start = System.nanoTime();
    env.pushLogs(run, 0, RECORDS);

    assertThat(write.awaitHeld(Duration.ofSeconds(120))).as("mask's archive write reached the proxy").isTrue();
    List<Long> pids = mask.pids();
    assertThat(pids).isNotEmpty();
    pids.forEach(ReliableCloud::kill9);
    long killed = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> mask.stats().errors() > errorsBefore);
    write.drop(); // the write dies with the process that made it

    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
        .until(() -> env.archive(run).records().size() == RECORDS);
    long recovered = millis(killed);
    ReliableCloud.Tally tally = env.archive(run);

    assertThat(tally.records()).hasSize(RECORDS);
    assertThat(tally.distinctIds()).isEqualTo(RECORDS);
    assertThat(tally.lines()).as("archive lines (duplicates would show here)").isEqualTo(RECORDS);
    assertThat(env.console.count("Runtime.ExitError")).isPositive();
    figure("kill -9 mid-write: records in " + RECORDS + ", archived lines " + tally.lines() + ", distinct ids "
        + tally.distinctIds() + ", objects " + tally.objects() + ", duplicates " + tally.duplicates() + ", mask errors "
        + (mask.stats().errors() - errorsBefore) + ", bisections " + env.console.count("bisecting a batch")
        + ", killed after " + (killed - start) / 1_000_000 + " ms, complete " + recovered + " ms after the kill");
  }

  @Test
  @Order(2)
  void aMaskProcessKilledAfterItsArchiveWriteLandedLosesNothingAndDuplicatesNothing()
      throws Exception {
    String run = runId();
    FunctionPool mask = env.cloud.function("MaskFunction");
    long errorsBefore = mask.stats().errors();
    long bisectionsBefore = env.console.count("bisecting a batch");
    FaultInjectingProxy.Hold write = env.proxy.hold("s3", "PUT /" + env.outputs.get("ArchiveBucketName") + "/logs/", 1);
    env.pushLogs(run, 0, RECORDS);

    assertThat(write.awaitHeld(Duration.ofSeconds(120))).isTrue();
    long succeededBefore = mask.stats().invocations() - mask.stats().errors();
    mask.pids().forEach(ReliableCloud::kill9);
    long killed = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> mask.stats().errors() > errorsBefore);
    write.release(); // the write lands although its process is gone: the worst moment to die

    // The landed write makes the archive look complete at once: wait for the retry itself (both halves when the
    // batch was bisected) before counting.
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() ->
        mask.stats().invocations() - mask.stats().errors() - succeededBefore
            >= (env.console.count("bisecting a batch") > bisectionsBefore ? 2 : 1));
    long recovered = millis(killed);
    ReliableCloud.Tally tally = env.archive(run);

    assertThat(tally.records()).hasSize(RECORDS);
    assertThat(tally.distinctIds()).isEqualTo(RECORDS);
    assertThat(tally.conflicting()).as("ids archived twice with different content").isZero();
    long bisections = env.console.count("bisecting a batch") - bisectionsBefore;
    figure("kill -9 after the write landed: records in " + RECORDS + ", archived lines " + tally.lines()
        + ", distinct ids " + tally.distinctIds() + ", objects " + tally.objects() + ", duplicate lines "
        + tally.duplicates() + ", bisections " + bisections + ", complete " + recovered + " ms after the kill");
    // A crash is a function error, so the retry may run the batch in halves; mask names an archive object by its
    // shard and FIRST sequence number only, so the first half overwrites the object the dead process wrote and the
    // second half gets its own: no record is archived twice.
    assertThat(tally.duplicates()).as("duplicate archive lines").isZero();
  }

  @Test
  @Order(3)
  void aMaskInvocationThatTimesOutMidWriteIsRetriedAndLosesNothing() throws Exception {
    String run = runId();
    FunctionPool mask = env.cloud.function("MaskFunction");
    long timeoutsBefore = mask.stats().toJson().path("timeouts").asLong();
    FaultInjectingProxy.Hold write = env.proxy.hold("s3", "PUT /" + env.outputs.get("ArchiveBucketName") + "/logs/", 1);
    env.pushLogs(run, 0, RECORDS);

    assertThat(write.awaitHeld(Duration.ofSeconds(120))).isTrue();
    long held = System.nanoTime();
    await().atMost(Duration.ofSeconds(MASK_TIMEOUT_SECONDS + 15))
        .until(() -> mask.stats().toJson().path("timeouts").asLong() > timeoutsBefore);
    long timedOut = millis(held);
    write.drop();

    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
        .until(() -> env.archive(run).records().size() == RECORDS);
    long recovered = millis(held);
    ReliableCloud.Tally tally = env.archive(run);

    assertThat(tally.records()).hasSize(RECORDS);
    assertThat(tally.distinctIds()).isEqualTo(RECORDS);
    assertThat(tally.lines()).isEqualTo(RECORDS);
    assertThat(env.console.count("Task timed out after " + MASK_TIMEOUT_SECONDS + ".00 seconds")).isPositive();
    figure("timeout mid-write: records in " + RECORDS + ", archived lines " + tally.lines() + ", distinct ids "
        + tally.distinctIds() + ", timed out " + timedOut + " ms after the write was held, complete " + recovered
        + " ms after it");
  }

  @Test
  @Order(4)
  void anIngestProcessKilledWhileForwardingLosesNothingAndItsForwardedCopiesAreNotArchivedTwice() throws Exception {
    upstreamKilledWhileForwarding("IngestFunction", "NormalizedLogsStreamName");
  }

  @Test
  @Order(5)
  void anEnrichProcessKilledWhileForwardingLosesNothingAndItsForwardedCopiesAreNotArchivedTwice() throws Exception {
    upstreamKilledWhileForwarding("EnrichFunction", "EnrichedLogsStreamName");
  }

  /** What the proxy sees of a PutRecords to {@code stream}: its JSON body lists Records, then StreamName. */
  private static String putRecordsTo(String stream) {
    // the pollers' calls on the same stream (GetShardIterator, ListShards, ...) start with StreamName
    return "],\"StreamName\":\"" + stream + "\"";
  }

  /**
   * {@code function}'s PutRecords to {@code outputStream} is held, the process is killed with it in
   * flight, and the call then lands anyway: the records of the killed batch are in the stream once, and
   * the retry (bisected: a function error) forwards them again with the same ids. The retry's first
   * PutRecords is held until mask has archived the first copies, so the second copies reach mask in a
   * later batch: mask must recognize them as archived.
   */
  private void upstreamKilledWhileForwarding(String functionName, String outputStream) throws Exception {
    String run = runId();
    FunctionPool fn = env.cloud.function(functionName);
    long errorsBefore = fn.stats().errors();
    long inBatchBefore = env.console.metricSum("DuplicateRecordsDropped");
    long archivedBefore = env.console.metricSum("ArchivedDuplicatesDropped");
    String stream = env.outputs.get(outputStream);
    FaultInjectingProxy.Hold first = env.proxy.hold("kinesis", putRecordsTo(stream), 1);
    FaultInjectingProxy.Hold retry = env.proxy.hold("kinesis", putRecordsTo(stream), 1);
    long start = System.nanoTime();
    env.pushLogs(run, 0, RECORDS);

    assertThat(first.awaitHeld(Duration.ofSeconds(120))).as(functionName + "'s PutRecords reached the proxy").isTrue();
    int consoleAtKill = env.console.lines.size();
    List<Long> pids = fn.pids();
    assertThat(pids).isNotEmpty();
    pids.forEach(ReliableCloud::kill9);
    long killed = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).until(() -> fn.stats().errors() > errorsBefore);
    first.release(); // lands although its process is gone: these records are in the stream now

    // the killed batch, as the mapping bisects it for the retry: its records are the ones forwarded twice
    await().atMost(Duration.ofSeconds(30)).until(() -> bisectedBatchSize(consoleAtKill) > 0);
    int copies = bisectedBatchSize(consoleAtKill);
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
        .until(() -> env.archive(run).lines() == copies);
    assertThat(retry.awaitHeld(Duration.ofSeconds(60))).as("the retry forwards the killed batch again").isTrue();
    retry.release();

    // every record of the run that reached enriched-logs, second copies included, is an archive line or dropped
    int expected = RECORDS + copies;
    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
        env.streamRecords("EnrichedLogsStreamName", run) == expected
            && env.archive(run).lines() + dropped(inBatchBefore, archivedBefore) >= expected);
    long recovered = millis(killed);
    ReliableCloud.Tally tally = env.archive(run);
    long inBatch = env.console.metricSum("DuplicateRecordsDropped") - inBatchBefore;
    long archived = env.console.metricSum("ArchivedDuplicatesDropped") - archivedBefore;

    assertThat(tally.records()).as("distinct inputs archived").hasSize(RECORDS);
    assertThat(tally.distinctIds()).isEqualTo(RECORDS);
    assertThat(tally.lines()).as("archive lines (duplicates would show here)").isEqualTo(RECORDS);
    assertThat(archived).as("second copies dropped as already archived by mask").isEqualTo(copies);
    figure(functionName + " kill -9 mid-PutRecords: records in " + RECORDS + ", forwarded twice " + copies
        + ", in enriched-logs " + expected + ", archived lines " + tally.lines() + ", distinct ids "
        + tally.distinctIds() + ", objects " + tally.objects() + ", duplicates " + tally.duplicates()
        + ", copies dropped as archived before " + archived + " / in the batch " + inBatch + ", killed after "
        + (killed - start) / 1_000_000 + " ms, complete " + recovered + " ms after the kill");
  }

  private int bisectedBatchSize(int fromLine) {
    java.util.regex.Pattern bisect = java.util.regex.Pattern.compile("bisecting a batch of (\\d+) into");
    for (String line : env.console.lines.subList(fromLine, env.console.lines.size())) {
      java.util.regex.Matcher m = bisect.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return 0;
  }

  private long dropped(long inBatchBefore, long archivedBefore) {
    return env.console.metricSum("DuplicateRecordsDropped") - inBatchBefore
        + env.console.metricSum("ArchivedDuplicatesDropped") - archivedBefore;
  }
}
