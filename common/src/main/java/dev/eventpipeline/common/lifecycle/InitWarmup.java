package dev.eventpipeline.common.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A cold start's init on two threads. Lambda's init phase has two unthrottled vCPUs for functions up
 * to 3 GB (public measurements), while a handler's init is one thread's work: Log4j configures
 * itself (the handler's static logger, first thing of all), then the config, the HTTP client, the SDK
 * clients. This starts, before the logger, one daemon thread that does the work which never logs and
 * which the main thread needs later, so it is done by then:
 *
 * <ol>
 *   <li>Jackson's ObjectMapper, loaded and initialized (the mask policy, events, records, X-Ray);
 *   <li>the JDK's default TLS trust managers (its trust store parsed: about 140 certificates), which
 *       {@code AwsClients} hands to the HTTP client instead of letting it build the same ones.
 * </ol>
 *
 * <p>It no longer loads the SDK's service metadata: since SDK 2.59 building a client does not need it
 * (the metadata of all 311 services, built at once; see {@code ClientColdStartTest}).</p>
 *
 * <p>Only inside a Lambda environment ({@code LAMBDA_TASK_ROOT} set, which the local cloud sets too);
 * elsewhere (tests, tools) nothing starts. Best effort: a failure here changes nothing, the main
 * thread then does the same work itself and reports any error. Nothing here is secret or random, so
 * it may sit in a SnapStart snapshot.
 */
public final class InitWarmup {
  private static final Object LOCK = new Object();
  private static CompletableFuture<TrustManager[]> trustManagers;

  private InitWarmup() {}

  /** Starts the warm-up thread once per JVM, inside Lambda only. Call it before anything logs. */
  public static void start() {
    if (System.getenv("LAMBDA_TASK_ROOT") != null) {
      startNow();
    }
  }

  static void startNow() {
    synchronized (LOCK) {
      if (trustManagers != null) {
        return;
      }
      CompletableFuture<TrustManager[]> tls = new CompletableFuture<>();
      trustManagers = tls;
      Thread thread = new Thread(() -> warm(tls), "init-warmup");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The JDK's default trust managers, built by the warm-up thread; null when it did not run or failed. */
  public static TrustManager[] defaultTrustManagers() {
    CompletableFuture<TrustManager[]> tls;
    synchronized (LOCK) {
      tls = trustManagers;
    }
    if (tls == null) {
      return null;
    }
    try {
      return tls.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      return null;
    }
  }

  private static void warm(CompletableFuture<TrustManager[]> tls) {
    try {
      new ObjectMapper().readTree("{\"warm\":[1,\"a\",true,null,1.5]}");
    } catch (Exception | LinkageError e) {
      // the main thread does it again and reports
    }
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init((KeyStore) null);
      tls.complete(factory.getTrustManagers());
      SSLContext.getInstance("TLS");
    } catch (Exception | LinkageError e) {
      tls.completeExceptionally(e);
    }
  }
}
