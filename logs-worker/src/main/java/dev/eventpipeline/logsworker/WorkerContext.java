package dev.eventpipeline.logsworker;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;

/**
 * What a stage's handler is told about its "invocation" when the worker runs it: a request id naming
 * the batch, the stage's name, an ARN that carries the account (enrich reads it from there), and no
 * deadline (a batch here runs as long as it needs; the worker never kills one half-way).
 */
final class WorkerContext implements Context {
  private static final LambdaLogger STDERR = new LambdaLogger() {
    @Override
    public void log(String message) {
      System.err.println(message);
    }

    @Override
    public void log(byte[] message) {
      System.err.println(new String(message, StandardCharsets.UTF_8));
    }
  };

  private final String requestId;
  private final String functionName;
  private final String arn;

  /** {@code account} may be null: the ARN then has none, as enrich expects when it cannot know it. */
  WorkerContext(String requestId, String functionName, String region, String account) {
    this.requestId = requestId;
    this.functionName = functionName;
    this.arn = account == null ? null : "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return null;
  }

  @Override
  public String getLogStreamName() {
    return null;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  @Override
  public String getFunctionVersion() {
    return "worker";
  }

  @Override
  public String getInvokedFunctionArn() {
    return arn;
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return Integer.MAX_VALUE;
  }

  @Override
  public int getMemoryLimitInMB() {
    return (int) (Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  @Override
  public LambdaLogger getLogger() {
    return STDERR;
  }
}
