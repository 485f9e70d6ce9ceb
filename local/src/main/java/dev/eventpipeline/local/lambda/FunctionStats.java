package dev.eventpipeline.local.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventpipeline.common.json.Json;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Counters of one function (invocations, errors, cold starts, last errors), for `pipeline status`. */
public final class FunctionStats {
  private static final int LAST_ERRORS = 5;
  private final String functionName;
  private long invocations;
  private long errors;
  private long timeouts;
  private long coldStarts;
  private long initFailures;
  private long provisioned;
  private double lastProvisionedInitMillis;
  private double totalDurationMillis;
  private double lastInitMillis;
  private double totalInitMillis;
  private long maxMemoryUsedMb;
  private final Deque<ObjectNode> lastErrors = new ArrayDeque<>();

  FunctionStats(String functionName) {
    this.functionName = functionName;
  }

  synchronized void record(InvocationResult r, long maxMemoryMb) {
    invocations++;
    totalDurationMillis += r.durationMillis();
    maxMemoryUsedMb = Math.max(maxMemoryUsedMb, maxMemoryMb);
    if (!r.succeeded()) {
      errors++;
      if (r.outcome() == InvocationResult.Outcome.TIMEOUT) {
        timeouts++;
      }
      addError(r.requestId(), r.errorType(), r.errorMessage());
    }
  }

  synchronized void coldStart(double initMillis) {
    coldStarts++;
    lastInitMillis = initMillis;
    totalInitMillis += initMillis;
  }

  /** An environment started ahead of invocations (up --warm): its init is no invocation's cold start. */
  synchronized void provisioned(double initMillis) {
    provisioned++;
    lastProvisionedInitMillis = initMillis;
  }

  synchronized void initFailure(String error) {
    initFailures++;
    String[] parts = error.split(": ", 2);
    addError(null, parts[0], parts.length > 1 ? parts[1] : error);
  }

  private void addError(String requestId, String type, String message) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("time", Instant.now().toString());
    if (requestId != null) {
      e.put("requestId", requestId);
    }
    e.put("errorType", type);
    String text = message == null ? "" : message.length() > 500 ? message.substring(0, 500) + "..." : message;
    e.put("errorMessage", text);
    e.put("message", text); // the key `pipeline status` reads (StatusReport.STATUS_FILE_FORMAT)
    lastErrors.addLast(e);
    while (lastErrors.size() > LAST_ERRORS) {
      lastErrors.removeFirst();
    }
  }

  public synchronized long invocations() {
    return invocations;
  }

  public synchronized long errors() {
    return errors;
  }

  /**
   * The counters at one moment, for reports that compare two moments (the demo, the benchmark).
   *
   * @param totalDurationMillis the sum of the invocations' durations (REPORT Duration)
   * @param totalInitMillis the sum of the cold starts' init durations (REPORT Init Duration)
   */
  public record Snapshot(long invocations, long errors, long timeouts, long coldStarts, double totalDurationMillis,
      double totalInitMillis, long maxMemoryUsedMb) {

    /** What happened between {@code earlier} and this snapshot (max memory is this snapshot's). */
    public Snapshot minus(Snapshot earlier) {
      return new Snapshot(invocations - earlier.invocations, errors - earlier.errors, timeouts - earlier.timeouts,
          coldStarts - earlier.coldStarts, totalDurationMillis - earlier.totalDurationMillis,
          totalInitMillis - earlier.totalInitMillis, maxMemoryUsedMb);
    }

    public double meanDurationMillis() {
      return invocations == 0 ? 0 : totalDurationMillis / invocations;
    }
  }

  public synchronized Snapshot snapshot() {
    return new Snapshot(invocations, errors, timeouts, coldStarts, totalDurationMillis, totalInitMillis,
        maxMemoryUsedMb);
  }

  public synchronized long coldStarts() {
    return coldStarts;
  }

  /** A JSON snapshot: the shape `.pipeline/functions.json` carries per function. */
  public synchronized ObjectNode toJson() {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("functionName", functionName);
    n.put("invocations", invocations);
    n.put("errors", errors);
    n.put("timeouts", timeouts);
    n.put("coldStarts", coldStarts);
    n.put("initFailures", initFailures);
    n.put("provisionedEnvironments", provisioned);
    if (provisioned > 0) {
      n.put("lastProvisionedInitDurationMillis", Math.round(lastProvisionedInitMillis * 100) / 100.0);
    }
    n.put("averageDurationMillis", invocations == 0 ? 0 : Math.round(totalDurationMillis / invocations * 100) / 100.0);
    n.put("lastInitDurationMillis", Math.round(lastInitMillis * 100) / 100.0);
    n.put("maxMemoryUsedMb", maxMemoryUsedMb);
    ArrayNode errs = n.putArray("lastErrors");
    lastErrors.forEach(errs::add);
    return n;
  }
}
