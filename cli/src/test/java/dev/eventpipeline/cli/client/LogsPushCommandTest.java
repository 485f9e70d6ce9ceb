package dev.eventpipeline.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

class LogsPushCommandTest {
  @TempDir
  static Path home;
  static MotoPipeline pipeline;
  @TempDir
  Path dir;
  String stream;

  @BeforeAll
  static void startMoto() {
    pipeline = MotoPipeline.start(home);
  }

  @AfterAll
  static void stopMoto() {
    pipeline.close();
  }

  @BeforeEach
  void freshStream() {
    // One shard: records come back in the order they were pushed.
    stream = pipeline.createStream("RawLogsStreamName", 1);
  }

  @Test
  void textPushesOneRecordPerLineAndPrintsASummary() throws IOException {
    Path log = write("access.log", "line one\r\nline two\n\n   \nline three");

    MotoPipeline.Run run = pipeline.run("logs", "push", "--format", "text", log.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(texts(pipeline.readStream(stream))).containsExactly("line one", "line two", "line three");
    assertThat(run.out()).contains("Pushed 3 records").contains("to " + stream).contains("records/s")
        .contains("access.log: text, 3 log records -> 3 stream records");
  }

  @Test
  void textCanJoinSeveralLinesIntoOneRecord() throws IOException {
    Path log = write("app.log", "a\nb\nc\nd\ne\n");

    MotoPipeline.Run run = pipeline.run("logs", "push", "-f", "text", "--lines-per-record", "2", log.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(texts(pipeline.readStream(stream))).containsExactly("a\nb", "c\nd", "e");
  }

  @Test
  void jsonPushesEachValueOfAnArrayAsOneCompactRecord() throws IOException {
    Path file = write("events.json", """
        [
          {"level": "INFO", "message": "first"},
          {"level": "WARN",
           "message": "second"},
          {"level": "ERROR", "message": "third"}
        ]
        """);

    MotoPipeline.Run run = pipeline.run("logs", "push", "--format", "json", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(texts(pipeline.readStream(stream))).containsExactly(
        "{\"level\":\"INFO\",\"message\":\"first\"}",
        "{\"level\":\"WARN\",\"message\":\"second\"}",
        "{\"level\":\"ERROR\",\"message\":\"third\"}");
  }

  @Test
  void invalidJsonInJsonModeFailsNamingTheLineAndKeepsWhatWasPushed() throws IOException {
    Path file = write("broken.ndjson", "{\"a\":1}\n{\"b\":2}\n{not json}\n{\"c\":3}\n");

    MotoPipeline.Run run = pipeline.run("logs", "push", "--format", "json", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("broken.ndjson:3:").contains("not valid JSON").contains("2 records pushed")
        .contains("--format text");
    assertThat(pipeline.readStream(stream)).hasSize(2);
  }

  @Test
  void cwlWrapsLinesIntoAGzipDataMessageLikeASubscriptionFilter() throws IOException {
    Path log = write("syslog.txt", "Jan 22 07:52:33 host client[1]: first\nJan 22 07:52:34 host client[1]: second\n");

    MotoPipeline.Run run = pipeline.run("logs", "push", "--format", "cwl", "--log-stream", "host-1", log.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Record> records = pipeline.readStream(stream);
    assertThat(records).hasSize(1);
    JsonNode payload = Json.MAPPER.readTree(gunzip(records.get(0).data().asByteArray()));
    assertThat(payload.path("messageType").asText()).isEqualTo("DATA_MESSAGE");
    assertThat(payload.path("owner").asText()).matches("\\d{12}");
    assertThat(payload.path("logGroup").asText()).isEqualTo("/pipeline/syslog");
    assertThat(payload.path("logStream").asText()).isEqualTo("host-1");
    assertThat(payload.path("subscriptionFilters")).hasSize(1);
    JsonNode events = payload.path("logEvents");
    assertThat(events).hasSize(2);
    assertThat(events.get(0).path("message").asText()).isEqualTo("Jan 22 07:52:33 host client[1]: first");
    assertThat(events.get(1).path("message").asText()).isEqualTo("Jan 22 07:52:34 host client[1]: second");
    assertThat(events.get(0).path("id").asText()).matches("\\d{56}").isNotEqualTo(events.get(1).path("id").asText());
    assertThat(events.get(0).path("timestamp").asLong()).isGreaterThan(1_600_000_000_000L);
    assertThat(run.out()).contains("1 records holding 2 log records");
  }

  @Test
  void kplAggregatesLinesIntoRecordsThatKclDeaggregatesWithAValidMd5() throws Exception {
    List<String> lines = IntStream.range(0, 2_000)
        .mapToObj(i -> "2026-11-23T10:00:00Z INFO request " + i + " served in " + (i % 97) + " ms").toList();
    Path log = write("app.log", String.join("\n", lines) + "\n");

    MotoPipeline.Run run = pipeline.run("logs", "push", "--format", "kpl", log.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Record> records = pipeline.readStream(stream);
    assertThat(records).hasSizeGreaterThan(1).hasSizeLessThan(20);
    List<String> deaggregated = new ArrayList<>();
    for (Record record : records) {
      byte[] data = record.data().asByteArray();
      assertThat(data.length).isLessThanOrEqualTo(KplAggregate.DEFAULT_MAX_BYTES);
      assertThat(Arrays.copyOf(data, 4)).isEqualTo(KplAggregate.MAGIC);
      byte[] protobuf = Arrays.copyOfRange(data, 4, data.length - 16);
      assertThat(Arrays.copyOfRange(data, data.length - 16, data.length))
          .as("MD5 of the protobuf message").isEqualTo(MessageDigest.getInstance("MD5").digest(protobuf));
      List<KinesisClientRecord> users = new AggregatorUtil().deaggregate(List.of(KinesisClientRecord.fromRecord(record)));
      assertThat(users).allSatisfy(u -> assertThat(u.aggregated()).isTrue());
      assertThat(users).allSatisfy(u -> assertThat(u.partitionKey()).isEqualTo(record.partitionKey()));
      users.forEach(u -> deaggregated.add(StandardCharsets.UTF_8.decode(u.data()).toString()));
    }
    assertThat(deaggregated).containsExactlyElementsOf(lines);
    assertThat(run.out()).contains("holding 2,000 log records");
  }

  @Test
  void kplUsesTheGivenPartitionKeyForEveryUserRecord() throws Exception {
    Path log = write("a.log", "one\ntwo\n");

    MotoPipeline.Run run = pipeline.run("logs", "push", "--format", "kpl", "--partition-key", "tenant-7", log.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Record record = pipeline.readStream(stream).get(0);
    assertThat(record.partitionKey()).isEqualTo("tenant-7");
    List<KinesisClientRecord> users = new AggregatorUtil().deaggregate(List.of(KinesisClientRecord.fromRecord(record)));
    assertThat(users).extracting(KinesisClientRecord::partitionKey).containsExactly("tenant-7", "tenant-7");
  }

  @Test
  void autoSendsAGzipCloudWatchPayloadAsItIsAndADecodedOneGzipped() throws IOException {
    String payload = """
        {"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/x","logStream":"s",
         "subscriptionFilters":["f"],"logEvents":[{"id":"1","timestamp":1583425836114,"message":"hello"},
         {"id":"2","timestamp":1583425836115,"message":"world"}]}""";
    byte[] gzipped = gzip(payload.getBytes(StandardCharsets.UTF_8));
    Path gz = dir.resolve("subscription.json.gz");
    Files.write(gz, gzipped);
    Path json = write("subscription.json", payload);

    MotoPipeline.Run run = pipeline.run("logs", "push", gz.toString(), json.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Record> records = pipeline.readStream(stream);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).data().asByteArray()).isEqualTo(gzipped);
    assertThat(Json.MAPPER.readTree(gunzip(records.get(1).data().asByteArray())))
        .isEqualTo(Json.MAPPER.readTree(payload));
    assertThat(run.out()).contains("cwl (subscription payload as is), 2 log records -> 1 stream records");
  }

  @Test
  void autoRecognizesADecodedPayloadLongerThanWhatItPeeksAt() throws IOException {
    String events = IntStream.range(0, 2_000)
        .mapToObj(i -> "    {\"id\": \"" + i + "\", \"timestamp\": 1583425836114, \"message\": \"event number " + i + "\"}")
        .collect(Collectors.joining(",\n"));
    Path json = write("big-subscription.json", "{\n  \"messageType\": \"DATA_MESSAGE\",\n  \"owner\": \"123456789012\",\n"
        + "  \"logGroup\": \"/aws/lambda/x\",\n  \"logStream\": \"s\",\n  \"subscriptionFilters\": [\"f\"],\n"
        + "  \"logEvents\": [\n" + events + "\n  ]\n}\n");
    assertThat(Files.size(json)).isGreaterThan(64 * 1024);

    MotoPipeline.Run run = pipeline.run("logs", "push", json.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Record> records = pipeline.readStream(stream);
    assertThat(records).hasSize(1);
    assertThat(Json.MAPPER.readTree(gunzip(records.get(0).data().asByteArray())).path("logEvents")).hasSize(2_000);
  }

  @Test
  void autoPushesNdjsonLineByLineAndOpensGzippedText() throws IOException {
    Path ndjson = write("app.ndjson", "{\"m\":1}\nnot json but kept\n{\"m\":3}\n");
    Path gz = dir.resolve("syslog.gz");
    Files.write(gz, gzip("first\nsecond\n".getBytes(StandardCharsets.UTF_8)));

    MotoPipeline.Run run = pipeline.run("logs", "push", ndjson.toString(), gz.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(texts(pipeline.readStream(stream)))
        .containsExactly("{\"m\":1}", "not json but kept", "{\"m\":3}", "first", "second");
    assertThat(run.out()).contains("app.ndjson: ndjson").contains("syslog.gz: gzip, text");
  }

  @Test
  void binaryFileInTextModeIsPushedByteForByte() throws IOException {
    byte[] binary = new byte[600];
    for (int i = 0; i < binary.length; i++) {
      byte b = (byte) (i * 31 + 7);
      binary[i] = b == '\n' || b == '\r' ? 0 : b;
    }
    binary[300] = '\n';
    Path file = dir.resolve("blob.bin");
    Files.write(file, binary);

    MotoPipeline.Run run = pipeline.run("logs", "push", "--format", "text", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<Record> records = pipeline.readStream(stream);
    assertThat(records).hasSize(2);
    assertThat(records.get(0).data().asByteArray()).isEqualTo(Arrays.copyOfRange(binary, 0, 300));
    assertThat(records.get(1).data().asByteArray()).isEqualTo(Arrays.copyOfRange(binary, 301, 600));
  }

  @Test
  void emptyFileIsZeroRecordsAndSuccess() throws IOException {
    Path empty = write("empty.log", "");

    MotoPipeline.Run run = pipeline.run("logs", "push", empty.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Pushed 0 records");
    assertThat(pipeline.readStream(stream)).isEmpty();
  }

  @Test
  void missingFileIsAUsageErrorAndNothingIsPushed() throws IOException {
    Path good = write("good.log", "one\n");

    MotoPipeline.Run run = pipeline.run("logs", "push", good.toString(), dir.resolve("nope.log").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("No such file: " + dir.resolve("nope.log"));
    assertThat(pipeline.readStream(stream)).isEmpty();
  }

  @Test
  void unknownFormatIsAUsageError() throws IOException {
    MotoPipeline.Run run = pipeline.run("logs", "push", "--format", "xml", write("a.log", "x").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown format 'xml'");
  }

  @Test
  void lineOverKinesisRecordLimitIsReportedAndTheOthersArePushed() throws IOException {
    Path file = dir.resolve("huge.log");
    Files.writeString(file, "before\n" + "x".repeat(1024 * 1024 + 10) + "\nafter\n");

    MotoPipeline.Run run = pipeline.run("logs", "push", "--format", "text", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("1 record(s) over Kinesis' 1 MiB limit").contains("huge.log:2");
    assertThat(texts(pipeline.readStream(stream))).containsExactly("before", "after");
  }

  @Test
  void manyRecordsGoInSeveralCallsAtTheRequestedRateWithProgress() throws IOException {
    String lines = IntStream.range(0, 1_200).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    Path file = write("many.log", lines);

    MotoPipeline.Run run = pipeline.run("logs", "push", "--rate", "20000", "--progress", "always", file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(texts(pipeline.readStream(stream))).hasSize(1_200).startsWith("line 0").endsWith("line 1199");
    assertThat(run.err()).contains("rec/s");
  }

  @Test
  void stdinIsReadWhenTheFileIsADash() {
    InputStream previous = System.in;
    System.setIn(new ByteArrayInputStream("from\nstdin\n".getBytes(StandardCharsets.UTF_8)));
    try {
      MotoPipeline.Run run = pipeline.run("logs", "push", "-");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(texts(pipeline.readStream(stream))).containsExactly("from", "stdin");
    } finally {
      System.setIn(previous);
    }
  }

  @Test
  void streamOptionOverridesTheStackOutput() throws IOException {
    String other = pipeline.createStream("OtherStreamName", 1);

    MotoPipeline.Run run = pipeline.run("logs", "push", "--stream", other, write("a.log", "x\n").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(pipeline.readStream(other)).hasSize(1);
    assertThat(pipeline.readStream(stream)).isEmpty();
  }

  @Test
  void everySampleLogIsPushedInAutoMode() {
    Path samples = Path.of("..", "samples", "logs").toAbsolutePath().normalize();
    List<String> files;
    try (var list = Files.list(samples)) {
      files = list.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md")).map(Path::toString)
          .sorted().toList();
    } catch (IOException e) {
      throw new AssertionError("samples/logs missing", e);
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(4);

    MotoPipeline.Run run = pipeline.run(concat(new String[] {"logs", "push"}, files));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("cloudwatch-subscription.json.gz: cwl (subscription payload as is)")
        .contains("app.ndjson: ndjson").contains("access.log: text").contains("syslog.txt: text");
    assertThat(pipeline.readStream(stream)).isNotEmpty();
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private static List<String> texts(List<Record> records) {
    return records.stream().map(r -> r.data().asUtf8String()).toList();
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static String[] concat(String[] a, List<String> b) {
    String[] all = Arrays.copyOf(a, a.length + b.size());
    for (int i = 0; i < b.size(); i++) {
      all[a.length + i] = b.get(i);
    }
    return all;
  }
}
