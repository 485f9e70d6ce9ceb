package dev.eventpipeline.enrich.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.eventpipeline.common.records.RecordSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SnapStart priming enriches a synthetic batch with an in-memory catalog; nothing leaves the process. */
class EnrichPrimingTest {
  private static final EnrichConfig CONFIG = new EnrichConfig("enriched-logs", "prod", "us-east-2", "1.4.2",
      "catalog-bucket", "catalog.json", Duration.ofMinutes(5));

  @Test
  void enrichesEveryRecordOfThePrimingBatch() {
    List<RecordSink.Entry> written = new ArrayList<>();
    StreamsEventResponse response = EnrichPriming.prime(CONFIG, entries -> {
      written.addAll(entries);
      return new RecordSink.Result(entries.size(), -1, null);
    });
    assertThat(response.getBatchItemFailures()).isEmpty();
    assertThat(written).hasSize(EnrichPriming.records().size());
    String first = new String(written.get(0).data(), StandardCharsets.UTF_8);
    assertThat(first).contains("\"team\":\"priming\"").contains("\"environment\":\"prod\"");
  }
}
