package dev.eventpipeline.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.iam.CallerIdentity;
import dev.eventpipeline.local.iam.SigV4Verifier;
import dev.eventpipeline.local.lambda.FunctionPool;
import dev.eventpipeline.local.lambda.InvocationResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * A function URL served on a loopback port: each HTTP request becomes a payload format 2.0 event,
 * the function's answer becomes the HTTP response (a result without statusCode is returned as a JSON
 * body with status 200, as Lambda does). With AuthType AWS_IAM every request must carry a valid SigV4
 * signature ({@link SigV4Verifier}: service lambda, the local region, a key the local IAM issued or the
 * local cloud's default one); anything else is answered 403 as Lambda answers it, without invoking the
 * function, and the signer's identity goes to the function in {@code requestContext.authorizer.iam}.
 * AuthType NONE is served to anyone.
 */
public final class FunctionUrlServer implements AutoCloseable {
  private static final DateTimeFormatter REQUEST_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private final UrlSpec spec;
  private final FunctionPool function;
  private final HttpServer server;
  private final String urlId;
  private final SigV4Verifier verifier;
  private final String accountId;
  private final Consumer<String> log;

  /** Lambda's answer to a request its IAM auth refuses (the reason is never told to the caller). */
  static final String FORBIDDEN = "{\"Message\":\"Forbidden. For troubleshooting Function URL authorization issues, "
      + "see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html\"}";

  /**
   * @param server bound to the URL's port when the port was chosen (not started), so that no other socket can
   *     take the port between provisioning and serving
   * @param verifier checks the signature of requests to an AWS_IAM URL (unused for NONE)
   * @param accountId the function owner's account ({@code requestContext.accountId} of a signed request)
   * @param log where a refused request's reason goes (the local cloud's console)
   */
  public FunctionUrlServer(UrlSpec spec, HttpServer server, FunctionPool function, ExecutorService executor,
      SigV4Verifier verifier, String accountId, Consumer<String> log) {
    this.spec = spec;
    this.function = function;
    this.verifier = verifier;
    this.accountId = accountId;
    this.log = log;
    this.urlId = UUID.nameUUIDFromBytes(spec.logicalId().getBytes(StandardCharsets.UTF_8)).toString()
        .replace("-", "").substring(0, 32);
    if (server.getAddress().getPort() != spec.port()) {
      throw new IllegalArgumentException("The server for " + spec.url() + " is bound to port " + server.getAddress().getPort());
    }
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
  }

  /** A server bound to {@code port} on loopback (0: any free port), not started; refused if the port is taken. */
  public static HttpServer bind(int port) throws IOException {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
  }

  public UrlSpec spec() {
    return spec;
  }

  public void start() {
    server.start();
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      CallerIdentity caller = null;
      if (iamAuth()) {
        SigV4Verifier.Outcome outcome;
        try {
          outcome = verifier.verify(new SigV4Verifier.Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
              ex.getRequestURI().getRawQuery(), ex.getRequestHeaders(), body));
        } catch (RuntimeException e) {
          // e.g. the backend's IAM not answering: refuse (closed), say why on the console
          log.accept(spec.url() + " 500 " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath()
              + ": cannot verify the signature: " + e);
          send(ex, 500, Map.of("Content-Type", "application/json"), "{\"Message\":\"Internal Server Error\"}"
              .getBytes(StandardCharsets.UTF_8));
          return;
        }
        if (outcome instanceof SigV4Verifier.Rejected rejected) {
          log.accept(spec.url() + " 403 " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + ": "
              + rejected.reason());
          send(ex, 403, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", "AccessDeniedException"),
              FORBIDDEN.getBytes(StandardCharsets.UTF_8));
          return;
        }
        caller = ((SigV4Verifier.Accepted) outcome).caller();
      }
      InvocationResult result;
      try {
        result = function.invoke(event(ex, body, urlId, Instant.now(), caller, accountId)).get();
      } catch (Exception e) {
        send(ex, 502, Map.of("Content-Type", "application/json"), "{\"Message\":\"Internal Server Error\"}"
            .getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (!result.succeeded()) {
        send(ex, 502, Map.of("Content-Type", "application/json"), "{\"Message\":\"Internal Server Error\"}"
            .getBytes(StandardCharsets.UTF_8));
        return;
      }
      respond(ex, result.payload());
    } finally {
      ex.close();
    }
  }

  private boolean iamAuth() {
    return !"NONE".equalsIgnoreCase(spec.authType());
  }

  /**
   * The payload format 2.0 event of a request; {@code caller} is who signed it (AWS_IAM), null for an
   * open URL (AuthType NONE: account "anonymous", no authorizer).
   */
  static byte[] event(HttpExchange ex, byte[] body, String urlId, Instant now, CallerIdentity caller, String accountId) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", "$default");
    String rawPath = ex.getRequestURI().getRawPath();
    String rawQuery = ex.getRequestURI().getRawQuery();
    e.put("rawPath", rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
    e.put("rawQueryString", rawQuery == null ? "" : rawQuery);
    List<String> cookies = new ArrayList<>();
    ObjectNode headers = Json.MAPPER.createObjectNode();
    ex.getRequestHeaders().forEach((name, values) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("cookie")) {
        values.forEach(v -> {
          for (String c : v.split(";")) {
            if (!c.isBlank()) {
              cookies.add(c.strip());
            }
          }
        });
      } else {
        headers.put(lower, String.join(",", values));
      }
    });
    if (!cookies.isEmpty()) {
      cookies.forEach(e.putArray("cookies")::add);
    }
    e.set("headers", headers);
    if (rawQuery != null && !rawQuery.isEmpty()) {
      Map<String, List<String>> params = new LinkedHashMap<>();
      for (String pair : rawQuery.split("&")) {
        String[] kv = pair.split("=", 2);
        params.computeIfAbsent(decode(kv[0]), k -> new ArrayList<>()).add(kv.length > 1 ? decode(kv[1]) : "");
      }
      ObjectNode q = e.putObject("queryStringParameters");
      params.forEach((k, v) -> q.put(k, String.join(",", v)));
    }
    ObjectNode rc = e.putObject("requestContext");
    rc.put("accountId", caller == null ? "anonymous" : accountId);
    rc.put("apiId", urlId);
    if (caller != null) {
      rc.putNull("authentication");
      rc.putObject("authorizer").set("iam", caller.toJson());
    }
    String host = ex.getRequestHeaders().getFirst("Host");
    rc.put("domainName", host == null ? "127.0.0.1" : host);
    rc.put("domainPrefix", urlId);
    ObjectNode http = rc.putObject("http");
    http.put("method", ex.getRequestMethod());
    http.put("path", rawPath == null || rawPath.isEmpty() ? "/" : decode(rawPath));
    http.put("protocol", ex.getProtocol());
    http.put("sourceIp", ex.getRemoteAddress().getAddress().getHostAddress());
    String ua = ex.getRequestHeaders().getFirst("User-Agent");
    http.put("userAgent", ua == null ? "" : ua);
    rc.put("requestId", UUID.randomUUID().toString());
    rc.put("routeKey", "$default");
    rc.put("stage", "$default");
    rc.put("time", REQUEST_TIME.format(now));
    rc.put("timeEpoch", now.toEpochMilli());
    String text = utf8OrNull(body);
    if (body.length > 0) {
      e.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
    }
    e.put("isBase64Encoded", body.length > 0 && text == null);
    return EventJson.bytes(e);
  }

  private static String utf8OrNull(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException binary) {
      return null;
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** Lambda's rules for a function URL result: a statusCode object is a response, anything else a JSON body. */
  private static void respond(HttpExchange ex, byte[] payload) throws IOException {
    JsonNode n;
    try {
      n = payload.length == 0 ? null : Json.MAPPER.readTree(payload);
    } catch (IOException notJson) {
      send(ex, 200, Map.of("Content-Type", "application/json"), payload);
      return;
    }
    if (n == null || !n.isObject() || !n.has("statusCode")) {
      send(ex, 200, Map.of("Content-Type", "application/json"), payload);
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    n.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    for (JsonNode c : n.path("cookies")) {
      ex.getResponseHeaders().add("Set-Cookie", c.asText());
    }
    byte[] body;
    JsonNode b = n.get("body");
    if (b == null || b.isNull()) {
      body = new byte[0];
    } else if (n.path("isBase64Encoded").asBoolean(false)) {
      body = Base64.getDecoder().decode(b.asText());
    } else {
      body = (b.isTextual() ? b.asText() : b.toString()).getBytes(StandardCharsets.UTF_8);
    }
    if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
      headers.put("Content-Type", "application/json");
    }
    send(ex, n.path("statusCode").asInt(200), headers, body);
  }

  private static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
