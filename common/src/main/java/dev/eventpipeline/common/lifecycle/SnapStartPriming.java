package dev.eventpipeline.common.lifecycle;

import dev.eventpipeline.common.logging.LambdaLogging;
import dev.eventpipeline.common.metrics.Metrics;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming: before Lambda takes the snapshot of an initialized function (CRaC's
 * {@code beforeCheckpoint}, which SnapStart calls on published versions), the function runs its own
 * handler once over a synthetic batch with in-memory ports, so that the snapshot holds the loaded
 * classes, the initialized Jackson/EMF/event-model machinery and the code the JIT compiled for the
 * paths every real invocation takes. A restored environment then starts its first invocation warm.
 *
 * <p>Priming makes no AWS call (in-memory ports), publishes no metric (serialized and dropped,
 * {@link Metrics#discardingOutput}) and its log lines carry {@code "priming":"true"}. A failure is
 * logged and the snapshot is taken anyway: priming is an optimisation, never a reason to fail a
 * deployment. Without SnapStart (on-demand versions, $LATEST, the local cloud) nothing is called: the
 * CRaC API is a no-op on JVMs without checkpoint support.
 *
 * <p>What must not be in a snapshot stays out of it: no credentials are resolved (the SDK fetches
 * them from Lambda's container endpoint on first use after restore), no connection is opened, no
 * random value is drawn that later code would reuse.
 */
public final class SnapStartPriming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);
  /** CRaC holds resources weakly: these references keep the registered ones alive. */
  private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

  private final String function;
  private final Runnable prime;

  public SnapStartPriming(String function, Runnable prime) {
    this.function = function;
    this.prime = prime;
  }

  /** Registers {@code prime} to run before a SnapStart snapshot of this environment. */
  public static SnapStartPriming register(String function, Runnable prime) {
    SnapStartPriming priming = new SnapStartPriming(function, prime);
    REGISTERED.add(priming);
    Core.getGlobalContext().register(priming);
    return priming;
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    primeNow();
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    LOG.info("Restored {} from a SnapStart snapshot", function);
  }

  /** Runs the priming once; true when it completed. Never throws. */
  public boolean primeNow() {
    long start = System.nanoTime();
    try (var scope = LambdaLogging.with("priming", "true")) {
      Metrics.discardingOutput(prime);
      LOG.info("Primed {} for the snapshot in {} ms", function, (System.nanoTime() - start) / 1_000_000);
      return true;
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Priming {} failed ({}); the snapshot is taken without it", function, e.toString());
      return false;
    }
  }
}
