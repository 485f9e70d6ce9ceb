package dev.eventpipeline.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Captures what a handler prints to stdout while it runs: the CloudWatch Embedded Metric Format
 * lines (the EMF console sink reads System.out at every flush) and the JSON log lines, so a test
 * can assert on the metrics and log lines a user would see. Everything is still echoed to the
 * original stdout.
 */
public final class OutputCapture implements AutoCloseable {
  private final PrintStream original = System.out;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private OutputCapture() {
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        captured.write(b);
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        captured.write(b, off, len);
        original.write(b, off, len);
      }
    };
    System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  public static OutputCapture start() {
    return new OutputCapture();
  }

  /** Every metric value of every EMF line captured so far, summed by name. */
  public Map<String, Double> metrics() {
    Map<String, Double> values = new HashMap<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.startsWith("{") || !line.contains("\"_aws\"")) {
        continue;
      }
      JsonNode node;
      try {
        node = Json.MAPPER.readTree(line);
      } catch (IOException notEmf) {
        continue;
      }
      for (JsonNode definition : node.at("/_aws/CloudWatchMetrics/0/Metrics")) {
        String name = definition.path("Name").asText();
        JsonNode value = node.path(name);
        if (value.isNumber()) {
          values.merge(name, value.asDouble(), Double::sum);
        } else if (value.isArray()) {
          value.forEach(v -> values.merge(name, v.asDouble(), Double::sum));
        }
      }
    }
    return values;
  }

  /** The JSON log lines (not EMF) captured so far, parsed. */
  public java.util.List<JsonNode> logLines() {
    java.util.List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.startsWith("{") || line.contains("\"_aws\"")) {
        continue;
      }
      try {
        lines.add(Json.MAPPER.readTree(line));
      } catch (IOException notJson) {
        // not a log line
      }
    }
    return lines;
  }

  /** The messages of the captured log lines at this level. */
  public java.util.List<String> logMessages(String level) {
    return logLines().stream().filter(l -> level.equals(l.path("level").asText()))
        .map(l -> l.path("message").asText()).toList();
  }

  /** Everything captured, as text. */
  public String text() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** One metric (0 when it was not emitted). */
  public double metric(String name) {
    return metrics().getOrDefault(name, 0.0);
  }

  @Override
  public void close() {
    System.out.flush();
    System.setOut(original);
  }
}
