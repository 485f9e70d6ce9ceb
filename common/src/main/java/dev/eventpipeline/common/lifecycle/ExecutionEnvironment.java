package dev.eventpipeline.common.lifecycle;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires a Lambda execution environment whose JVM may no longer be trusted. After a
 * {@link VirtualMachineError} (OutOfMemoryError, StackOverflowError, InternalError) the message that
 * caused it is reported and the rest of the batch is finished, but the process must not keep
 * serving: state shared across invocations (a class that failed to initialise, a lock, a cache half
 * written) may be broken in ways no check can see. Lambda replaces an environment whose runtime
 * process exits, so a retired environment exits:
 *
 * <ol>
 *   <li>as soon as the runtime has posted the invocation's response (a watcher sees the invoking
 *       thread back in the runtime client waiting for the next event), so the batch response —
 *       with its per-message failures — is delivered first and the next event goes to a fresh
 *       environment; and
 *   <li>failing that (Lambda froze the environment first), at the start of the next invocation,
 *       before it touches its event: that invocation ends with {@code Runtime.ExitError} and its
 *       event source delivers the batch again to a fresh environment. Nothing is lost; the batch's
 *       messages are received once more.
 * </ol>
 */
public final class ExecutionEnvironment {
  /** The exit status of a retired environment (EX_SOFTWARE). */
  public static final int EXIT_STATUS = 70;
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionEnvironment.class);
  /** Package of the Lambda Java runtime interface client, whose main loop invokes the handler. */
  private static final String RUNTIME_CLIENT_PACKAGE = "com.amazonaws.services.lambda.runtime.api.client.";
  private static final long WATCH_MILLIS = 30_000;
  /**
   * The runtime client's methods that wait for the next event (aws-lambda-java-runtime-interface-client
   * 2.x: LambdaRuntimeApiClient.nextInvocation and its backoff variant, NativeClient.next); none is on
   * the path that posts a response.
   */
  private static final java.util.Set<String> NEXT_EVENT_METHODS =
      java.util.Set.of("nextInvocation", "nextInvocationWithExponentialBackoff", "next");

  private static volatile String retiredBecause;
  private static volatile IntConsumer exit = status -> Runtime.getRuntime().halt(status);

  private ExecutionEnvironment() {}

  /** Marks this environment for retirement because of {@code cause}; the first cause is kept. */
  public static void retire(Throwable cause) {
    if (retiredBecause == null) {
      retiredBecause = cause.getClass().getName();
      LOG.error("Execution environment retired after {}: it exits once this invocation's response is sent",
          retiredBecause);
    }
  }

  public static boolean retired() {
    return retiredBecause != null;
  }

  /** At the start of an invocation: a retired environment exits before it touches the event. */
  public static void exitIfRetired() {
    if (retiredBecause != null) {
      LOG.error("Execution environment was retired after {}: exiting so Lambda replaces it; this event is "
          + "delivered again", retiredBecause);
      exit.accept(EXIT_STATUS);
    }
  }

  /**
   * At the end of an invocation, on the invoking thread: when retired, exits once the runtime client
   * is back waiting for the next event (the response has been posted), from a watcher thread.
   */
  public static void exitAfterResponse() {
    if (retiredBecause == null) {
      return;
    }
    Thread invoker = Thread.currentThread();
    Thread watcher = new Thread(() -> {
      long deadline = System.nanoTime() + WATCH_MILLIS * 1_000_000;
      while (System.nanoTime() < deadline) {
        if (!invoker.isAlive() || waitingForNextEvent(invoker.getStackTrace())) {
          LOG.error("Execution environment retired after {}: response sent, exiting so Lambda replaces it",
              retiredBecause);
          exit.accept(EXIT_STATUS);
          return;
        }
        // Lambda freezes the environment right after the runtime asks for the next event: look often
        // in the first 100 ms (the response is posted within them), then every millisecond.
        if (System.nanoTime() - deadline + WATCH_MILLIS * 1_000_000 < 100_000_000) {
          Thread.onSpinWait();
        } else {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
      LOG.error("Execution environment retired after {}: the runtime client was not seen waiting for the next "
          + "event within {} ms; the next invocation exits instead", retiredBecause, WATCH_MILLIS);
    }, "retire-environment");
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * True when the thread's innermost frames are the runtime client asking for the next invocation
   * (and no handler frame is left on the stack): the previous response has been posted.
   */
  static boolean waitingForNextEvent(StackTraceElement[] stack) {
    boolean inNext = false;
    for (StackTraceElement frame : stack) {
      String cls = frame.getClassName();
      if (cls.startsWith("dev.eventpipeline.")) {
        return false; // still in (or under) a handler
      }
      if (cls.startsWith(RUNTIME_CLIENT_PACKAGE) && NEXT_EVENT_METHODS.contains(frame.getMethodName())) {
        inNext = true;
      }
    }
    return inNext;
  }

  /** For tests: what exiting does (default: halt the JVM with the status). */
  static void exitWith(IntConsumer action) {
    exit = action;
  }

  /** For tests of code that retires the environment: back to a serving one. */
  public static void resetForTests() {
    retiredBecause = null;
  }
}
