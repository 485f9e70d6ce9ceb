package dev.eventpipeline.common.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs a logging JVM the way Lambda would (environment, request scope) and checks the JSON line. */
class LogLineShapeTest {

  @Test
  void everyLineIsJsonWithTheLambdaCorrelationFields() throws Exception {
    List<JsonNode> lines = run("INFO");
    JsonNode info = lines.stream().filter(l -> l.path("message").asText().equals("handled")).findFirst().orElseThrow();
    assertThat(info.path("level").asText()).isEqualTo("INFO");
    assertThat(info.path("logger").asText()).isEqualTo(LoggingProbe.class.getName());
    assertThat(info.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(info.path("functionName").asText()).isEqualTo("ingest-fn");
    assertThat(info.path("functionVersion").asText()).isEqualTo("7");
    assertThat(info.path("functionRequestId").asText()).isEqualTo("req-1");
    assertThat(info.path("coldStart").asText()).isEqualTo("true");
    assertThat(info.path("xrayTraceId").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(info.path("shardId").asText()).isEqualTo("shardId-000000000001");

    JsonNode second = lines.stream().filter(l -> l.path("message").asText().equals("second")).findFirst().orElseThrow();
    assertThat(second.path("coldStart").asText()).isEqualTo("false");
    assertThat(second.has("shardId")).as("per-record keys are removed after the record").isFalse();

    JsonNode error = lines.stream().filter(l -> l.path("level").asText().equals("ERROR")).findFirst().orElseThrow();
    assertThat(error.path("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.path("stackTrace").asText()).contains("LoggingProbe");
  }

  @Test
  void levelComesFromLambdasAdvancedLoggingVariable() throws Exception {
    List<JsonNode> lines = run("ERROR");
    assertThat(lines).extracting(l -> l.path("level").asText()).containsOnly("ERROR");
  }

  private static List<JsonNode> run(String level) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LoggingProbe.class.getName());
    pb.environment().put("AWS_LAMBDA_FUNCTION_NAME", "ingest-fn");
    pb.environment().put("AWS_LAMBDA_FUNCTION_VERSION", "7");
    pb.environment().put("AWS_LAMBDA_LOG_LEVEL", level);
    pb.environment().put("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().filter(l -> l.startsWith("{") && l.contains("\"level\"")).map(l -> {
      try {
        return Json.MAPPER.readTree(l);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }).toList();
  }
}
