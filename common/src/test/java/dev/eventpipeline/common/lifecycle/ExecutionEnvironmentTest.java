package dev.eventpipeline.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutionEnvironmentTest {
  private static final String RIC = "com.amazonaws.services.lambda.runtime.api.client.";
  private final List<Integer> exits = new ArrayList<>();

  @AfterEach
  void serving() {
    ExecutionEnvironment.resetForTests();
    ExecutionEnvironment.exitWith(status -> Runtime.getRuntime().halt(status));
  }

  @Test
  void aServingEnvironmentNeverExits() {
    ExecutionEnvironment.exitWith(exits::add);

    ExecutionEnvironment.exitIfRetired();
    ExecutionEnvironment.exitAfterResponse();

    assertThat(exits).isEmpty();
    assertThat(ExecutionEnvironment.retired()).isFalse();
  }

  @Test
  void aRetiredEnvironmentExitsAtTheNextInvocationBeforeTouchingItsEvent() {
    ExecutionEnvironment.exitWith(exits::add);
    ExecutionEnvironment.retire(new OutOfMemoryError("Java heap space"));
    ExecutionEnvironment.retire(new StackOverflowError()); // the first cause is kept

    ExecutionEnvironment.exitIfRetired();

    assertThat(exits).containsExactly(ExecutionEnvironment.EXIT_STATUS);
  }

  @Test
  void theResponseIsSentOnceTheRuntimeClientAsksForTheNextEvent() {
    StackTraceElement[] waiting = {
      frame("jdk.internal.misc.Unsafe", "park"),
      frame(RIC + "runtimeapi.NativeClient", "next"),
      frame(RIC + "runtimeapi.LambdaRuntimeApiClientImpl", "nextInvocation"),
      frame(RIC + "AWSLambda", "startRuntimeLoop"),
      frame(RIC + "AWSLambda", "main")};
    StackTraceElement[] posting = {
      frame(RIC + "runtimeapi.LambdaRuntimeApiClientImpl", "reportInvocationSuccess"),
      frame(RIC + "AWSLambda", "startRuntimeLoop")};
    StackTraceElement[] handling = {
      frame("dev.eventpipeline.thumbnail.handler.ThumbnailHandler", "handleRequest"),
      frame(RIC + "EventHandlerLoader$PojoHandlerAsStreamHandler", "handleRequest"),
      frame(RIC + "AWSLambda", "startRuntimeLoop")};

    assertThat(ExecutionEnvironment.waitingForNextEvent(waiting)).isTrue();
    assertThat(ExecutionEnvironment.waitingForNextEvent(posting)).isFalse();
    assertThat(ExecutionEnvironment.waitingForNextEvent(handling)).isFalse();
  }

  private static StackTraceElement frame(String cls, String method) {
    return new StackTraceElement(cls, method, null, -1);
  }
}
