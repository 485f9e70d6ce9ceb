package dev.eventpipeline.local.lambda;

import java.nio.charset.StandardCharsets;

/**
 * How one invocation ended.
 *
 * @param requestId the request id
 * @param outcome success, a function error, a timeout, or a runtime crash
 * @param payload the response payload (success) or the error document (failure), never null
 * @param errorType the error type (e.g. java.lang.IllegalStateException, Sandbox.Timedout), or null
 * @param errorMessage the error message, or null
 * @param durationMillis the invocation's duration
 * @param coldStart whether this invocation paid an init
 */
public record InvocationResult(String requestId, Outcome outcome, byte[] payload, String errorType,
    String errorMessage, double durationMillis, boolean coldStart) {

  /** How an invocation ended. */
  public enum Outcome { SUCCESS, FUNCTION_ERROR, TIMEOUT, CRASH }

  public boolean succeeded() {
    return outcome == Outcome.SUCCESS;
  }

  public String payloadText() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** "errorType: errorMessage" for failures. */
  public String describeError() {
    return outcome == Outcome.SUCCESS ? "" : errorType + ": " + errorMessage;
  }
}
