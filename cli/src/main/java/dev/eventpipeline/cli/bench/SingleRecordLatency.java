package dev.eventpipeline.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.cli.client.EventTail;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.esm.KinesisMapping;
import dev.eventpipeline.local.esm.KinesisPollStats;
import dev.eventpipeline.local.lambda.FunctionPool;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code pipeline bench e2e --single N}: the latency of one record on its own. Pushes N log records one
 * at a time (PutRecord of one JSON line; the next only after the previous one's LogBatchArchived
 * event), each from the push to its LogBatchArchived event (the event's time, written by mask right
 * after the archive object), and where each hop's time went: per Kinesis mapping and batch, the wait
 * for the read that returned the record (poll), the batching window, the invocation (Runtime API round
 * trip and the function, including its write to the next stream) and the checkpoint after it.
 */
public final class SingleRecordLatency {
  /**
   * @param records how many records, one at a time
   * @param pause between one record's archive event and the next push
   * @param timeoutPerRecord how long to wait for one record's archive event
   */
  public record Options(int records, Duration pause, Duration timeoutPerRecord) {}

  /** Per hop (Kinesis mapping, in pipeline order), percentiles over the run's batches. */
  public record HopFigures(String mapping, int windowSeconds, int batches, long coldStarts,
      BenchReport.Percentiles poll, BenchReport.Percentiles window, BenchReport.Percentiles invoke,
      BenchReport.Percentiles checkpoint, BenchReport.Percentiles overhead) {}

  /**
   * @param latencies push to LogBatchArchived, ms, in push order (the first one included)
   * @param missing records whose event did not come within the timeout
   */
  public record Result(List<Long> latencies, int missing, BenchReport.Percentiles latency, int windowsSeconds,
      List<HopFigures> hops, Map<String, Long> initDurations) {

    public ObjectNode toJson() {
      ObjectNode n = Json.MAPPER.createObjectNode();
      n.put("records", latencies.size() + missing);
      n.put("missing", missing);
      n.set("latencyMillis", percentiles(latency));
      n.put("firstMillis", latencies.isEmpty() ? -1 : latencies.get(0));
      n.put("sumOfBatchingWindowsSeconds", windowsSeconds);
      var hopsJson = n.putArray("hops");
      for (HopFigures h : hops) {
        ObjectNode o = hopsJson.addObject();
        o.put("mapping", h.mapping()).put("batchingWindowSeconds", h.windowSeconds()).put("batches", h.batches())
            .put("coldStarts", h.coldStarts());
        o.set("pollMillis", percentiles(h.poll()));
        o.set("windowMillis", percentiles(h.window()));
        o.set("invokeMillis", percentiles(h.invoke()));
        o.set("checkpointMillis", percentiles(h.checkpoint()));
        o.set("overheadMillis", percentiles(h.overhead()));
      }
      ObjectNode init = n.putObject("initDurationMillis");
      initDurations.forEach(init::put);
      return n;
    }

    private static ObjectNode percentiles(BenchReport.Percentiles p) {
      return Json.MAPPER.createObjectNode().put("count", p.count()).put("p50", p.p50()).put("p90", p.p90())
          .put("p99", p.p99()).put("max", p.max()).put("mean", Math.round(p.mean()));
    }

    public void print(PrintStream out) {
      out.printf(Locale.ROOT, "Single records, one at a time: %d pushed, %d archived%s%n", latencies.size() + missing,
          latencies.size(), missing > 0 ? " (" + missing + " MISSING)" : "");
      out.printf(Locale.ROOT, "  push -> LogBatchArchived: p50 %.2f s, p90 %.2f s, max %.2f s, mean %.2f s; first %.2f s%n",
          latency.p50() / 1000.0, latency.p90() / 1000.0, latency.max() / 1000.0, latency.mean() / 1000.0,
          latencies.isEmpty() ? 0 : latencies.get(0) / 1000.0);
      out.printf(Locale.ROOT, "  the three hops' batching windows sum to %d s; goal: p50 <= %d s%n", windowsSeconds,
          windowsSeconds + 1);
      out.println("  per hop, p50 / p90 over its batches, ms (poll: arrival in the stream -> read; window: read ->"
          + " invoke; invoke: round trip incl. the function's own writes; overhead: poll + window beyond its"
          + " setting + invoke):");
      int width = Math.max(7, hops.stream().mapToInt(h -> h.mapping().length()).max().orElse(7));
      out.printf(Locale.ROOT, "    %-" + width + "s %7s %13s %13s %13s %11s %13s%n", "mapping", "window", "poll",
          "window wait", "invoke", "checkpoint", "overhead");
      for (HopFigures h : hops) {
        out.printf(Locale.ROOT, "    %-" + width + "s %6ds %6d / %-5d %6d / %-5d %6d / %-5d %4d / %-5d %6d / %-5d%s%n",
            h.mapping(), h.windowSeconds(), h.poll().p50(), h.poll().p90(), h.window().p50(), h.window().p90(),
            h.invoke().p50(), h.invoke().p90(), h.checkpoint().p50(), h.checkpoint().p90(), h.overhead().p50(),
            h.overhead().p90(), h.coldStarts() > 0 ? "  (" + h.coldStarts() + " cold start(s) in invoke)" : "");
      }
      if (!initDurations.isEmpty()) {
        out.println("  cold starts during the run (Init Duration, ms): " + initDurations);
      }
    }
  }

  private final LocalCloud cloud;
  private final Options options;
  private final PrintStream progress;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  public SingleRecordLatency(LocalCloud cloud, Options options, PrintStream progress) {
    this.cloud = cloud;
    this.options = options;
    this.progress = progress;
  }

  private record Archived(Instant time, long records) {}

  public Result run() {
    Map<String, String> outputs = cloud.outputs();
    List<KinesisMapping> mappings = mappingsInPipelineOrder();
    Map<KinesisMapping, Long> hopsBefore = new LinkedHashMap<>();
    mappings.forEach(m -> hopsBefore.put(m, m.stats().lastHopSeq()));
    Map<String, Long> coldBefore = new LinkedHashMap<>();
    cloud.functions().forEach(p -> coldBefore.put(p.spec().name(), p.stats().coldStarts()));
    BlockingQueue<Archived> archived = new LinkedBlockingQueue<>();
    List<Long> latencies = new ArrayList<>();
    Map<String, Long> inits = new LinkedHashMap<>();
    int missing = 0;
    try (KinesisClient kinesis = cloud.aws().kinesis();
        EventTail tail = new EventTail(cloud.aws().sqs(), cloud.aws().sns(), outputs.get("EventsTopicArn"))) {
      tail.start(Set.of("LogBatchArchived"));
      AtomicBoolean stop = new AtomicBoolean();
      Thread collector = new Thread(() -> {
        while (!stop.get()) {
          try {
            for (EventTail.Received r : tail.poll(1)) {
              JsonNode e = r.event();
              if (e != null && "LogBatchArchived".equals(e.path("type").asText())) {
                archived.add(new Archived(E2eBench.parseTime(e.path("time").asText()), e.path("data").path("records")
                    .asLong()));
              }
            }
          } catch (RuntimeException e) {
            sleep(200);
          }
        }
      }, "latency-events");
      collector.setDaemon(true);
      collector.start();
      String stream = outputs.get("RawLogsStreamName");
      try {
        for (int i = 0; i < options.records(); i++) {
          String line = "{\"level\":\"INFO\",\"message\":\"latency probe " + i + " of run " + run + "\",\"probe\":" + i
              + "}";
          archived.clear();
          Instant pushed = Instant.now();
          kinesis.putRecord(b -> b.streamName(stream).partitionKey("latency-" + run)
              .data(SdkBytes.fromString(line, StandardCharsets.UTF_8)));
          Archived a = archived.poll(options.timeoutPerRecord().toMillis(), TimeUnit.MILLISECONDS);
          if (a == null) {
            missing++;
            progress.printf(Locale.ROOT, "  record %d: no LogBatchArchived within %d s%n", i + 1,
                options.timeoutPerRecord().toSeconds());
            continue;
          }
          long ms = Duration.between(pushed, a.time()).toMillis();
          latencies.add(ms);
          progress.printf(Locale.ROOT, "  record %d/%d: %.2f s%n", i + 1, options.records(), ms / 1000.0);
          Thread.sleep(options.pause().toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stop.set(true);
      }
    }
    List<HopFigures> hops = new ArrayList<>();
    int windows = 0;
    for (KinesisMapping m : mappings) {
      List<KinesisPollStats.Hop> during = m.stats().hopsAfter(hopsBefore.get(m));
      FunctionPool fn = cloud.functions().stream()
          .filter(p -> p.spec().logicalId().equals(m.spec().functionLogicalId())).findFirst().orElse(null);
      long cold = fn == null ? 0 : fn.stats().coldStarts() - coldBefore.getOrDefault(fn.spec().name(), 0L);
      int window = m.spec().batchingWindowSeconds();
      windows += window;
      hops.add(new HopFigures(m.label(), window, during.size(), cold, of(during, KinesisPollStats.Hop::pollMillis),
          of(during, KinesisPollStats.Hop::windowMillis), of(during, KinesisPollStats.Hop::invokeMillis),
          of(during, KinesisPollStats.Hop::checkpointMillis),
          of(during, h -> h.pollMillis() + Math.max(0, h.windowMillis() - window * 1000L) + h.invokeMillis())));
    }
    for (FunctionPool p : cloud.functions()) {
      if (p.stats().coldStarts() > coldBefore.getOrDefault(p.spec().name(), 0L)) {
        inits.put(p.spec().name(), Math.round(p.stats().toJson().path("lastInitDurationMillis").asDouble()));
      }
    }
    return new Result(latencies, missing, BenchReport.Percentiles.of(latencies), windows, hops, inits);
  }

  private static BenchReport.Percentiles of(List<KinesisPollStats.Hop> hops, ToLongFunction<KinesisPollStats.Hop> f) {
    List<Long> values = new ArrayList<>();
    hops.forEach(h -> values.add(f.applyAsLong(h)));
    return BenchReport.Percentiles.of(values);
  }

  /** The cloud's Kinesis mappings, each stream before the one its function writes (raw, normalized, enriched). */
  private List<KinesisMapping> mappingsInPipelineOrder() {
    List<String> streams = new ArrayList<>(cloud.iteratorAgesMillis().keySet());
    return KinesisMapping.running().stream()
        .sorted(Comparator.comparingInt((KinesisMapping m) -> streams.indexOf(m.spec().sourceName()))
            .thenComparing(KinesisMapping::label))
        .toList();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
