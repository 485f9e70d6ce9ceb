package dev.eventpipeline.local.lambda;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** One invocation on its way through a function pool: queued, dispatched to a worker, finished once. */
final class Invocation {
  final String requestId = UUID.randomUUID().toString();
  final byte[] payload;
  final String invokedArn;
  final CompletableFuture<InvocationResult> future = new CompletableFuture<>();
  private final AtomicBoolean finished = new AtomicBoolean();

  volatile FunctionWorker worker;
  volatile long startNanos;
  volatile long deadlineEpochMillis;
  volatile boolean coldStart;
  volatile ScheduledFuture<?> watchdog;

  Invocation(byte[] payload, String invokedArn) {
    this.payload = payload;
    this.invokedArn = invokedArn;
  }

  /** True exactly once: for whoever gets to finish this invocation (response, error, timeout, crash). */
  boolean claimFinish() {
    return finished.compareAndSet(false, true);
  }

  boolean isFinished() {
    return finished.get();
  }
}
