package dev.eventpipeline.smoketest.domain;

/** The canary did not make it through in time: thrown so that the Trigger, and the deployment, fail. */
public final class SmokeTestFailedException extends RuntimeException {
  public SmokeTestFailedException(String message) {
    super(message);
  }
}
