package dev.eventpipeline.thumbnail.fuzz;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one call on a worker thread with a wall-clock limit and measures the bytes that thread
 * allocated meanwhile (an upper bound on the heap the call could have used: everything it allocated,
 * garbage included). Anything the call throws, {@link OutOfMemoryError} and {@link StackOverflowError}
 * included, is caught and returned. A call that overruns is interrupted and, since decoders do not
 * look at interrupts, stopped with {@link Thread#stop()} where the JVM still supports it (up to Java
 * 19): otherwise a runaway decode would keep burning CPU and heap for the rest of the run. Its worker
 * is replaced either way.
 */
final class Budget {
  /** What one call did: its value or what it threw, what it allocated, how long it took. */
  record Outcome<T>(T value, Throwable thrown, long allocatedBytes, long elapsedNanos, boolean timedOut) {
    boolean succeeded() {
      return !timedOut && thrown == null;
    }

    long elapsedMillis() {
      return elapsedNanos / 1_000_000;
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static volatile Thread workerThread;
  private static ExecutorService worker = newWorker();

  static {
    if (!THREADS.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("this JVM cannot measure per-thread allocation; the fuzz oracles need it");
    }
    THREADS.setThreadAllocatedMemoryEnabled(true);
  }

  private Budget() {}

  static synchronized <T> Outcome<T> run(Callable<T> call, Duration timeout) {
    Future<Outcome<T>> future = worker.submit(() -> measure(call));
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      Thread runaway = workerThread;
      future.cancel(true);
      worker.shutdownNow();
      stop(runaway);
      worker = newWorker();
      return new Outcome<>(null, null, -1, timeout.toNanos(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the fuzz target", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the measuring wrapper itself failed", e.getCause());
    }
  }

  private static <T> Outcome<T> measure(Callable<T> call) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    long start = System.nanoTime();
    T value = null;
    Throwable thrown = null;
    try {
      value = call.call();
    } catch (Throwable t) {
      thrown = t;
    }
    long elapsed = System.nanoTime() - start;
    return new Outcome<>(value, thrown, THREADS.getCurrentThreadAllocatedBytes() - before, elapsed, false);
  }

  @SuppressWarnings({"deprecation", "removal"}) // the only way to end a computation that never checks for interrupts
  private static void stop(Thread runaway) {
    try {
      runaway.stop();
    } catch (UnsupportedOperationException e) {
      // Java 20+: the thread is abandoned and finishes (or not) on its own
    }
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-target");
      t.setDaemon(true);
      workerThread = t;
      return t;
    });
  }
}
