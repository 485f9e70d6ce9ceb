package dev.eventpipeline.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.cli.client.EventTail;
import dev.eventpipeline.cli.client.ImageUploader;
import dev.eventpipeline.cli.client.LogFormat;
import dev.eventpipeline.cli.client.LogPusher;
import dev.eventpipeline.cli.client.Progress;
import dev.eventpipeline.cli.client.Units;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.lambda.FunctionPool;
import dev.eventpipeline.local.lambda.FunctionStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The demo's scenario against a running local cloud: pushes the sample logs in four formats (NDJSON,
 * a CloudWatch Logs subscription payload, plain text, KPL aggregates) under a partition key of its
 * own, uploads the sample images under a prefix of its own, then waits (bounded) until every pushed
 * log record is in the archive and every image has its ThumbnailCreated or ThumbnailFailed event,
 * and prints what came out. Shared by {@code pipeline demo} and the integration test.
 */
public final class Demo {
  /** Inputs pushed, each with the format it goes in. */
  private static final List<Map.Entry<String, LogFormat>> LOGS = List.of(
      Map.entry("logs/app.ndjson", LogFormat.AUTO),
      Map.entry("logs/cloudwatch-subscription.json.gz", LogFormat.AUTO),
      Map.entry("logs/access.log", LogFormat.AUTO),
      Map.entry("logs/syslog.txt", LogFormat.KPL));

  private final LocalCloud cloud;
  private final Path samples;
  private final PrintStream out;
  private final Duration wait;
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  /**
   * @param samples the samples/ directory (logs/ and images/)
   * @param wait how long to wait for the results once everything is pushed
   */
  public Demo(LocalCloud cloud, Path samples, PrintStream out, Duration wait) {
    this.cloud = cloud;
    this.samples = samples;
    this.out = out;
    this.wait = wait;
  }

  /** Runs the scenario and prints it; the result says what arrived and what is missing. */
  public DemoResult run() {
    Map<String, String> outputs = cloud.outputs();
    String partitionKey = "demo-" + run;
    String imagePrefix = "demo/" + run + "/";
    try (KinesisClient kinesis = cloud.aws().kinesis(); S3Client s3 = cloud.aws().s3();
        SqsClient sqs = cloud.aws().sqs(); SnsClient sns = cloud.aws().sns();
        EventTail tail = new EventTail(sqs, sns, require(outputs, "EventsTopicArn"))) {
      tail.start(Set.of());
      List<EventTail.Received> events = new CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
      Thread collector = collect(tail, events, stop);
      try {
        long start = System.nanoTime();
        out.println("1. Logs → " + outputs.get("RawLogsStreamName") + " (partition key " + partitionKey + ")");
        long logRecords = pushLogs(kinesis, require(outputs, "RawLogsStreamName"), partitionKey);

        out.println("\n2. Images → s3://" + outputs.get("UploadsBucketName") + "/" + imagePrefix);
        Map<String, Boolean> images = uploadImages(s3, require(outputs, "UploadsBucketName"), imagePrefix);

        out.printf(Locale.ROOT, "%n3. Waiting up to %s for the results...%n", Units.duration(wait));
        Archive archive = new Archive(s3, require(outputs, "ArchiveBucketName"), partitionKey);
        DemoResult.Builder result = new DemoResult.Builder(logRecords, images);
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
          archive.refresh();
          result.observe(archive.records().size(), events);
          if (result.complete() || System.nanoTime() > deadline) {
            break;
          }
          sleep(1000);
        }
        // A last look at the events that may still be on their way (e.g. LogBatchArchived after the object).
        sleep(1500);
        result.observe(archive.records().size(), events);
        DemoResult r = result.build(Duration.ofNanos(System.nanoTime() - start));
        printArchive(archive.records());
        printThumbnails(s3, require(outputs, "ThumbnailsBucketName"), imagePrefix);
        printEvents(events);
        printFunctions();
        printVerdict(r);
        return r;
      } finally {
        stop.set(true);
        try {
          collector.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static String require(Map<String, String> outputs, String key) {
    String value = outputs.get(key);
    if (value == null) {
      throw new IllegalStateException("The stack has no output " + key);
    }
    return value;
  }

  /** Drains the tail's queue into {@code events} until {@code stop}. */
  private static Thread collect(EventTail tail, List<EventTail.Received> events,
      java.util.concurrent.atomic.AtomicBoolean stop) {
    Thread t = new Thread(() -> {
      while (!stop.get() && !tail.closed()) {
        try {
          events.addAll(tail.poll(1));
        } catch (RuntimeException e) {
          try {
            Thread.sleep(200); // the backend hiccuped; poll again
          } catch (InterruptedException interrupted) {
            return;
          }
        }
      }
    }, "demo-events");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private long pushLogs(KinesisClient kinesis, String stream, String partitionKey) {
    long logRecords = 0;
    for (Map.Entry<String, LogFormat> log : LOGS) {
      Path file = samples.resolve(log.getKey());
      LogPusher.Options options = new LogPusher.Options(log.getValue(), 0, partitionKey, 1, null, "demo-" + run,
          "123456789012");
      LogPusher.Summary summary = new LogPusher(kinesis, stream, options)
          .push(List.of(LogPusher.Input.file(file)), Progress.disabled());
      LogPusher.InputReport report = summary.inputs().get(0);
      out.printf(Locale.ROOT, "   %-34s %-34s %3d log record(s) in %3d stream record(s)%n", file.getFileName(),
          report.format(), report.logRecords(), report.streamRecords());
      logRecords += summary.logRecords();
    }
    return logRecords;
  }

  /** Uploads every sample image; the value says whether a ThumbnailCreated is expected (the bytes are an image). */
  private Map<String, Boolean> uploadImages(S3Client s3, String bucket, String prefix) {
    ImageUploader uploader = new ImageUploader(s3, bucket);
    Map<String, Boolean> expected = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(samples.resolve("images"))) {
      files = list.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list " + samples.resolve("images") + ": " + e.getMessage(), e);
    }
    for (Path file : files) {
      ImageUploader.Uploaded up = uploader.upload(file, prefix);
      boolean image = looksLikeImage(file);
      expected.put(up.key(), image);
      out.printf(Locale.ROOT, "   %-34s %-12s %9s   expect %s%n", file.getFileName(), up.contentType(),
          Units.bytes(up.bytes()), image ? "ThumbnailCreated" : "ThumbnailFailed (not an image)");
    }
    return expected;
  }

  static boolean looksLikeImage(Path file) {
    byte[] h;
    try (InputStream in = Files.newInputStream(file)) {
      h = in.readNBytes(12);
    } catch (IOException e) {
      return false;
    }
    return h.length >= 4 && ((h[0] & 0xFF) == 0xFF && (h[1] & 0xFF) == 0xD8 // JPEG
        || (h[0] & 0xFF) == 0x89 && h[1] == 'P' && h[2] == 'N' && h[3] == 'G'
        || h[0] == 'G' && h[1] == 'I' && h[2] == 'F'
        || h[0] == 'R' && h[1] == 'I' && h[2] == 'F' && h[3] == 'F'
        || h[0] == 'B' && h[1] == 'M');
  }

  // ---- printing

  private void printArchive(List<JsonNode> records) {
    long masked = records.stream().filter(r -> r.path("masking").size() > 0).count();
    out.printf(Locale.ROOT, "%nArchived records (masked): %d of ours, %d with values masked; a few of them:%n",
        records.size(), masked);
    List<JsonNode> shown = records.stream()
        .sorted(Comparator.comparingInt((JsonNode r) -> -r.path("masking").size())
            .thenComparing(r -> r.path("origin").path("format").asText()))
        .collect(Collectors.collectingAndThen(Collectors.toList(), Demo::onePerFormatFirst));
    for (JsonNode r : shown) {
      String fields = r.path("fields").size() > 0 ? "  fields=" + r.path("fields") : "";
      out.printf(Locale.ROOT, "   [%-5s %-6s] %s%s%n", r.path("origin").path("format").asText("?"),
          r.path("level").asText("-"), abbreviate(r.path("message").asText() + fields, 150),
          r.path("masking").size() > 0 ? "   masked " + r.path("masking") : "");
    }
  }

  /** Up to six records, covering as many input formats as possible, masked ones first. */
  private static List<JsonNode> onePerFormatFirst(List<JsonNode> sorted) {
    List<JsonNode> picked = new ArrayList<>();
    Set<String> formats = new java.util.HashSet<>();
    for (JsonNode r : sorted) {
      if (picked.size() < 6 && formats.add(r.path("origin").path("format").asText())) {
        picked.add(r);
      }
    }
    for (JsonNode r : sorted) {
      if (picked.size() >= 6) {
        break;
      }
      if (!picked.contains(r) && r.path("masking").size() > 0) {
        picked.add(r);
      }
    }
    return picked;
  }

  private void printThumbnails(S3Client s3, String bucket, String prefix) {
    List<S3Object> thumbnails = s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .filter(o -> o.key().contains(prefix)).sorted(Comparator.comparing(S3Object::key)).toList();
    out.printf(Locale.ROOT, "%nThumbnails written to s3://%s: %d%n", bucket, thumbnails.size());
    for (S3Object o : thumbnails) {
      out.printf(Locale.ROOT, "   %-60s %9s%n", o.key(), Units.bytes(o.size()));
    }
  }

  private void printEvents(List<EventTail.Received> events) {
    Map<String, Long> byType = events.stream().collect(Collectors.groupingBy(
        e -> e.event() == null ? "(not JSON)" : e.event().path("type").asText("?"), TreeMap::new, Collectors.counting()));
    out.printf(Locale.ROOT, "%nEvents received on a temporary queue subscribed to the topic: %d %s%n", events.size(),
        byType);
    events.stream().limit(12).forEach(e -> out.println("   " + EventTail.summaryLine(e)));
    if (events.size() > 12) {
      out.println("   ... " + (events.size() - 12) + " more");
    }
  }

  private void printFunctions() {
    out.printf(Locale.ROOT, "%nFunctions%n   %-40s %11s %11s %7s %13s%n", "FUNCTION", "INVOCATIONS", "COLD STARTS",
        "ERRORS", "MEAN DURATION");
    for (FunctionPool pool : cloud.functions()) {
      FunctionStats.Snapshot s = pool.stats().snapshot();
      out.printf(Locale.ROOT, "   %-40s %11d %11d %7d %10.1f ms%n", pool.spec().name(), s.invocations(),
          s.coldStarts(), s.errors(), s.meanDurationMillis());
    }
  }

  private void printVerdict(DemoResult r) {
    out.println();
    if (r.success()) {
      out.printf(Locale.ROOT, "Demo OK: %d/%d log records archived and masked, %d/%d images processed (%d created, "
              + "%d failed as expected), events received, in %s%n", r.logRecordsArchived(), r.logRecordsPushed(),
          r.imagesDone(), r.imagesUploaded(), r.thumbnailsCreated(), r.thumbnailsFailed(), Units.duration(r.elapsed()));
    } else {
      out.println("Demo INCOMPLETE after " + Units.duration(r.elapsed()) + ": missing");
      r.missing().forEach(m -> out.println("   - " + m));
    }
  }

  private static String abbreviate(String s, int max) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= max ? one : one.substring(0, max - 3) + "...";
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
