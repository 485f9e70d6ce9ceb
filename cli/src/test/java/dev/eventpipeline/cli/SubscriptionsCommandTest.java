package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `pipeline subscriptions list | delete ID | test ID` against a stand-in of the subscription API. */
class SubscriptionsCommandTest {
  private static final String ID = "3f0c6f7e-2a8b-4f51-9d0e-5c1a7b3e9f20";

  private final ApiFake api = new ApiFake();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void stop() {
    api.close();
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new SubscriptionsCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void listPrintsOneLinePerSubscription() {
    api.answer("GET /subscriptions", 200, "{\"subscriptions\":["
        + "{\"id\":\"" + ID + "\",\"url\":\"https://hooks.example.com/in\",\"events\":[\"ThumbnailFailed\"],"
        + "\"enabled\":true,\"description\":\"image team\"},"
        + "{\"id\":\"7b1e0c2d-0000-4000-8000-000000000001\",\"url\":\"https://gone.example.com/\",\"events\":[\"*\"],"
        + "\"enabled\":false,\"disabledReason\":\"endpoint answered HTTP 410 Gone at 2026-11-23T10:00:00Z\"}]}");

    int exit = run("list", "--api-url", api.url());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("ID").contains(ID).contains("ThumbnailFailed").contains("https://hooks.example.com/in")
        .contains("(image team)").contains("7b1e0c2d-0000-4000-8000-000000000001").contains("410 Gone");
    assertThat(api.requests()).singleElement().satisfies(r -> {
      assertThat(r.method()).isEqualTo("GET");
      assertThat(r.path()).isEqualTo("/subscriptions");
    });
  }

  @Test
  void listSaysHowToSubscribeWhenThereIsNothing() {
    api.answer("GET /subscriptions", 200, "{\"subscriptions\":[]}");

    assertThat(run("list", "--api-url", api.url())).isZero();
    assertThat(out.toString()).contains("No subscriptions").contains("pipeline subscribe");
  }

  @Test
  void listCanPrintTheJson() {
    api.answer("GET /subscriptions", 200, "{\"subscriptions\":[]}");

    assertThat(run("list", "--json", "--api-url", api.url())).isZero();
    assertThat(out.toString()).contains("\"subscriptions\"");
  }

  @Test
  void deleteCallsDeleteOnTheSubscription() {
    api.answer("DELETE /subscriptions/" + ID, 204, null);

    assertThat(run("delete", ID, "--api-url", api.url())).isZero();
    assertThat(out.toString()).contains("Deleted subscription " + ID);
    assertThat(api.requests()).singleElement().extracting(ApiFake.Request::method).isEqualTo("DELETE");
  }

  @Test
  void deletingAnUnknownSubscriptionFailsWithTheApisExplanation() {
    assertThat(run("delete", ID, "--api-url", api.url())).isEqualTo(1);
    assertThat(err.toString()).contains("Not Found (HTTP 404): no subscription with id");
  }

  @Test
  void testReportsADeliveredPing() {
    api.answer("POST /subscriptions/" + ID + "/test", 200, "{\"subscriptionId\":\"" + ID + "\",\"webhookId\":\"test_1\","
        + "\"outcome\":\"DELIVERED\",\"status\":204,\"detail\":\"HTTP 204\",\"durationMs\":12}");

    assertThat(run("test", ID, "--api-url", api.url())).isZero();
    assertThat(out.toString()).contains("Test ping test_1: DELIVERED (HTTP 204) in 12 ms");
  }

  @Test
  void testFailsWhenTheEndpointDidNotAccept() {
    api.answer("POST /subscriptions/" + ID + "/test", 200, "{\"subscriptionId\":\"" + ID + "\",\"webhookId\":\"test_2\","
        + "\"outcome\":\"FAILED\",\"status\":null,\"detail\":\"timed out (connect 3000 ms, total 10000 ms)\",\"durationMs\":10001}");

    assertThat(run("test", ID, "--api-url", api.url())).isEqualTo(1);
    assertThat(out.toString()).contains("FAILED (no answer)").contains("timed out");
  }

  @Test
  void anUnreachableApiIsAClearFailure() {
    String url = api.url();
    api.close();

    assertThat(run("list", "--api-url", url)).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach the subscription API at " + url);
  }

  @Test
  void aSubcommandIsRequired() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("delete", "--api-url", api.url())).isEqualTo(2);
  }

  /** A stand-in for the subscription API on 127.0.0.1: canned answers per "METHOD /path", every request recorded. */
  static final class ApiFake implements AutoCloseable {
    record Request(String method, String path, Map<String, String> headers, String body) {
      String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
      }
    }

    private record Answer(int status, String contentType, String body) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    ApiFake() {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext("/", exchange -> {
        try (exchange) {
          Map<String, String> headers = new TreeMap<>();
          exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
          String path = exchange.getRequestURI().getRawPath();
          requests.add(new Request(exchange.getRequestMethod(), path, headers,
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path,
              new Answer(404, "application/problem+json", "{\"type\":\"https://eventpipeline.dev/problems/not-found\","
                  + "\"title\":\"Not Found\",\"status\":404,\"detail\":\"no subscription with id x\",\"instance\":\"" + path + "\"}"));
          byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
          if (answer.contentType() != null) {
            exchange.getResponseHeaders().add("Content-Type", answer.contentType());
          }
          exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
          if (body.length > 0) {
            exchange.getResponseBody().write(body);
          }
        }
      });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    ApiFake answer(String methodAndPath, int status, String json) {
      answers.put(methodAndPath, new Answer(status, status >= 400 ? "application/problem+json" : "application/json", json));
      return this;
    }

    List<Request> requests() {
      return List.copyOf(requests);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
