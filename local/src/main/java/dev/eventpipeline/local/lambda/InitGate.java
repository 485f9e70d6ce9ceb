package dev.eventpipeline.local.lambda;

import java.util.concurrent.Semaphore;

/**
 * How many function JVMs may be in their init at once, over every function of the local cloud. On Lambda
 * each execution environment has its own CPU; here they share this machine's, and six JVMs starting
 * together on two cores each take 10-15 s instead of one. A process that wants to start waits here
 * (first come, first served) before it is launched, so its Init Duration — measured as Lambda measures
 * it, from the process start to its first {@code invocation/next} — is what one init costs on this
 * machine; the wait is reported apart ({@code INIT_START ... waited N ms for an init slot}).
 * A slot is held from the launch until the runtime asks for its first invocation, the init fails or
 * the process exits (a class-data training run holds it until its archive is written).
 */
public final class InitGate {
  private final int slots;
  private final Semaphore semaphore;
  private int inUse;
  private int peak;

  private InitGate(int slots) {
    this.slots = slots;
    this.semaphore = new Semaphore(slots, true);
  }

  /** At most {@code slots} inits at a time (at least one). */
  public static InitGate of(int slots) {
    return new InitGate(Math.max(1, slots));
  }

  /** No limit: every process starts at once (unit tests of a single pool). */
  public static InitGate unlimited() {
    return new InitGate(Integer.MAX_VALUE);
  }

  /**
   * The default for this machine: one init per two cores, at least one. A JVM's init is not
   * single-threaded (JIT compiler and GC threads run beside the main thread), so one init per core
   * still has inits slowing each other down on a small machine.
   */
  public static int defaultSlots() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  public int slots() {
    return slots;
  }

  /** Processes waiting for a slot right now. */
  public int waiting() {
    return semaphore.getQueueLength();
  }

  /** The most inits that were ever under way at once. */
  public synchronized int peak() {
    return peak;
  }

  void acquire() throws InterruptedException {
    semaphore.acquire();
    synchronized (this) {
      inUse++;
      peak = Math.max(peak, inUse);
    }
  }

  void release() {
    synchronized (this) {
      inUse--;
    }
    semaphore.release();
  }
}
