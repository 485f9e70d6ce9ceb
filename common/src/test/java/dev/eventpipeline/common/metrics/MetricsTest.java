package dev.eventpipeline.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void flushWritesOneEmfLineWithSummedCounts() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Metrics metrics = Metrics.forInvocation();
      metrics.count("RecordsIn", 3).count("RecordsIn", 2).count("Quarantined", 1);
      assertThat(metrics.counts()).containsEntry("RecordsIn", 5.0);
      metrics.flush();
    } finally {
      System.setOut(original);
    }
    String line = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("_aws")).findFirst().orElseThrow();
    JsonNode emf = Json.MAPPER.readTree(line);
    assertThat(emf.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText()).isEqualTo("EventPipeline");
    assertThat(emf.path("RecordsIn").asDouble()).isEqualTo(5.0);
    assertThat(emf.path("Quarantined").asDouble()).isEqualTo(1.0);
    assertThat(emf.path("FunctionName").asText()).isNotBlank();
  }

  @Test
  void outsideLambdaTheFunctionDimensionComesFromTheMdcWhereTheWorkerPutsItsStage() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null);
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    org.slf4j.MDC.put(Metrics.FUNCTION_NAME_KEY, "logs-worker-mask");
    try {
      Metrics.forInvocation().count("RecordsIn", 1).flush();
    } finally {
      org.slf4j.MDC.remove(Metrics.FUNCTION_NAME_KEY);
      System.setOut(original);
    }
    String line = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("_aws")).findFirst().orElseThrow();
    assertThat(Json.MAPPER.readTree(line).path("FunctionName").asText()).isEqualTo("logs-worker-mask");
  }
}
