package dev.eventpipeline.it.reliability;

import static dev.eventpipeline.it.reliability.ReliableCloud.figure;
import static dev.eventpipeline.it.reliability.ReliableCloud.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.cli.PipelineCli;
import dev.eventpipeline.cli.PipelineStackHook;
import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;
import dev.eventpipeline.local.testfn.TestStacks;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A record that always fails its function, in a shard full of good ones. The real functions have no
 * such record by design (bad input is quarantined, not thrown), so this runs the hand-written stack
 * with the test function, whose "boom" records throw: the mapping bisects the failing batch down to
 * the one record, sends Lambda's failure record for it to the on-failure queue, and the rest of the
 * shard keeps flowing, each record after the poison handled exactly once and in order.
 */
class PoisonRecordIT {
  @TempDir
  static Path home;
  static final ReliableCloud.Console console = new ReliableCloud.Console();
  static LocalCloud cloud;
  static Map<String, String> outputs;
  static KinesisClient kinesis;
  static SqsClient sqs;

  @BeforeAll
  static void start() throws IOException {
    Path template = TestStacks.miniPipeline(home.resolve("cdk.out"));
    cloud = new LocalCloud(LocalCloudOptions.defaults(home, console.stream).with(o -> {
      o.hook = new PipelineStackHook(home);
      o.template = template;
      o.port = freePort();
    })).start();
    outputs = cloud.outputs();
    kinesis = cloud.aws().kinesis();
    sqs = cloud.aws().sqs();
  }

  @AfterAll
  static void stop() {
    kinesis.close();
    sqs.close();
    cloud.close();
  }

  /** A port nothing listens on now (unchecked, so it fits in an options lambda). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void bisectIsolatesThePoisonRecordSendsItToOnFailureAndTheShardKeepsFlowing() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int records = 60;
    int poison = 25;
    List<String> data = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      data.add((i == poison ? "boom-" : "ok-") + run + "-" + i + ".");
    }
    long start = System.nanoTime();
    List<String> seqs = put(data);

    JsonNode failure = awaitFailureRecord(seqs.get(poison));
    long isolated = millis(start);
    JsonNode info = failure.path("KinesisBatchInfo");
    assertThat(info.path("endSequenceNumber").asText()).isEqualTo(seqs.get(poison));
    assertThat(info.path("batchSize").asInt()).isEqualTo(1);
    assertThat(failure.path("responseContext").path("functionError").asText()).isEqualTo("Unhandled");
    await().atMost(Duration.ofSeconds(60)).until(() -> console.count("processed ok-" + run + "-" + (records - 1) + ".")
        > 0);
    long flowing = millis(start);

    int before = 0;
    int extraBefore = 0;
    List<Integer> firstSeen = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      if (i == poison) {
        assertThat(console.count("processed boom-" + run)).isZero();
        continue;
      }
      long n = console.count("processed ok-" + run + "-" + i + ".");
      if (i > poison) {
        assertThat(n).as("record " + i + " after the poison record: exactly once").isEqualTo(1);
        firstSeen.add(indexOf("processed ok-" + run + "-" + i + "."));
      } else {
        assertThat(n).as("record " + i + " before the poison record: at least once").isPositive();
        before++;
        extraBefore += (int) n - 1;
      }
    }
    assertThat(firstSeen).isSorted();
    long bisections = console.count("bisecting a batch");
    assertThat(bisections).isPositive();

    // the shard keeps flowing after the poison record was set aside
    String later = "ok-" + run + "-later.";
    put(List.of(later));
    await().atMost(Duration.ofSeconds(30)).until(() -> console.count("processed " + later) == 1);

    // `pipeline dlq list` shows it; redrive puts the record back in the stream, where it fails again (poison stays
    // poison) and its new failure record names the new sequence number.
    Run list = cli("dlq", "list");
    assertThat(list.out()).containsPattern("EventPipeline-KinesisFailuresDlq\\S*\\s+on-failure destination\\s+[1-9]");
    Run redrive = cli("dlq", "redrive", "KinesisFailuresDlq");
    assertThat(redrive.exitCode()).as(redrive.out() + redrive.err()).isZero();
    assertThat(redrive.out()).contains("Kinesis record(s) put again");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      receiveFailures();
      return received.stream().anyMatch(f -> !f.path("KinesisBatchInfo").path("startSequenceNumber").asText()
          .equals(seqs.get(poison)) && f.path("KinesisBatchInfo").path("batchSize").asInt() == 1);
    });
    figure("poison record: " + records + " records in one shard, record " + poison + " always fails: isolated after "
        + isolated + " ms with " + bisections + " bisection(s), the last record processed after " + flowing
        + " ms; records after it processed exactly once and in order, the " + before + " before it "
        + extraBefore + " extra time(s) in total (at least once)");
  }

  // ---- helpers

  private static List<String> put(List<String> data) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (String d : data) {
      entries.add(PutRecordsRequestEntry.builder().partitionKey("pk").data(SdkBytes.fromUtf8String(d)).build());
    }
    return kinesis.putRecords(b -> b.streamName(outputs.get("RawLogsStreamName")).records(entries)).records().stream()
        .map(PutRecordsResultEntry::sequenceNumber).toList();
  }

  private static final List<JsonNode> received = new CopyOnWriteArrayList<>();

  /** Receives (and deletes) failure records. */
  private static void receiveFailures() {
    for (Message m : sqs.receiveMessage(b -> b.queueUrl(outputs.get("KinesisFailuresDlqUrl")).maxNumberOfMessages(10)
        .waitTimeSeconds(1)).messages()) {
      received.add(ReliableCloud.json(m.body()));
      sqs.deleteMessage(b -> b.queueUrl(outputs.get("KinesisFailuresDlqUrl")).receiptHandle(m.receiptHandle()));
    }
  }

  /** Waits for the failure record of the range starting at {@code sequenceNumber}; leaves it in the queue. */
  private static JsonNode awaitFailureRecord(String sequenceNumber) {
    List<JsonNode> found = new ArrayList<>();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
      for (Message m : sqs.receiveMessage(b -> b.queueUrl(outputs.get("KinesisFailuresDlqUrl"))
          .maxNumberOfMessages(10).visibilityTimeout(0).waitTimeSeconds(1)).messages()) {
        JsonNode f = ReliableCloud.json(m.body());
        if (sequenceNumber.equals(f.path("KinesisBatchInfo").path("startSequenceNumber").asText())) {
          found.add(f);
        }
      }
      return !found.isEmpty();
    });
    return found.get(0);
  }

  private static int indexOf(String fragment) {
    for (int i = 0; i < console.lines.size(); i++) {
      if (console.lines.get(i).contains(fragment)) {
        return i;
      }
    }
    return -1;
  }

  record Run(int exitCode, String out, String err) {}

  private static Run cli(String... args) {
    String previous = System.getProperty("pipeline.home");
    System.setProperty("pipeline.home", home.toString());
    try {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine c = PipelineCli.commandLine();
      c.setOut(new PrintWriter(out, true));
      c.setErr(new PrintWriter(err, true));
      return new Run(c.execute(args), out.toString(), err.toString());
    } finally {
      if (previous == null) {
        System.clearProperty("pipeline.home");
      } else {
        System.setProperty("pipeline.home", previous);
      }
    }
  }
}
