package dev.eventpipeline.ingest.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.lifecycle.SnapStartPriming;
import dev.eventpipeline.common.records.RecordSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SnapStart priming runs every decoder through the handler, with no AWS call and no metric published. */
class IngestPrimingTest {
  private static final IngestConfig CONFIG = new IngestConfig("normalized-logs", "log-archive", "quarantine/",
      "arn:aws:sns:us-east-1:123456789012:pipeline-events", 1024 * 1024);

  @Test
  void primesEveryFormatThroughTheHandler() {
    List<RecordSink.Entry> written = new ArrayList<>();
    StreamsEventResponse response = IngestPriming.prime(CONFIG, entries -> {
      written.addAll(entries);
      return new RecordSink.Result(entries.size(), -1, null);
    });
    assertThat(response.getBatchItemFailures()).isEmpty();
    String out = String.join("\n", written.stream().map(e -> new String(e.data(), StandardCharsets.UTF_8)).toList());
    assertThat(out).contains("\"format\":\"json\"", "\"format\":\"ndjson\"", "\"format\":\"text\"",
        "\"format\":\"cwl\"");
    assertThat(written).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void primingPublishesNoMetricAndNeverThrows() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    boolean primed;
    try {
      primed = new SnapStartPriming("ingest", () -> IngestPriming.prime(CONFIG,
          entries -> new RecordSink.Result(entries.size(), -1, null))).primeNow();
    } finally {
      System.setOut(original);
    }
    assertThat(primed).isTrue();
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("_aws").doesNotContain("CloudWatchMetrics");
    assertThat(new SnapStartPriming("ingest", () -> { throw new IllegalStateException("boom"); }).primeNow()).isFalse();
  }
}
