package dev.eventpipeline.cli.client;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Pushes log input to a Kinesis stream in one of the formats producers use (see {@link LogFormat}).
 * Shared by {@code pipeline logs push} and the demo.
 */
public final class LogPusher {
  /** Largest single record Kinesis accepts (data + partition key); longer lines are reported, not kept. */
  private static final int MAX_LINE_BYTES = 1024 * 1024 + 1;
  /** An input we read whole to look inside (a gzip or JSON document), at most this big. */
  private static final long MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;
  private static final int SNIFF_BYTES = 64 * 1024;

  /** What to push and how. */
  public record Options(LogFormat format, double rate, String partitionKey, int linesPerRecord, String logGroup,
      String logStream, String owner) {
    public Options {
      if (linesPerRecord < 1) {
        throw new IllegalArgumentException("linesPerRecord must be at least 1");
      }
    }

    public static Options of(LogFormat format) {
      return new Options(format, 0, null, 1, null, "pipeline-cli", "123456789012");
    }
  }

  /** One input: a file, or stdin (path null). */
  public record Input(String name, Path path) {
    public static Input file(Path path) {
      return new Input(path.toString(), path);
    }

    public static Input stdin() {
      return new Input("-", null);
    }

    boolean isStdin() {
      return path == null && "-".equals(name);
    }

    InputStream open() throws IOException {
      return path == null ? System.in : Files.newInputStream(path);
    }

    long size() {
      try {
        return path == null ? -1 : Files.size(path);
      } catch (IOException e) {
        return -1;
      }
    }
  }

  /** What one input became: the format used, log records read, stream records sent. */
  public record InputReport(String name, String format, long logRecords, long streamRecords) {}

  /** The outcome of a push. */
  public record Summary(List<InputReport> inputs, long logRecords, long streamRecords, long bytes, Duration elapsed,
      List<String> tooLarge) {
    public boolean complete() {
      return tooLarge.isEmpty();
    }

    /** "Pushed 12 records (3.4 KiB) to raw-logs in 0.2 s: 60 records/s". */
    public String describe(String streamName) {
      String holding = logRecords != streamRecords ? " holding " + String.format(Locale.ROOT, "%,d", logRecords)
          + " log records" : "";
      return String.format(Locale.ROOT, "Pushed %,d records%s (%s) to %s in %s: %s records/s", streamRecords, holding,
          Units.bytes(bytes), streamName, Units.duration(elapsed), Units.perSecond(streamRecords, elapsed));
    }
  }

  private final KinesisClient kinesis;
  private final String streamName;
  private final Options options;

  public LogPusher(KinesisClient kinesis, String streamName, Options options) {
    this.kinesis = kinesis;
    this.streamName = streamName;
    this.options = options;
  }

  /**
   * Pushes every input in order. Throws {@link TargetException} when Kinesis refuses records after
   * retries or a JSON input is not JSON (what was pushed before is said in the message).
   */
  public Summary push(List<Input> inputs, Progress progress) {
    long start = System.nanoTime();
    KinesisSink sink = new KinesisSink(kinesis, streamName, options.rate(), options.partitionKey(), progress);
    List<InputReport> reports = new ArrayList<>();
    long totalLogRecords = 0;
    long inputBytesBefore = 0;
    for (Input input : inputs) {
      long recordsBefore = sink.records();
      Counter counter = new Counter();
      String format;
      long base = inputBytesBefore;
      try {
        InputStream raw = input.open();
        try {
          CountingStream counted = new CountingStream(raw, n -> progress.input(base + n));
          format = pushOne(input, counted, sink, counter);
          inputBytesBefore += counted.count;
        } finally {
          if (!input.isStdin()) {
            raw.close();
          }
        }
      } catch (IOException e) {
        throw new TargetException("cannot read " + input.name() + ": " + e.getMessage(), e);
      }
      sink.flush();
      reports.add(new InputReport(input.name(), format, counter.logRecords, sink.records() - recordsBefore));
      totalLogRecords += counter.logRecords;
    }
    sink.flush();
    progress.finish();
    return new Summary(reports, totalLogRecords, sink.records(), sink.bytes(),
        Duration.ofNanos(System.nanoTime() - start), List.copyOf(sink.tooLarge()));
  }

  private static final class Counter {
    long logRecords;
  }

  private String pushOne(Input input, InputStream in, KinesisSink sink, Counter counter) throws IOException {
    LogFormat format = options.format();
    String name = input.name();
    BufferedInputStream buffered = new BufferedInputStream(in, SNIFF_BYTES);
    if (format == LogFormat.AUTO || format == LogFormat.CWL) {
      byte[] head = peek(buffered, SNIFF_BYTES);
      if (isGzip(head)) {
        if (format == LogFormat.CWL || input.size() <= MAX_DOCUMENT_BYTES) {
          byte[] compressed = readBounded(buffered, name);
          byte[] content = gunzip(compressed, name);
          JsonNode payload = firstJsonValue(content);
          if (isCwlPayload(payload)) {
            sink.add(sink.partitionKey(), compressed, name);
            counter.logRecords += payload.path("logEvents").size();
            return "cwl (subscription payload as is)";
          }
          if (format == LogFormat.AUTO) {
            String inner = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
            return "gzip, " + pushAuto(inner, new BufferedInputStream(new ByteArrayInputStream(content), SNIFF_BYTES),
                peek(content), sink, counter);
          }
          return pushCwlLines(input, new ByteArrayInputStream(content), sink, counter);
        }
        // A large gzip in auto mode: opened as a stream of lines.
        InputStream inner = new BufferedInputStream(new GZIPInputStream(buffered), SNIFF_BYTES);
        return "gzip, " + pushLines(input, inner, sink, counter, LogFormat.TEXT);
      }
      if (format == LogFormat.AUTO) {
        return pushAuto(name, buffered, head, sink, counter);
      }
      if (firstNonBlank(head) == '{') {
        byte[] content = readBounded(buffered, name);
        JsonNode first = firstJsonValue(content);
        if (isCwlPayload(first)) {
          return pushCwlDocuments(name, content, sink, counter);
        }
        return pushCwlLines(input, new ByteArrayInputStream(content), sink, counter);
      }
      return pushCwlLines(input, buffered, sink, counter);
    }
    return switch (format) {
      case TEXT, KPL -> pushLines(input, buffered, sink, counter, format);
      case JSON -> pushJson(name, buffered, sink, counter);
      default -> throw new IllegalStateException(format.name());
    };
  }

  /** AUTO after gzip: CloudWatch Logs documents, JSON documents, NDJSON or text lines. */
  private String pushAuto(String name, BufferedInputStream in, byte[] head, KinesisSink sink, Counter counter)
      throws IOException {
    int first = firstNonBlank(head);
    Input input = new Input(name, null);
    if (first == '{' || first == '[') {
      byte[] firstLine = firstLine(head);
      boolean ndjson = first == '{' && parsesAsOneValue(firstLine) && !isCwlPayload(firstJsonValue(firstLine));
      if (ndjson) {
        return pushLines(input, in, sink, counter, LogFormat.TEXT).replace("text", "ndjson");
      }
      if (contains(head, "\"messageType\"")) {
        // Possibly a decoded subscription payload, which may be longer than what we peeked at.
        byte[] content = readBounded(in, name);
        if (isCwlPayload(firstJsonValue(content))) {
          return pushCwlDocuments(name, content, sink, counter);
        }
        return pushJson(name, new ByteArrayInputStream(content), sink, counter);
      }
      return pushJson(name, in, sink, counter);
    }
    return pushLines(input, in, sink, counter, LogFormat.TEXT);
  }

  /** TEXT (N lines per record) and KPL (lines aggregated). */
  private String pushLines(Input input, InputStream in, KinesisSink sink, Counter counter, LogFormat format)
      throws IOException {
    // A live pipe (tail -f | pipeline logs push -): send what we hold whenever the producer pauses.
    LineReader lines = new LineReader(in, input.isStdin() ? sink::flush : null, MAX_LINE_BYTES);
    ByteArrayOutputStream group = new ByteArrayOutputStream();
    int grouped = 0;
    long groupStart = 0;
    KplAggregate aggregate = new KplAggregate();
    String aggregateKey = sink.partitionKey();
    long aggregateStart = 0;
    byte[] line;
    while ((line = lines.next()) != null) {
      if (isBlank(line)) {
        continue;
      }
      String origin = input.name() + ":" + lines.lineNumber();
      counter.logRecords++;
      if (lines.lastLineLength() > line.length) {
        sink.tooLarge().add(origin + " (" + Units.bytes(lines.lastLineLength()) + ")");
        continue;
      }
      if (format == LogFormat.KPL) {
        String key = options.partitionKey() != null ? options.partitionKey() : aggregateKey;
        if (aggregate.count() > 0 && aggregate.sizeWith(key, line.length) > KplAggregate.DEFAULT_MAX_BYTES) {
          sink.add(aggregate.firstPartitionKey(), aggregate.toBytes(), input.name() + ":" + aggregateStart);
          aggregate = new KplAggregate();
          aggregateKey = sink.partitionKey();
          key = options.partitionKey() != null ? options.partitionKey() : aggregateKey;
        }
        if (aggregate.count() == 0) {
          aggregateStart = lines.lineNumber();
        }
        aggregate.add(key, line);
        continue;
      }
      if (options.linesPerRecord() == 1) {
        sink.add(sink.partitionKey(), line, origin);
        continue;
      }
      if (grouped > 0 && group.size() + 1 + line.length > MAX_LINE_BYTES - 1) {
        sink.add(sink.partitionKey(), group.toByteArray(), input.name() + ":" + groupStart);
        group.reset();
        grouped = 0;
      }
      if (grouped == 0) {
        groupStart = lines.lineNumber();
      } else {
        group.write('\n');
      }
      group.writeBytes(line);
      if (++grouped == options.linesPerRecord()) {
        sink.add(sink.partitionKey(), group.toByteArray(), input.name() + ":" + groupStart);
        group.reset();
        grouped = 0;
      }
    }
    if (grouped > 0) {
      sink.add(sink.partitionKey(), group.toByteArray(), input.name() + ":" + groupStart);
    }
    if (aggregate.count() > 0) {
      sink.add(aggregate.firstPartitionKey(), aggregate.toBytes(), input.name() + ":" + aggregateStart);
    }
    return format == LogFormat.KPL ? "kpl" : "text";
  }

  /** JSON: every top-level value (or every element of a top-level array) is one record, compact. */
  private String pushJson(String name, InputStream in, KinesisSink sink, Counter counter) throws IOException {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(in)) {
      JsonToken token = parser.nextToken();
      boolean array = token == JsonToken.START_ARRAY;
      if (array) {
        token = parser.nextToken();
      }
      while (token != null && !(array && token == JsonToken.END_ARRAY)) {
        JsonLocation at = parser.currentTokenLocation();
        JsonNode value = Json.MAPPER.readTree(parser);
        counter.logRecords++;
        sink.add(sink.partitionKey(), Json.MAPPER.writeValueAsBytes(value), name + ":" + at.getLineNr());
        token = parser.nextToken();
      }
    } catch (JsonProcessingException e) {
      sink.flush();
      JsonLocation at = e.getLocation();
      throw new TargetException(name + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
          + ": not valid JSON (" + e.getOriginalMessage() + "); " + sink.records()
          + " records pushed before it. Use --format text to push the file line by line.");
    }
    return "json";
  }

  /** CWL: text lines wrapped into subscription payloads. */
  private String pushCwlLines(Input input, InputStream in, KinesisSink sink, Counter counter) throws IOException {
    LineReader lines = new LineReader(in, null, MAX_LINE_BYTES);
    String logGroup = options.logGroup() != null ? options.logGroup() : defaultLogGroup(input.name());
    CloudWatchLogsPayload payload = null;
    long payloadStart = 0;
    byte[] line;
    while ((line = lines.next()) != null) {
      if (isBlank(line)) {
        continue;
      }
      counter.logRecords++;
      String message = new String(line, StandardCharsets.UTF_8);
      if (payload != null && !payload.fits(message.length())) {
        sink.add(sink.partitionKey(), payload.toBytes(), input.name() + ":" + payloadStart);
        payload = null;
      }
      if (payload == null) {
        payload = new CloudWatchLogsPayload(options.owner(), logGroup, options.logStream(), "pipeline-cli");
        payloadStart = lines.lineNumber();
      }
      payload.add(System.currentTimeMillis(), message);
    }
    if (payload != null) {
      sink.add(sink.partitionKey(), payload.toBytes(), input.name() + ":" + payloadStart);
    }
    return "cwl";
  }

  /** CWL: JSON subscription payloads (decoded) in the input, each gzipped into one record. */
  private String pushCwlDocuments(String name, byte[] content, KinesisSink sink, Counter counter) throws IOException {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(content)) {
      JsonToken token = parser.nextToken();
      while (token != null) {
        JsonLocation at = parser.currentTokenLocation();
        JsonNode value = Json.MAPPER.readTree(parser);
        counter.logRecords += value.path("logEvents").size();
        sink.add(sink.partitionKey(), CloudWatchLogsPayload.gzip(Json.MAPPER.writeValueAsBytes(value)),
            name + ":" + at.getLineNr());
        token = parser.nextToken();
      }
    } catch (JsonProcessingException e) {
      throw new TargetException(name + ": not a valid CloudWatch Logs payload document (" + e.getOriginalMessage() + ")");
    }
    return "cwl (subscription payload as is)";
  }

  static String defaultLogGroup(String inputName) {
    if ("-".equals(inputName)) {
      return "/pipeline/stdin";
    }
    String file = Path.of(inputName).getFileName().toString();
    int dot = file.indexOf('.');
    return "/pipeline/" + (dot > 0 ? file.substring(0, dot) : file);
  }

  private static boolean isCwlPayload(JsonNode node) {
    return node != null && node.isObject() && node.has("messageType") && node.path("logEvents").isArray();
  }

  private static boolean contains(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + n.length <= haystack.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (haystack[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean isGzip(byte[] head) {
    return head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B;
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f') {
        return false;
      }
    }
    return true;
  }

  private static int firstNonBlank(byte[] head) {
    for (byte b : head) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xEF && b != (byte) 0xBB && b != (byte) 0xBF) {
        return b;
      }
    }
    return -1;
  }

  private static byte[] firstLine(byte[] head) {
    int start = 0;
    while (start < head.length && (head[start] == '\n' || head[start] == '\r' || head[start] == ' ')) {
      start++;
    }
    int end = start;
    while (end < head.length && head[end] != '\n') {
      end++;
    }
    return java.util.Arrays.copyOfRange(head, start, end);
  }

  private static boolean parsesAsOneValue(byte[] bytes) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
      Json.MAPPER.readTree(parser);
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first JSON value of the bytes, or null when they do not start with one. */
  private static JsonNode firstJsonValue(byte[] bytes) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(bytes)) {
      return parser.nextToken() == null ? null : Json.MAPPER.readTree(parser);
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] peek(BufferedInputStream in, int n) throws IOException {
    in.mark(n);
    byte[] head = in.readNBytes(n);
    in.reset();
    return head;
  }

  private static byte[] peek(byte[] content) {
    return java.util.Arrays.copyOf(content, Math.min(content.length, SNIFF_BYTES));
  }

  private static byte[] readBounded(InputStream in, String name) throws IOException {
    byte[] bytes = in.readNBytes((int) MAX_DOCUMENT_BYTES + 1);
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new TargetException(name + ": larger than " + Units.bytes(MAX_DOCUMENT_BYTES)
          + "; push it with --format text");
    }
    return bytes;
  }

  private static byte[] gunzip(byte[] compressed, String name) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      byte[] bytes = in.readNBytes((int) MAX_DOCUMENT_BYTES + 1);
      if (bytes.length > MAX_DOCUMENT_BYTES) {
        throw new TargetException(name + ": decompresses to more than " + Units.bytes(MAX_DOCUMENT_BYTES));
      }
      return bytes;
    } catch (IOException e) {
      throw new TargetException(name + ": not valid gzip (" + e.getMessage() + "); push it with --format text", e);
    }
  }

  /** Counts bytes read, for progress. */
  private static final class CountingStream extends java.io.FilterInputStream {
    private final java.util.function.LongConsumer onRead;
    private long count;

    CountingStream(InputStream in, java.util.function.LongConsumer onRead) {
      super(in);
      this.onRead = onRead;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
        onRead.accept(count);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
        onRead.accept(count);
      }
      return n;
    }

    @Override
    public void close() {
      // the caller closes the underlying stream (never System.in)
    }
  }
}
