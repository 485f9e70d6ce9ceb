package dev.eventpipeline.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Prints every line prefixed with the function's name. With {@code pretty}, JSON log lines become
 * "time LEVEL message key=value..." and EMF metric lines a short "metrics" line.
 */
public final class PrettyConsole implements FunctionConsole {
  private static final Set<String> QUIET_KEYS = Set.of("timestamp", "time", "level", "message", "msg", "logger",
      "loggerName", "functionName", "functionVersion", "functionMemorySize", "functionArn", "xrayTraceId",
      "thread", "threadName", "AWSRequestId", "stackTrace");
  private final PrintStream out;
  private final boolean pretty;
  private final int width;

  public PrettyConsole(PrintStream out, boolean pretty, int labelWidth) {
    this.out = out;
    this.pretty = pretty;
    this.width = labelWidth;
  }

  @Override
  public void functionLine(String label, String line) {
    print(label, pretty ? render(line) : line);
  }

  @Override
  public void platformLine(String label, String line) {
    print(label, line);
  }

  private void print(String label, String text) {
    String prefix = String.format("%-" + width + "s | ", label);
    synchronized (out) {
      for (String l : text.split("\n", -1)) {
        out.println(prefix + l);
      }
      out.flush();
    }
  }

  /** A JSON log line made readable; anything else unchanged. */
  static String render(String line) {
    String t = line.strip();
    if (!t.startsWith("{") || !t.endsWith("}")) {
      return line;
    }
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(t);
    } catch (Exception notJson) {
      return line;
    }
    if (n.has("_aws") && n.path("_aws").has("CloudWatchMetrics")) {
      StringBuilder sb = new StringBuilder("metrics");
      for (JsonNode directive : n.path("_aws").path("CloudWatchMetrics")) {
        for (JsonNode metric : directive.path("Metrics")) {
          String name = metric.path("Name").asText();
          sb.append(' ').append(name).append('=').append(n.path(name).toString());
        }
      }
      return sb.toString();
    }
    StringBuilder sb = new StringBuilder();
    String time = n.path("timestamp").asText(n.path("time").asText(""));
    int tee = time.indexOf('T');
    if (tee >= 0 && time.length() >= tee + 13) {
      time = time.substring(tee + 1, tee + 13);
    }
    if (!time.isEmpty()) {
      sb.append(time).append(' ');
    }
    sb.append(String.format("%-5s ", n.path("level").asText("")));
    sb.append(n.path("message").asText(n.path("msg").asText("")));
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!QUIET_KEYS.contains(e.getKey())) {
        JsonNode v = e.getValue();
        sb.append("  ").append(e.getKey()).append('=').append(v.isValueNode() ? v.asText() : v.toString());
      }
    }
    if (n.has("stackTrace")) {
      JsonNode st = n.get("stackTrace");
      sb.append('\n').append(st.isTextual() ? st.asText().strip() : st.toString());
    }
    return sb.toString();
  }
}
