package dev.eventpipeline.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.common.kinesis.KinesisRecordWriter;
import dev.eventpipeline.common.records.RecordSink;
import dev.eventpipeline.cli.client.EventTail;
import dev.eventpipeline.cli.client.KplAggregate;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.esm.KinesisMapping;
import dev.eventpipeline.local.esm.KinesisPollStats;
import dev.eventpipeline.local.lambda.FunctionPool;
import dev.eventpipeline.local.lambda.FunctionStats;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The end-to-end benchmark against a running local cloud: pushes N generated log lines as KPL
 * aggregates and M generated images (plus a few bad uploads), waits until every record is archived
 * or quarantined and every image has its outcome event (or the timeout), then measures from what the
 * pipeline wrote: records counted in the archive objects (and quarantine objects), latency of each
 * record from its arrival in the raw stream ({@code ingestedAt}) to its batch's LogBatchArchived event,
 * latency of each image from the end of its upload to its ThumbnailCreated event, and per function the
 * invocations, cold starts, errors and durations of the REPORT lines.
 */
public final class E2eBench {
  /** What to push and how long to wait. */
  public record Options(int records, int images, int badImages, Duration timeout, long seed) {}

  private final LocalCloud cloud;
  private final Options options;
  private final PrintStream progress;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  // What the events said, as they arrived.
  private final Map<String, Instant> archivedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> archivedCount = new ConcurrentHashMap<>();
  private final Map<String, Long> rejected = new ConcurrentHashMap<>();
  private final Map<String, Instant> created = new ConcurrentHashMap<>();
  private final Map<String, Instant> failed = new ConcurrentHashMap<>();
  private final Map<String, Instant> uploadedAt = new ConcurrentHashMap<>();
  private final List<Long> probeMillis = java.util.Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Long> maxIteratorAge = new ConcurrentHashMap<>();

  private LogStageCpu cpu;

  public E2eBench(LocalCloud cloud, Options options, PrintStream progress) {
    this.cloud = cloud;
    this.options = options;
    this.progress = progress;
  }

  public BenchReport run() {
    Map<String, String> outputs = cloud.outputs();
    Map<String, FunctionStats.Snapshot> before = snapshot();
    Map<String, KinesisPollStats.Snapshot> pollingBefore = polling();
    cpu = new LogStageCpu(cloud);
    try (KinesisClient kinesis = cloud.aws().kinesis(); S3Client s3 = cloud.aws().s3(); SqsClient sqs = cloud.aws().sqs();
        SnsClient sns = cloud.aws().sns(); EventTail tail = new EventTail(sqs, sns, outputs.get("EventsTopicArn"))) {
      tail.start(Set.of());
      AtomicBoolean stop = new AtomicBoolean();
      Thread collector = collect(tail, stop);
      ExecutorService uploaders = Executors.newFixedThreadPool(2);
      try {
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        List<Future<?>> uploads = uploadImages(uploaders, s3, outputs.get("UploadsBucketName"));
        Push push = pushLogs(kinesis, outputs.get("RawLogsStreamName"));
        for (Future<?> f : uploads) {
          f.get();
        }
        Duration uploadTime = Duration.ofNanos(System.nanoTime() - startNanos);
        progress.printf(Locale.ROOT, "pushed %,d log records in %,d KPL aggregates (%,d PutRecords calls, mean %.0f ms) "
                + "in %.1f s; uploaded %d images in %.1f s%n", options.records(), push.aggregates, push.calls,
            push.calls == 0 ? 0 : push.callMillis / (double) push.calls, push.elapsed.toMillis() / 1000.0,
            uploadedAt.size(), uploadTime.toMillis() / 1000.0);

        boolean complete = await(kinesis, outputs, startNanos);
        Duration waited = Duration.ofNanos(System.nanoTime() - startNanos);
        Duration logCpu = cpu.spent(); // before the idle wait below, which only adds polling
        sleep(2000); // the last events of the last batches
        stop.set(true);
        collector.join(5000);
        Map<String, KinesisPollStats.Snapshot> pollingDuring = new LinkedHashMap<>();
        polling().forEach((mapping, now) -> pollingDuring.put(mapping,
            now.minus(pollingBefore.getOrDefault(mapping, new KinesisPollStats.Snapshot(0, 0, 0, 0, 0, 0, 0)))));
        return report(s3, outputs, start, waited, complete, push, before, pollingDuring, logCpu);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("image upload failed: " + e.getCause().getMessage(), e.getCause());
      } finally {
        stop.set(true);
        uploaders.shutdownNow();
      }
    }
  }

  private Map<String, FunctionStats.Snapshot> snapshot() {
    Map<String, FunctionStats.Snapshot> s = new LinkedHashMap<>();
    for (FunctionPool p : cloud.functions()) {
      s.put(p.spec().name(), p.stats().snapshot());
    }
    return s;
  }

  /** Per Kinesis mapping of the cloud (the only one in this JVM), in pipeline order: its poll figures so far. */
  private Map<String, KinesisPollStats.Snapshot> polling() {
    List<String> streams = new ArrayList<>(cloud.iteratorAgesMillis().keySet());
    Map<String, KinesisPollStats.Snapshot> s = new LinkedHashMap<>();
    KinesisMapping.running().stream()
        .sorted(java.util.Comparator.comparingInt((KinesisMapping m) -> streams.indexOf(m.spec().sourceName()))
            .thenComparing(KinesisMapping::label))
        .forEach(m -> s.put(m.label(), m.pollStats()));
    return s;
  }

  // ---- push

  private record Push(long aggregates, long calls, long callMillis, Duration elapsed) {}

  private Push pushLogs(KinesisClient kinesis, String stream) {
    long start = System.nanoTime();
    KinesisRecordWriter writer = new KinesisRecordWriter(kinesis, stream);
    LogLineGenerator lines = new LogLineGenerator(options.seed(), run);
    List<RecordSink.Entry> pending = new ArrayList<>();
    int pendingBytes = 0;
    long aggregates = 0;
    long calls = 0;
    long callNanos = 0;
    KplAggregate aggregate = new KplAggregate();
    String key = UUID.randomUUID().toString();
    for (int i = 0; i <= options.records(); i++) {
      byte[] line = i < options.records() ? lines.next() : null;
      boolean full = line != null && aggregate.count() > 0
          && aggregate.sizeWith(key, line.length) > KplAggregate.DEFAULT_MAX_BYTES;
      if ((full || line == null) && aggregate.count() > 0) {
        byte[] data = aggregate.toBytes();
        if (pending.size() == KinesisRecordWriter.MAX_ENTRIES_PER_CALL
            || pendingBytes + data.length + key.length() > KinesisRecordWriter.MAX_BYTES_PER_CALL) {
          long t = System.nanoTime();
          check(writer.write(pending));
          callNanos += System.nanoTime() - t;
          calls++;
          pending = new ArrayList<>();
          pendingBytes = 0;
        }
        pending.add(new RecordSink.Entry(key, data, pending.size()));
        pendingBytes += data.length + key.length();
        aggregates++;
        aggregate = new KplAggregate();
        key = UUID.randomUUID().toString();
      }
      if (line != null) {
        aggregate.add(key, line);
      }
    }
    if (!pending.isEmpty()) {
      long t = System.nanoTime();
      check(writer.write(pending));
      callNanos += System.nanoTime() - t;
      calls++;
    }
    return new Push(aggregates, calls, callNanos / 1_000_000, Duration.ofNanos(System.nanoTime() - start));
  }

  private static void check(RecordSink.Result result) {
    if (!result.complete()) {
      throw new IllegalStateException("PutRecords failed after retries: " + result.error());
    }
  }

  private List<Future<?>> uploadImages(ExecutorService pool, S3Client s3, String bucket) {
    ImageGenerator images = new ImageGenerator();
    progress.println("images: " + images.sizes() + " in turn; bad uploads: text named .jpg, a JPEG cut in half");
    List<ImageGenerator.Image> all = new ArrayList<>();
    for (int i = 0; i < options.images(); i++) {
      all.add(images.good(i));
    }
    for (int i = 0; i < options.badImages(); i++) {
      all.add(images.bad(i));
    }
    List<Future<?>> futures = new ArrayList<>();
    for (ImageGenerator.Image image : all) {
      futures.add(pool.submit(() -> {
        String key = "bench/" + run + "/" + image.name();
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("image/jpeg"), RequestBody.fromBytes(image.bytes()));
        uploadedAt.put(key, Instant.now());
      }));
    }
    return futures;
  }

  // ---- wait

  private Thread collect(EventTail tail, AtomicBoolean stop) {
    Thread t = new Thread(() -> {
      while (!stop.get()) {
        try {
          for (EventTail.Received r : tail.poll(1)) {
            record(r.event());
          }
        } catch (RuntimeException e) {
          try {
            Thread.sleep(200);
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    }, "bench-events");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void record(JsonNode e) {
    if (e == null) {
      return;
    }
    Instant time = parseTime(e.path("time").asText());
    JsonNode data = e.path("data");
    switch (e.path("type").asText()) {
      case "LogBatchArchived" -> {
        String key = data.path("key").asText();
        archivedAt.merge(key, time, (a, b) -> a.isBefore(b) ? a : b);
        archivedCount.put(key, data.path("records").asLong());
      }
      // a retried batch tail repeats an ingest event's id announcing a subset: keep the larger count
      case "LogRecordsRejected" -> rejected.merge(e.path("id").asText(), data.path("count").asLong(), Math::max);
      case "ThumbnailCreated" -> created.merge(data.path("source").path("key").asText(), time, (a, b) -> a.isBefore(b) ? a : b);
      case "ThumbnailFailed" -> failed.merge(data.path("source").path("key").asText(), time, (a, b) -> a.isBefore(b) ? a : b);
      default -> { }
    }
  }

  /** Event times are ISO-8601; tolerate a missing zone (moto-written times lack the 'Z'). */
  static Instant parseTime(String text) {
    try {
      return Instant.parse(text);
    } catch (RuntimeException e) {
      try {
        return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
      } catch (RuntimeException e2) {
        return Instant.now();
      }
    }
  }

  private long recordsAccounted() {
    return archivedCount.values().stream().mapToLong(Long::longValue).sum()
        + rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  private int imagesDone() {
    Set<String> done = new HashSet<>(created.keySet());
    done.addAll(failed.keySet());
    done.retainAll(uploadedAt.keySet());
    return done.size();
  }

  /** Waits until the events account for every record and image; false on timeout. */
  private boolean await(KinesisClient kinesis, Map<String, String> outputs, long startNanos) {
    long deadline = startNanos + options.timeout().toNanos();
    int images = options.images() + options.badImages();
    long lastPrint = 0;
    int round = 0;
    while (true) {
      long accounted = recordsAccounted();
      int done = imagesDone();
      cloud.iteratorAgesMillis().forEach((stream, age) -> maxIteratorAge.merge(stream, age, Math::max));
      if (round++ % 5 == 0) {
        probe(kinesis, outputs.get("NormalizedLogsStreamName"));
      }
      long now = System.nanoTime();
      if (now - lastPrint > 10_000_000_000L) {
        lastPrint = now;
        progress.printf(Locale.ROOT, "  %5.0f s  records %,d/%,d  images %d/%d  iterator age %s%n",
            (now - startNanos) / 1e9, accounted, options.records(), done, images, cloud.iteratorAgesMillis());
      }
      if (accounted >= options.records() && done >= images) {
        return true;
      }
      if (now > deadline) {
        return false;
      }
      sleep(1000);
    }
  }

  /** One GetShardIterator(LATEST) + GetRecords(limit 1) round trip: the backend's per-call latency under load. */
  private void probe(KinesisClient kinesis, String stream) {
    try {
      long t = System.nanoTime();
      String it = kinesis.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
          .shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
      kinesis.getRecords(b -> b.shardIterator(it).limit(1));
      probeMillis.add((System.nanoTime() - t) / 1_000_000);
    } catch (RuntimeException e) {
      // a probe only
    }
  }

  // ---- measure

  private BenchReport report(S3Client s3, Map<String, String> outputs, Instant start, Duration waited,
      boolean complete, Push push, Map<String, FunctionStats.Snapshot> before,
      Map<String, KinesisPollStats.Snapshot> polling, Duration logCpu) {
    String archive = outputs.get("ArchiveBucketName");
    long lines = 0;
    long quarantined = 0;
    Set<String> ids = new HashSet<>();
    List<Long> latencies = new ArrayList<>();
    Instant lastArchived = start;
    long objects = 0;
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(archive)).contents()) {
      if (o.key().startsWith("quarantine/")) {
        quarantined++;
        continue;
      }
      if (!o.key().endsWith(".ndjson.gz")) {
        continue;
      }
      objects++;
      Instant at = archivedAt.getOrDefault(o.key(), o.lastModified());
      if (at.isAfter(lastArchived)) {
        lastArchived = at;
      }
      for (String line : gunzipLines(s3.getObjectAsBytes(b -> b.bucket(archive).key(o.key())).asByteArray())) {
        lines++;
        JsonNode record;
        try {
          record = Json.MAPPER.readTree(line);
        } catch (IOException e) {
          continue;
        }
        if (ids.add(record.path("id").asText())) {
          Instant ingested = parseTime(record.path("ingestedAt").asText());
          latencies.add(Math.max(0, Duration.between(ingested, at).toMillis()));
        }
      }
    }
    List<Long> imageLatencies = new ArrayList<>();
    for (Map.Entry<String, Instant> c : created.entrySet()) {
      Instant up = uploadedAt.get(c.getKey());
      if (up != null) {
        imageLatencies.add(Math.max(0, Duration.between(up, c.getValue()).toMillis()));
      }
    }
    Instant lastImage = created.values().stream().max(Instant::compareTo).orElse(start);
    Map<String, FunctionStats.Snapshot> functions = new LinkedHashMap<>();
    for (Map.Entry<String, FunctionStats.Snapshot> now : snapshot().entrySet()) {
      functions.put(now.getKey(), now.getValue().minus(before.getOrDefault(now.getKey(), now.getValue())));
    }
    Set<String> createdOurs = new HashSet<>(created.keySet());
    createdOurs.retainAll(uploadedAt.keySet());
    Set<String> failedOurs = new HashSet<>(failed.keySet());
    failedOurs.retainAll(uploadedAt.keySet());
    failedOurs.removeAll(createdOurs);
    return new BenchReport(options.records(), options.images(), options.badImages(), complete, waited,
        push.elapsed(), push.aggregates(), push.calls(), push.callMillis(),
        objects, lines, ids.size(), quarantined,
        Duration.between(start, lastArchived), BenchReport.Percentiles.of(latencies),
        createdOurs.size(), failedOurs.size(), Duration.between(start, lastImage),
        BenchReport.Percentiles.of(imageLatencies), functions, BenchReport.Percentiles.of(probeMillis),
        inPipelineOrder(maxIteratorAge), polling, cloud.backend().description(), cpu.mode(), logCpu);
  }

  /** The streams in the order the local cloud runs their mappings (raw, normalized, enriched). */
  private Map<String, Long> inPipelineOrder(Map<String, Long> ages) {
    Map<String, Long> ordered = new LinkedHashMap<>();
    cloud.iteratorAgesMillis().keySet().forEach(stream -> ordered.put(stream, ages.getOrDefault(stream, -1L)));
    return ordered;
  }

  private static List<String> gunzipLines(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("archive object is not gzip NDJSON: " + e.getMessage(), e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
