package dev.eventpipeline.it.faults;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback reverse proxy in front of the AWS-compatible backend that answers a configurable share
 * of calls to chosen services with server errors or throttling, delays them, or holds them until the
 * test releases them: the downstream failures of the reliability tests. Everything else is forwarded
 * unchanged.
 *
 * <p>The service of a call is read from its SigV4 credential scope (".../us-east-1/kinesis/aws4_request",
 * in the Authorization header or a presigned URL's X-Amz-Credential), so it works for every protocol.
 * Errors are shaped per protocol so the SDK classifies them the way it classifies AWS's own
 * (retryable 5xx, throttling). A rule can be narrowed to calls whose description — method, path and
 * query, X-Amz-Target, and the start of the body — contains a string (a bucket, a stream name, an
 * operation; the end of a long body is described too), and limited to a number of hits.
 */
public final class FaultInjectingProxy implements AutoCloseable {
  /** What to inject. LATENCY delays the call by the rule's latency, then forwards it. */
  public enum Kind { INTERNAL_ERROR, UNAVAILABLE, THROTTLING, LATENCY }

  /**
   * Fail {@code share} (0..1) of calls to {@code service} ("*" for all) whose description contains
   * {@code matching} (null: any) with {@code kind} until {@code until}, at most {@code limit} times
   * (negative: no limit). {@code latency} is the delay of a LATENCY rule.
   */
  public record Rule(String service, String matching, double share, Kind kind, Duration latency, Instant until,
      long limit) {
    public Rule {
      if (share < 0 || share > 1) {
        throw new IllegalArgumentException("share must be between 0 and 1");
      }
      if (kind == Kind.LATENCY && (latency == null || latency.isNegative())) {
        throw new IllegalArgumentException("a LATENCY rule needs a latency");
      }
      service = service.toLowerCase(Locale.ROOT);
    }

    boolean matches(String callService, String description, Instant now) {
      return now.isBefore(until) && (service.equals("*") || service.equals(callService))
          && (matching == null || description.contains(matching));
    }
  }

  /**
   * Calls held by {@link #hold}: each waits until {@link #release} forwards it or {@link #drop}
   * abandons it (the connection is closed without an answer, as when the network dies).
   */
  public static final class Hold {
    private final String service;
    private final String matching;
    private final AtomicInteger remaining;
    private final AtomicInteger held = new AtomicInteger();
    private final CountDownLatch first = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean forward;

    private Hold(String service, String matching, int calls) {
      this.service = service.toLowerCase(Locale.ROOT);
      this.matching = matching;
      this.remaining = new AtomicInteger(calls);
    }

    boolean claims(String callService, String description) {
      if (released.getCount() == 0 || !(service.equals("*") || service.equals(callService))
          || (matching != null && !description.contains(matching))) {
        return false;
      }
      return remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
    }

    /** Waits until a call is held; false when none came within {@code timeout}. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
      return first.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Calls held so far. */
    public int held() {
      return held.get();
    }

    /** Forwards the held calls (and lets later matching calls through). */
    public void release() {
      forward = true;
      released.countDown();
    }

    /** Abandons the held calls without forwarding them (and lets later matching calls through). */
    public void drop() {
      forward = false;
      released.countDown();
    }

    /** @return whether to forward the call once released */
    boolean await() throws InterruptedException {
      held.incrementAndGet();
      first.countDown();
      released.await();
      return forward;
    }
  }

  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request");
  private static final Pattern QUERY_SCOPE =
      Pattern.compile("X-Amz-Credential=[^&]*?(?:/|%2F)\\d{8}(?:/|%2F)[^/%]+(?:/|%2F)([^/%&]+)(?:/|%2F)aws4_request",
          Pattern.CASE_INSENSITIVE);
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
      "trailer", "upgrade", "proxy-authorization", "proxy-authenticate", "host", "content-length", "expect");
  /**
   * How much of a request body goes into its description: its start, and its end, because JSON
   * protocols write some names last (PutRecords: "Records" first, then "StreamName").
   */
  private static final int DESCRIBED_BODY_BYTES = 2048;
  private static final int DESCRIBED_BODY_END_BYTES = 512;

  private final URI target;
  private final HttpServer server;
  private final HttpClient client;
  private final ExecutorService executor;
  private final Clock clock;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<Rule, AtomicLong> hits = new ConcurrentHashMap<>();
  private final List<Hold> holds = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> injected = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> forwarded = new ConcurrentHashMap<>();

  private FaultInjectingProxy(URI target, int port, Clock clock) throws IOException {
    this.target = target;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fault-proxy-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(executor)
        .build();
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a proxy on loopback ({@code port} 0 picks a free one) forwarding to {@code target}. */
  public static FaultInjectingProxy start(URI target, int port) throws IOException {
    return new FaultInjectingProxy(target, port, Clock.systemUTC());
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Adds a rule for every call to {@code service}; it applies to calls that start after this returns. */
  public FaultInjectingProxy inject(String service, double share, Kind kind, Duration duration) {
    return inject(new Rule(service, null, share, kind, null, clock.instant().plus(duration), -1));
  }

  /** Adds a rule; it applies to calls that start after this returns. */
  public FaultInjectingProxy inject(Rule rule) {
    hits.put(rule, new AtomicLong());
    rules.add(rule);
    return this;
  }

  /** Delays {@code share} of the calls to {@code service} that contain {@code matching} by {@code latency}. */
  public FaultInjectingProxy delay(String service, String matching, double share, Duration latency,
      Duration duration, long limit) {
    return inject(new Rule(service, matching, share, Kind.LATENCY, latency, clock.instant().plus(duration), limit));
  }

  /** Holds the next {@code calls} calls to {@code service} whose description contains {@code matching}. */
  public Hold hold(String service, String matching, int calls) {
    Hold h = new Hold(service, matching, calls);
    holds.add(h);
    return h;
  }

  /** Removes every rule and releases every hold. */
  public void clearFaults() {
    rules.clear();
    holds.forEach(Hold::release);
    holds.clear();
  }

  /** Sets the injected and forwarded counts back to zero. */
  public void resetCounts() {
    injected.clear();
    forwarded.clear();
  }

  /** Calls answered with an injected error (or delayed), per service. */
  public long injectedCount(String service) {
    AtomicLong n = injected.get(service);
    return n == null ? 0 : n.get();
  }

  /** Calls answered with an injected error (or delayed), all services. */
  public long injectedCount() {
    return injected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Calls forwarded to the backend, per service. */
  public long forwardedCount(String service) {
    AtomicLong n = forwarded.get(service);
    return n == null ? 0 : n.get();
  }

  static String serviceOf(Headers headers, String rawQuery) {
    String authorization = headers.getFirst("Authorization");
    if (authorization != null) {
      Matcher m = SCOPE.matcher(authorization);
      if (m.find()) {
        return m.group(1).toLowerCase(Locale.ROOT);
      }
    }
    if (rawQuery != null) {
      Matcher m = QUERY_SCOPE.matcher(rawQuery);
      if (m.find()) {
        return m.group(1).toLowerCase(Locale.ROOT);
      }
    }
    return "unknown";
  }

  /** What rules match against: "METHOD path?query target body-start [... body-end]". */
  static String describe(HttpExchange exchange, byte[] body) {
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    String description = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())
        + " " + (target == null ? "" : target) + " "
        + new String(body, 0, Math.min(body.length, DESCRIBED_BODY_BYTES), StandardCharsets.ISO_8859_1);
    if (body.length > DESCRIBED_BODY_BYTES) {
      int end = Math.max(DESCRIBED_BODY_BYTES, body.length - DESCRIBED_BODY_END_BYTES);
      description += " ... " + new String(body, end, body.length - end, StandardCharsets.ISO_8859_1);
    }
    return description;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String service = serviceOf(exchange.getRequestHeaders(), exchange.getRequestURI().getRawQuery());
      byte[] body = exchange.getRequestBody().readAllBytes();
      String description = describe(exchange, body);
      for (Hold h : holds) {
        if (h.claims(service, description)) {
          count(injected, service);
          try {
            if (!h.await()) {
              return; // dropped: the connection closes without an answer
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          break;
        }
      }
      Instant now = clock.instant();
      for (Rule rule : rules) {
        if (rule.matches(service, description, now) && ThreadLocalRandom.current().nextDouble() < rule.share()
            && claimHit(rule)) {
          count(injected, service);
          if (rule.kind() == Kind.LATENCY) {
            try {
              Thread.sleep(rule.latency().toMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            break;
          }
          sendFault(exchange, service, rule.kind());
          return;
        }
      }
      count(forwarded, service);
      forward(exchange, body);
    }
  }

  private boolean claimHit(Rule rule) {
    AtomicLong n = hits.computeIfAbsent(rule, r -> new AtomicLong());
    return rule.limit() < 0 || n.getAndUpdate(v -> v < rule.limit() ? v + 1 : v) < rule.limit();
  }

  private static void count(Map<String, AtomicLong> counts, String service) {
    counts.computeIfAbsent(service, s -> new AtomicLong()).incrementAndGet();
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    String base = target.toString().endsWith("/") ? target.toString().substring(0, target.toString().length() - 1)
        : target.toString();
    URI uri = URI.create(base + exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(90))
        .method(exchange.getRequestMethod(), body.length == 0
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.sendResponseHeaders(502, -1);
      return;
    } catch (IOException e) {
      exchange.sendResponseHeaders(502, -1);
      return;
    }
    response.headers().map().forEach((name, values) -> {
      if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    try (InputStream in = response.body()) {
      byte[] bytes = in.readAllBytes();
      boolean noBody = exchange.getRequestMethod().equals("HEAD") || response.statusCode() == 204
          || response.statusCode() == 304;
      if (noBody) {
        // keep the backend's Content-Length for HEAD (S3 HeadObject reports the object size in it)
        response.headers().firstValue("Content-Length")
            .ifPresent(v -> exchange.getResponseHeaders().set("Content-Length", v));
        exchange.sendResponseHeaders(response.statusCode(), -1);
      } else {
        exchange.sendResponseHeaders(response.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** An error shaped the way the service's protocol shapes AWS's own. */
  private static void sendFault(HttpExchange exchange, String service, Kind kind) throws IOException {
    int status;
    String code;
    switch (kind) {
      case INTERNAL_ERROR -> {
        status = 500;
        code = service.equals("kinesis") ? "InternalFailure" : "InternalError";
      }
      case UNAVAILABLE -> {
        status = 503;
        code = "ServiceUnavailable";
      }
      default -> {
        switch (service) {
          case "s3" -> {
            status = 503;
            code = "SlowDown";
          }
          case "kinesis" -> {
            status = 400;
            code = "ProvisionedThroughputExceededException";
          }
          case "dynamodb" -> {
            status = 400;
            code = "ThrottlingException";
          }
          case "sqs" -> {
            status = 400;
            code = "ThrottlingException";
          }
          default -> {
            status = 400;
            code = "Throttling";
          }
        }
      }
    }
    String message = "injected fault (" + kind + ")";
    String body;
    String contentType;
    switch (service) {
      case "kinesis", "dynamodb", "sqs", "secretsmanager" -> {
        contentType = service.equals("kinesis") || service.equals("secretsmanager")
            ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0";
        String prefix = service.equals("dynamodb") ? "com.amazonaws.dynamodb.v20120810#" : "";
        body = "{\"__type\":\"" + prefix + code + "\",\"message\":\"" + message + "\"}";
        exchange.getResponseHeaders().set("x-amzn-query-error", code + ";Receiver");
      }
      case "s3" -> {
        contentType = "application/xml";
        body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
            + "</Message><RequestId>fault</RequestId></Error>";
      }
      default -> {
        contentType = "text/xml";
        body = "<ErrorResponse><Error><Type>Receiver</Type><Code>" + code + "</Code><Message>" + message
            + "</Message></Error><RequestId>fault</RequestId></ErrorResponse>";
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    holds.forEach(Hold::drop);
    server.stop(0);
    executor.shutdownNow();
  }
}
