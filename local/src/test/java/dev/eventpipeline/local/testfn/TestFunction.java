package dev.eventpipeline.local.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately simple, dependency-free Lambda handler the local cloud's tests package into a jar
 * and run through the runtime interface client. What it does is driven by the payload:
 * <ul>
 *   <li>Kinesis/SQS events: each record's data (Kinesis, base64) or body (SQS) is a command:
 *       "ok..." is processed; "fail..." is reported in batchItemFailures; "boom..." throws (whole batch);
 *       "slow..." sleeps past any timeout; "exit..." halts the JVM.</li>
 *   <li>a direct payload (function URL, tests): "echo", "sleep:MILLIS", "throw", "exit", "env:NAME".</li>
 * </ul>
 * It prints one "processed ..." line per processed record, so that tests can check order and counts.
 */
public final class TestFunction implements RequestStreamHandler {
  private static final Pattern KINESIS = Pattern.compile(
      "\"sequenceNumber\"\\s*:\\s*\"([^\"]+)\".*?\"data\"\\s*:\\s*\"([^\"]*)\"|\"data\"\\s*:\\s*\"([^\"]*)\".*?\"sequenceNumber\"\\s*:\\s*\"([^\"]+)\"",
      Pattern.DOTALL);
  private static final Pattern SQS_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern SQS_BODY = Pattern.compile("\"body\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final String INIT_FAIL = System.getenv("TEST_FAIL_INIT");

  public TestFunction() {
    if (INIT_FAIL != null) {
      throw new IllegalStateException("Missing required environment variable " + INIT_FAIL);
    }
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    String response;
    if (event.contains("\"aws:kinesis\"")) {
      response = kinesis(event, context);
    } else if (event.contains("\"aws:sqs\"")) {
      response = sqs(event, context);
    } else {
      response = direct(event.trim(), context);
    }
    output.write(response.getBytes(StandardCharsets.UTF_8));
  }

  private static String kinesis(String event, Context context) {
    List<String> failures = new ArrayList<>();
    for (String record : event.split("\"eventID\"")) {
      Matcher m = KINESIS.matcher(record);
      if (!m.find()) {
        continue;
      }
      String seq = m.group(1) != null ? m.group(1) : m.group(4);
      String data = new String(Base64.getDecoder().decode(m.group(1) != null ? m.group(2) : m.group(3)),
          StandardCharsets.UTF_8);
      if (!handle(data, context)) {
        failures.add(seq);
        break; // stop at the first failure: later records are retried after it, in order
      }
    }
    return batchResponse(failures);
  }

  private static String sqs(String event, Context context) {
    List<String> failures = new ArrayList<>();
    Matcher ids = SQS_ID.matcher(event);
    Matcher bodies = SQS_BODY.matcher(event);
    while (ids.find() && bodies.find()) {
      if (!handle(bodies.group(1).replace("\\\"", "\""), context)) {
        failures.add(ids.group(1));
      }
    }
    return batchResponse(failures);
  }

  private static boolean handle(String data, Context context) {
    if (data.startsWith("boom")) {
      throw new IllegalStateException("boom in record " + data);
    }
    if (data.startsWith("exit")) {
      Runtime.getRuntime().halt(3);
    }
    if (data.startsWith("slow")) {
      sleep(context.getRemainingTimeInMillis() + 5_000L);
    }
    if (data.startsWith("fail")) {
      System.out.println("failed " + data);
      return false;
    }
    System.out.println("processed " + data);
    return true;
  }

  private static String direct(String event, Context context) {
    String command = event.startsWith("\"") ? event.substring(1, event.length() - 1) : event;
    if (command.startsWith("sleep:")) {
      sleep(Long.parseLong(command.substring(6)));
      return "\"slept\"";
    }
    if (command.equals("throw")) {
      throw new IllegalArgumentException("asked to throw");
    }
    if (command.equals("exit")) {
      Runtime.getRuntime().halt(3);
    }
    if (command.startsWith("env:")) {
      String value = System.getenv(command.substring(4));
      return value == null ? "null" : "\"" + value + "\"";
    }
    System.out.println("{\"level\":\"INFO\",\"message\":\"echo\",\"requestId\":\"" + context.getAwsRequestId()
        + "\",\"remainingMillis\":" + context.getRemainingTimeInMillis() + "}");
    if (command.contains("\"version\":\"2.0\"") && command.contains("\"rawPath\"")) {
      return "{\"statusCode\":201,\"headers\":{\"x-test\":\"yes\"},\"body\":\"" + command.replace("\\", "\\\\")
          .replace("\"", "\\\"") + "\"}";
    }
    return event.isEmpty() ? "null" : event;
  }

  private static String batchResponse(List<String> failures) {
    StringBuilder sb = new StringBuilder("{\"batchItemFailures\":[");
    for (int i = 0; i < failures.size(); i++) {
      sb.append(i == 0 ? "" : ",").append("{\"itemIdentifier\":\"").append(failures.get(i)).append("\"}");
    }
    return sb.append("]}").toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
