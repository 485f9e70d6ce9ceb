package dev.eventpipeline.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.esm.KinesisPollStats;
import dev.eventpipeline.local.lambda.FunctionStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one end-to-end benchmark run.
 *
 * @param complete whether every record and image was accounted for before the timeout
 * @param waited from the start of the push to completion (or the timeout)
 * @param archiveLines lines in the archive objects (duplicates included)
 * @param archivedUnique distinct record ids among them
 * @param quarantined objects under quarantine/ (one per quarantined record)
 * @param logsDone from the start of the push to the last batch's LogBatchArchived
 * @param recordLatency ms from a record's arrival in the raw stream (ingestedAt) to its LogBatchArchived event
 * @param imagesDone from the start of the uploads to the last ThumbnailCreated
 * @param imageLatency ms from the end of an image's upload to its ThumbnailCreated event
 * @param functions per function: what happened during the run (REPORT figures)
 * @param backendProbe ms of a GetShardIterator + GetRecords round trip on normalized-logs, sampled while waiting
 * @param maxIteratorAgeMillis per stream: the largest iterator age its consumer reported
 * @param polling per Kinesis mapping ("stream → function"): reads, records, batches and the time spent running them
 * @param backend the backend, as the local cloud describes it (moto's Kinesis patch included)
 * @param logCompute where the log stages ran: "lambda" (the three functions) or "kcl" (the logs worker's tasks)
 * @param logStageCpu CPU time of the processes that ran the log stages during the run ({@link LogStageCpu})
 */
public record BenchReport(int records, int images, int badImages, boolean complete, Duration waited,
    Duration pushTime, long aggregates, long putRecordsCalls, long putRecordsMillis, long archiveObjects,
    long archiveLines, long archivedUnique, long quarantined, Duration logsDone, Percentiles recordLatency,
    int thumbnailsCreated, int thumbnailsFailed, Duration imagesDone, Percentiles imageLatency,
    Map<String, FunctionStats.Snapshot> functions, Percentiles backendProbe, Map<String, Long> maxIteratorAgeMillis,
    Map<String, KinesisPollStats.Snapshot> polling, String backend, String logCompute, Duration logStageCpu) {

  /** p50/p90/p99/max of a sample, in ms. */
  public record Percentiles(int count, long p50, long p90, long p99, long max, double mean) {
    public static Percentiles of(Collection<Long> values) {
      List<Long> sorted = new ArrayList<>(values);
      if (sorted.isEmpty()) {
        return new Percentiles(0, 0, 0, 0, 0, 0);
      }
      sorted.sort(null);
      double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0);
      return new Percentiles(sorted.size(), at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99),
          sorted.get(sorted.size() - 1), mean);
    }

    /** Nearest-rank percentile. */
    private static long at(List<Long> sorted, double q) {
      int rank = (int) Math.ceil(q * sorted.size());
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
  }

  public boolean recordsComplete() {
    return archivedUnique + quarantined == records;
  }

  public boolean imagesComplete() {
    return thumbnailsCreated + thumbnailsFailed == images + badImages;
  }

  /** Records per second, end to end: records in / time from the first push to the last archived batch. */
  public double throughput() {
    return archivedUnique / Math.max(logsDone.toMillis() / 1000.0, 0.001);
  }

  /** Log records per CPU-second of the log stages' processes: records per second one vCPU would sustain. */
  public double recordsPerCpuSecond() {
    return archivedUnique / Math.max(logStageCpu.toMillis() / 1000.0, 0.001);
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    ObjectNode in = n.putObject("input");
    in.put("records", records).put("images", images).put("badImages", badImages);
    ObjectNode c = n.putObject("completeness");
    c.put("complete", recordsComplete() && imagesComplete()).put("finishedBeforeTimeout", complete);
    c.put("recordsIn", records).put("archived", archivedUnique).put("quarantined", quarantined)
        .put("archiveLines", archiveLines).put("duplicates", archiveLines - archivedUnique)
        .put("archiveObjects", archiveObjects);
    c.put("imagesIn", images + badImages).put("thumbnailCreated", thumbnailsCreated)
        .put("thumbnailFailed", thumbnailsFailed);
    ObjectNode t = n.putObject("throughput");
    t.put("recordsPerSecond", Math.round(throughput() * 10) / 10.0);
    t.put("logsDoneSeconds", logsDone.toMillis() / 1000.0);
    t.put("imagesDoneSeconds", imagesDone.toMillis() / 1000.0);
    t.put("pushSeconds", pushTime.toMillis() / 1000.0);
    t.put("kplAggregates", aggregates).put("putRecordsCalls", putRecordsCalls)
        .put("putRecordsMeanMillis", putRecordsCalls == 0 ? 0 : putRecordsMillis / (double) putRecordsCalls);
    t.put("waitedSeconds", waited.toMillis() / 1000.0);
    t.put("logCompute", logCompute).put("logStageCpuSeconds", logStageCpu.toMillis() / 1000.0)
        .put("recordsPerCpuSecond", Math.round(recordsPerCpuSecond() * 10) / 10.0);
    n.set("recordLatencyMillis", Json.MAPPER.valueToTree(recordLatency));
    n.set("imageLatencyMillis", Json.MAPPER.valueToTree(imageLatency));
    n.set("backendProbeMillis", Json.MAPPER.valueToTree(backendProbe));
    n.set("maxIteratorAgeMillis", Json.MAPPER.valueToTree(maxIteratorAgeMillis));
    ObjectNode fs = n.putObject("functions");
    functions.forEach((name, s) -> fs.putObject(name).put("invocations", s.invocations()).put("coldStarts", s.coldStarts())
        .put("errors", s.errors()).put("timeouts", s.timeouts())
        .put("totalDurationMillis", Math.round(s.totalDurationMillis()))
        .put("meanDurationMillis", Math.round(s.meanDurationMillis() * 10) / 10.0)
        .put("totalInitMillis", Math.round(s.totalInitMillis())).put("maxMemoryUsedMb", s.maxMemoryUsedMb()));
    ObjectNode ps = n.putObject("polling");
    polling.forEach((mapping, p) -> ps.putObject(mapping).put("readsWithRecords", p.reads())
        .put("emptyReads", p.emptyReads()).put("records", p.records()).put("batches", p.batches())
        .put("batchSeconds", p.batchMillis() / 1000.0).put("checkpoints", p.checkpoints())
        .put("checkpointSeconds", p.checkpointMillis() / 1000.0));
    n.put("backend", backend);
    return n;
  }

  public void print(PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "End-to-end benchmark: %,d log records (KPL aggregates), %d images + %d bad uploads%n",
        records, images, badImages);
    out.println();
    out.printf(Locale.ROOT, "%-34s %s%n", "COMPLETENESS", recordsComplete() && imagesComplete() ? "OK" : "INCOMPLETE");
    out.printf(Locale.ROOT, "  %-32s %,d in = %,d archived + %,d quarantined %s%n", "log records", records,
        archivedUnique, quarantined, recordsComplete() ? "✓" : "✗ (" + (records - archivedUnique - quarantined) + " missing)");
    out.printf(Locale.ROOT, "  %-32s %,d lines in %,d objects, %,d duplicate(s)%n", "archive", archiveLines,
        archiveObjects, archiveLines - archivedUnique);
    out.printf(Locale.ROOT, "  %-32s %d in = %d ThumbnailCreated + %d ThumbnailFailed %s%n", "images",
        images + badImages, thumbnailsCreated, thumbnailsFailed, imagesComplete() ? "✓" : "✗");
    out.println();
    out.printf(Locale.ROOT, "%-34s%n", "THROUGHPUT");
    out.printf(Locale.ROOT, "  %-32s %,.1f records/s (%,d records archived %.1f s after the push began)%n",
        "logs end to end", throughput(), archivedUnique, logsDone.toMillis() / 1000.0);
    out.printf(Locale.ROOT, "  %-32s %.1f s (%,d aggregates in %,d PutRecords calls, mean %.0f ms per call)%n",
        "push", pushTime.toMillis() / 1000.0, aggregates, putRecordsCalls,
        putRecordsCalls == 0 ? 0 : putRecordsMillis / (double) putRecordsCalls);
    out.printf(Locale.ROOT, "  %-32s %,.0f records per CPU-second (%s: %.1f s of CPU in the log stages' processes)%n",
        "logs per vCPU", recordsPerCpuSecond(), logCompute, logStageCpu.toMillis() / 1000.0);
    out.printf(Locale.ROOT, "  %-32s %.1f s for %d ThumbnailCreated%n", "images end to end",
        imagesDone.toMillis() / 1000.0, thumbnailsCreated);
    out.println();
    out.printf(Locale.ROOT, "%-34s %8s %8s %8s %8s %8s%n", "LATENCY (ms)", "p50", "p90", "p99", "max", "n");
    row(out, "push → archived (per record)", recordLatency);
    row(out, "upload → ThumbnailCreated", imageLatency);
    row(out, "backend probe (GetRecords)", backendProbe);
    out.println();
    out.printf(Locale.ROOT, "%-40s %11s %11s %7s %12s %10s %12s%n", "FUNCTION", "INVOCATIONS", "COLD STARTS", "ERRORS",
        "TOTAL (s)", "MEAN (ms)", "INIT (s)");
    functions.forEach((name, s) -> out.printf(Locale.ROOT, "%-40s %11d %11d %7d %12.1f %10.1f %12.1f%n", name,
        s.invocations(), s.coldStarts(), s.errors(), s.totalDurationMillis() / 1000, s.meanDurationMillis(),
        s.totalInitMillis() / 1000));
    if (!maxIteratorAgeMillis.isEmpty()) {
      out.println();
      out.println("MAX ITERATOR AGE (how far each stream's consumer fell behind)");
      maxIteratorAgeMillis.forEach((stream, age) -> out.printf(Locale.ROOT, "  %-40s %s%n", stream,
          age < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s", age / 1000.0)));
    }
    printWhereTheTimeGoes(out);
    if (!complete) {
      out.printf(Locale.ROOT, "%nTimed out after %.0f s before everything was accounted for.%n", waited.toMillis() / 1000.0);
    }
  }

  /**
   * Busy time against wall time: per function the share of the run it was executing (summed over its
   * processes), per Kinesis mapping how it read (records per read, empty reads) and how long running its
   * batches took (invocations, the local cloud's dispatch, checkpoints), and the backend's call latency.
   */
  private void printWhereTheTimeGoes(PrintStream out) {
    double wall = Math.max(waited.toMillis(), 1);
    out.println();
    out.printf(Locale.ROOT, "WHERE THE TIME GOES (wall %.1f s from the first push to the end of the wait)%n", wall / 1000);
    functions.forEach((name, s) -> {
      if (s.invocations() > 0) {
        out.printf(Locale.ROOT, "  %-40s busy %7.1f s  %5.1f%% of wall%n", name, s.totalDurationMillis() / 1000,
            100 * s.totalDurationMillis() / wall);
      }
    });
    polling.forEach((mapping, p) -> {
      long reads = p.reads() + p.emptyReads();
      out.printf(Locale.ROOT, "  %-40s %,d reads (%,d empty), %,.0f records per read with records; %,d batches "
              + "run in %.1f s (%.1f%% of wall, %.1f ms each), of which checkpoints %.1f s (%.1f ms each)%n",
          mapping, reads, p.emptyReads(), p.reads() == 0 ? 0.0 : p.records() / (double) p.reads(), p.batches(),
          p.batchMillis() / 1000.0, 100 * p.batchMillis() / wall, p.batches() == 0 ? 0.0 : p.batchMillis() / (double) p.batches(),
          p.checkpointMillis() / 1000.0, p.checkpoints() == 0 ? 0.0 : p.checkpointMillis() / (double) p.checkpoints());
    });
    out.printf(Locale.ROOT, "  %-40s p50 %d ms, p90 %d ms, max %d ms (GetShardIterator + GetRecords); "
            + "PutRecords of the push: mean %.0f ms%n", "backend calls", backendProbe.p50(), backendProbe.p90(),
        backendProbe.max(), putRecordsCalls == 0 ? 0 : putRecordsMillis / (double) putRecordsCalls);
    out.printf(Locale.ROOT, "  %-40s %s%n", "backend", backend);
  }

  private static void row(PrintStream out, String name, Percentiles p) {
    out.printf(Locale.ROOT, "  %-32s %8d %8d %8d %8d %8d%n", name, p.p50(), p.p90(), p.p99(), p.max(), p.count());
  }
}
