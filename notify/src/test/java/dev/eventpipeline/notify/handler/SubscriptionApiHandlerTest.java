package dev.eventpipeline.notify.handler;

import dev.eventpipeline.notify.testing.TestEvents;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.notify.adapter.SocketWebhookSender;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.SubscriptionService;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.domain.WebhookSignature;
import dev.eventpipeline.notify.port.HostResolver;
import dev.eventpipeline.notify.testing.InMemorySubscriptionStore;
import dev.eventpipeline.notify.testing.WebhookReceiver;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The subscription API on AWS's own function URL fixtures (payload 2.0), every route and error. */
class SubscriptionApiHandlerTest {
  private final WebhookReceiver receiver = WebhookReceiver.start();
  private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();

  /** Public names resolve to a public address, metadata.example.com to the metadata service. */
  private final HostResolver dns = host -> switch (host) {
    case "hooks.example.com" -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}));
    case "metadata.example.com" -> List.of(InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}));
    default -> List.of(InetAddress.getAllByName(host));
  };

  /** As deployed: private targets refused. */
  private final SubscriptionApiHandler deployed = handler(false);
  /** As in local development: the test endpoint on 127.0.0.1 is allowed. */
  private final SubscriptionApiHandler local = handler(true);

  @AfterEach
  void stop() {
    receiver.close();
  }

  private SubscriptionApiHandler handler(boolean allowPrivate) {
    TargetPolicy targets = new TargetPolicy(Set.of(80, 443, 8080, 8443, receiver.port()), new AddressPolicy(allowPrivate), dns);
    return new SubscriptionApiHandler(new SubscriptionService(store, TestEvents.CIPHER, targets,
        new SocketWebhookSender(Duration.ofMillis(500), Duration.ofSeconds(2)), Clock.systemUTC()));
  }

  /** The IAM-authorized function URL fixture, turned into this request. */
  private static APIGatewayV2HTTPEvent request(String method, String path, String body) {
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/function_url_iam_auth.json");
    event.setRawPath(path);
    event.setRawQueryString("");
    event.getRequestContext().getHttp().setMethod(method);
    event.getRequestContext().getHttp().setPath(path);
    event.setBody(body);
    event.setIsBase64Encoded(false);
    return event;
  }

  private static APIGatewayV2HTTPEvent base64Request(String method, String path, String body) {
    APIGatewayV2HTTPEvent event = request(method, path, Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
    event.setIsBase64Encoded(true);
    return event;
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
    return Json.MAPPER.readTree(response.getBody());
  }

  private JsonNode create(SubscriptionApiHandler handler, String url, String events) throws Exception {
    APIGatewayV2HTTPResponse response = handler.handleRequest(request("POST", "/subscriptions",
        "{\"url\":\"" + url + "\",\"events\":" + events + ",\"description\":\"orders team\"}"), null);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
    return json(response);
  }

  /** Asserts an RFC 9457 problem and returns it. */
  private static JsonNode problem(APIGatewayV2HTTPResponse response, int status, String type) throws Exception {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
    assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.path("type").asText()).isEqualTo("https://eventpipeline.dev/problems/" + type);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("title").asText()).isNotBlank();
    assertThat(problem.path("detail").asText()).isNotBlank();
    assertThat(problem.has("instance")).isTrue();
    return problem;
  }

  @Test
  void theGetFixtureWithoutAnIamIdentityIsUnauthenticated() throws Exception {
    // AWS's fixture of a URL with auth type NONE: no requestContext.authorizer.iam
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/function_url_get.json");

    problem(deployed.handleRequest(event, null), 401, "unauthenticated");
  }

  @Test
  void createAnswers201WithTheSecretTheOnlyTimeItIsShown() throws Exception {
    APIGatewayV2HTTPResponse response = deployed.handleRequest(request("POST", "/subscriptions",
        "{\"url\":\"https://hooks.example.com/in\",\"events\":[\"ThumbnailCreated\",\"ThumbnailFailed\"],"
            + "\"description\":\"orders team\"}"), null);

    assertThat(response.getStatusCode()).isEqualTo(201);
    JsonNode created = json(response);
    String id = created.path("id").asText();
    assertThat(UUID.fromString(id)).isNotNull();
    assertThat(response.getHeaders()).containsEntry("Location", "/subscriptions/" + id)
        .containsEntry("Content-Type", "application/json").containsEntry("Cache-Control", "no-store");
    assertThat(created.path("secret").asText()).startsWith("whsec_");
    assertThat(created.path("url").asText()).isEqualTo("https://hooks.example.com/in");
    assertThat(created.path("events")).hasSize(2);
    assertThat(created.path("enabled").asBoolean()).isTrue();
    assertThat(created.path("description").asText()).isEqualTo("orders team");

    APIGatewayV2HTTPResponse fetched = deployed.handleRequest(request("GET", "/subscriptions/" + id, null), null);
    APIGatewayV2HTTPResponse listed = deployed.handleRequest(request("GET", "/subscriptions", null), null);
    assertThat(fetched.getStatusCode()).isEqualTo(200);
    assertThat(json(fetched).path("id").asText()).isEqualTo(id);
    assertThat(listed.getStatusCode()).isEqualTo(200);
    assertThat(json(listed).path("subscriptions")).hasSize(1);
    assertThat(fetched.getBody()).doesNotContain("whsec_").doesNotContain("secret");
    assertThat(listed.getBody()).doesNotContain("whsec_").doesNotContain("secret");
  }

  @Test
  void acceptsTheBase64BodiesFunctionUrlsSend() throws Exception {
    APIGatewayV2HTTPResponse response = deployed.handleRequest(base64Request("POST", "/subscriptions/",
        "{\"url\":\"https://hooks.example.com/b64\",\"events\":[\"*\"]}"), null);

    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
    assertThat(json(response).path("events").get(0).asText()).isEqualTo("*");
  }

  @Test
  void patchChangesEnabledEventsAndDescription() throws Exception {
    String id = create(deployed, "https://hooks.example.com/in", "[\"*\"]").path("id").asText();

    APIGatewayV2HTTPResponse response = deployed.handleRequest(request("PATCH", "/subscriptions/" + id,
        "{\"enabled\":false,\"events\":[\"LogRecordsRejected\",\"LogRecordsRejected\"],\"description\":\"paused\"}"), null);
    JsonNode patched = json(response);
    JsonNode cleared = json(deployed.handleRequest(request("PATCH", "/subscriptions/" + id, "{\"description\":null}"), null));

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(patched.path("enabled").asBoolean()).isFalse();
    assertThat(patched.path("events").toString()).isEqualTo("[\"LogRecordsRejected\"]");
    assertThat(patched.path("description").asText()).isEqualTo("paused");
    assertThat(patched.has("secret")).isFalse();
    assertThat(cleared.has("description")).isFalse();
    assertThat(store.get(id).orElseThrow().enabled()).isFalse();
  }

  @Test
  void patchRefusesWhatCannotBeChanged() throws Exception {
    String path = "/subscriptions/" + create(deployed, "https://hooks.example.com/in", "[\"*\"]").path("id").asText();

    assertThat(problem(deployed.handleRequest(request("PATCH", path, "{\"url\":\"https://hooks.example.com/x\"}"), null),
        400, "invalid-subscription").path("detail").asText()).contains("url: cannot be changed");
    assertThat(problem(deployed.handleRequest(request("PATCH", path, "{\"secret\":\"whsec_x\"}"), null),
        400, "invalid-subscription").path("detail").asText()).contains("unknown field(s) [secret]");
    assertThat(problem(deployed.handleRequest(request("PATCH", path, "{\"enabled\":\"yes\"}"), null),
        400, "invalid-subscription").path("detail").asText()).contains("enabled: must be true or false");
    assertThat(problem(deployed.handleRequest(request("PATCH", path, "{}"), null),
        400, "invalid-subscription").path("detail").asText()).contains("nothing to change");
    assertThat(problem(deployed.handleRequest(request("PATCH", path, "{\"events\":[]}"), null),
        400, "invalid-subscription").path("detail").asText()).contains("at least one event type");
  }

  @Test
  void deleteAnswers204AndTheSubscriptionIsGone() throws Exception {
    String path = "/subscriptions/" + create(deployed, "https://hooks.example.com/in", "[\"*\"]").path("id").asText();

    APIGatewayV2HTTPResponse deleted = deployed.handleRequest(request("DELETE", path, null), null);

    assertThat(deleted.getStatusCode()).isEqualTo(204);
    assertThat(deleted.getBody()).isNull();
    problem(deployed.handleRequest(request("GET", path, null), null), 404, "not-found");
    problem(deployed.handleRequest(request("DELETE", path, null), null), 404, "not-found");
    problem(deployed.handleRequest(request("PATCH", path, "{\"enabled\":true}"), null), 404, "not-found");
  }

  @Test
  void rotateSecretShowsTheNewSecretOnceAndKeepsTheOldOneForADay() throws Exception {
    JsonNode created = create(deployed, "https://hooks.example.com/in", "[\"*\"]");
    String path = "/subscriptions/" + created.path("id").asText();

    APIGatewayV2HTTPResponse response = deployed.handleRequest(request("POST", path + "/rotate-secret", null), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode rotated = json(response);
    assertThat(rotated.path("secret").asText()).startsWith("whsec_").isNotEqualTo(created.path("secret").asText());
    assertThat(rotated.path("previousSecretValidUntil").asText()).isNotBlank();
    assertThat(deployed.handleRequest(request("GET", path, null), null).getBody()).doesNotContain("whsec_");
    assertThat(TestEvents.previousSecret(store.get(created.path("id").asText()).orElseThrow()))
        .isEqualTo(created.path("secret").asText());
  }

  @Test
  void testSendsASignedPingNowAndReportsTheEndpointsStatus() throws Exception {
    JsonNode created = create(local, receiver.url("/hook"), "[\"ThumbnailFailed\"]");
    String secret = created.path("secret").asText();

    APIGatewayV2HTTPResponse response = local.handleRequest(
        request("POST", "/subscriptions/" + created.path("id").asText() + "/test", null), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode result = json(response);
    assertThat(result.path("outcome").asText()).isEqualTo("DELIVERED");
    assertThat(result.path("status").asInt()).isEqualTo(204);
    WebhookReceiver.Received ping = receiver.received("/hook").get(0);
    assertThat(ping.header("webhook-id")).isEqualTo(result.path("webhookId").asText());
    assertThat(ping.header("webhook-signature")).isEqualTo(WebhookSignature.sign(secret, ping.header("webhook-id"),
        Long.parseLong(ping.header("webhook-timestamp")), ping.body()));
    JsonNode body = Json.MAPPER.readTree(ping.body());
    assertThat(body.path("type").asText()).isEqualTo("WebhookTest");
    assertThat(body.path("data").path("subscriptionId").asText()).isEqualTo(created.path("id").asText());
  }

  @Test
  void testReportsAFailingEndpointWithoutFailingTheRequest() throws Exception {
    receiver.respond("/broken", 500);
    String id = create(local, receiver.url("/broken"), "[\"*\"]").path("id").asText();

    JsonNode result = json(local.handleRequest(request("POST", "/subscriptions/" + id + "/test", null), null));

    assertThat(result.path("outcome").asText()).isEqualTo("FAILED");
    assertThat(result.path("status").asInt()).isEqualTo(500);
  }

  @Test
  void refusesBodiesThatAreNotJsonObjects() throws Exception {
    problem(deployed.handleRequest(request("POST", "/subscriptions", "{\"url\":"), null), 400, "invalid-json");
    problem(deployed.handleRequest(request("POST", "/subscriptions", "[1,2]"), null), 400, "invalid-json");
    problem(deployed.handleRequest(request("POST", "/subscriptions", null), null), 400, "invalid-json");
    APIGatewayV2HTTPEvent notBase64 = request("POST", "/subscriptions", "%%%not-base64%%%");
    notBase64.setIsBase64Encoded(true);
    problem(deployed.handleRequest(notBase64, null), 400, "invalid-json");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "ftp://hooks.example.com/in | [\"*\"] | must be an absolute http or https URL",
      "https://hooks.example.com:22/in | [\"*\"] | port 22 is not allowed",
      "https://user:pw@hooks.example.com/in | [\"*\"] | credentials",
      "https://hooks.example.com/in | [\"OrderShipped\"] | unknown event type 'OrderShipped'",
      "https://hooks.example.com/in | [] | at least one event type",
      "https://hooks.example.com/in | \"ThumbnailCreated\" | must be an array",
  })
  void refusesInvalidSubscriptions(String url, String events, String message) throws Exception {
    JsonNode problem = problem(deployed.handleRequest(request("POST", "/subscriptions",
        "{\"url\":\"" + url + "\",\"events\":" + events + "}"), null), 400, "invalid-subscription");

    assertThat(problem.path("detail").asText()).contains(message);
    assertThat(problem.path("errors")).isNotEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void listsEveryProblemOfARequestAtOnce() throws Exception {
    JsonNode problem = problem(deployed.handleRequest(request("POST", "/subscriptions",
        "{\"events\":[\"Nope\"],\"description\":7}"), null), 400, "invalid-subscription");

    assertThat(problem.path("errors")).hasSize(3);
    problem(deployed.handleRequest(request("POST", "/subscriptions",
        "{\"url\":\"https://hooks.example.com\",\"events\":[\"*\"],\"colour\":\"red\"}"), null), 400,
        "invalid-subscription");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "http://127.0.0.1:8080/hook, loopback",
      "http://[::1]/hook, loopback",
      "http://10.1.2.3/hook, private",
      "http://169.254.169.254/latest/meta-data/, metadata",
      "http://metadata.example.com/, metadata",
      "http://[::ffff:169.254.169.254]/, metadata",
  })
  void refusesTargetsThatResolveToBlockedAddresses(String url, String reason) throws Exception {
    JsonNode problem = problem(deployed.handleRequest(request("POST", "/subscriptions",
        "{\"url\":\"" + url + "\",\"events\":[\"*\"]}"), null), 400, "blocked-target");

    assertThat(problem.path("detail").asText()).contains(reason);
    assertThat(store.list()).isEmpty();
  }

  @Test
  void localDevelopmentStillRefusesTheMetadataService() throws Exception {
    problem(local.handleRequest(request("POST", "/subscriptions",
        "{\"url\":\"http://169.254.169.254/\",\"events\":[\"*\"]}"), null), 400, "blocked-target");
  }

  @Test
  void localDevelopmentAcceptsAReceiverOnAnyLoopbackPortAndPingsIt() throws Exception {
    // the default allow list only: the receiver's ephemeral port is not on it
    TargetPolicy defaults = new TargetPolicy(Set.of(80, 443, 8080, 8443), new AddressPolicy(true), dns);
    SubscriptionApiHandler localDefaults = new SubscriptionApiHandler(new SubscriptionService(store, TestEvents.CIPHER, defaults,
        new SocketWebhookSender(Duration.ofMillis(500), Duration.ofSeconds(2)), Clock.systemUTC()));
    String url = "http://127.0.0.1:" + receiver.port() + "/hook";

    String id = create(localDefaults, url, "[\"*\"]").path("id").asText();
    JsonNode ping = json(localDefaults.handleRequest(request("POST", "/subscriptions/" + id + "/test", null), null));

    assertThat(ping.path("outcome").asText()).isEqualTo("DELIVERED");
    JsonNode refused = problem(localDefaults.handleRequest(request("POST", "/subscriptions",
        "{\"url\":\"http://hooks.example.com:" + receiver.port() + "/\",\"events\":[\"*\"]}"), null), 400,
        "invalid-subscription");
    assertThat(refused.path("detail").asText()).contains("port " + receiver.port() + " is not allowed");
  }

  @Test
  void asDeployedALoopbackPortOutsideTheAllowListIsRefused() throws Exception {
    TargetPolicy defaults = new TargetPolicy(Set.of(80, 443, 8080, 8443), new AddressPolicy(false), dns);
    SubscriptionApiHandler deployedDefaults = new SubscriptionApiHandler(new SubscriptionService(store, TestEvents.CIPHER, defaults,
        new SocketWebhookSender(Duration.ofMillis(500), Duration.ofSeconds(2)), Clock.systemUTC()));

    JsonNode refused = problem(deployedDefaults.handleRequest(request("POST", "/subscriptions",
        "{\"url\":\"http://127.0.0.1:9000/hook\",\"events\":[\"*\"]}"), null), 400, "invalid-subscription");
    assertThat(refused.path("detail").asText()).contains("port 9000 is not allowed (allowed: [80, 443, 8080, 8443])");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"GET, /", "GET, /nope", "POST, /subscriptions/00000000-0000-4000-8000-000000000000/archive",
      "GET, /subscriptions/00000000-0000-4000-8000-000000000000/test/again",
      "GET, /subscriptions/00000000-0000-4000-8000-000000000000", "GET, /subscriptions/not-a-uuid",
      "POST, /subscriptions/00000000-0000-4000-8000-000000000000/test",
      "POST, /subscriptions/00000000-0000-4000-8000-000000000000/rotate-secret"})
  void answers404ForUnknownPathsAndIds(String method, String path) throws Exception {
    problem(deployed.handleRequest(request(method, path, null), null), 404, "not-found");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"PUT, /subscriptions, 'GET, POST'", "DELETE, /subscriptions, 'GET, POST'",
      "POST, /subscriptions/00000000-0000-4000-8000-000000000000, 'GET, PATCH, DELETE'",
      "PUT, /subscriptions/00000000-0000-4000-8000-000000000000, 'GET, PATCH, DELETE'",
      "GET, /subscriptions/00000000-0000-4000-8000-000000000000/test, POST",
      "DELETE, /subscriptions/00000000-0000-4000-8000-000000000000/rotate-secret, POST"})
  void answers405WithAllowForUnsupportedMethods(String method, String path, String allow) throws Exception {
    APIGatewayV2HTTPResponse response = deployed.handleRequest(request(method, path, "{}"), null);

    problem(response, 405, "method-not-allowed");
    assertThat(response.getHeaders()).containsEntry("Allow", allow);
  }

  @Test
  void answers413ForBodiesOver64KiB() throws Exception {
    String big = "{\"url\":\"https://hooks.example.com/in\",\"events\":[\"*\"],\"description\":\""
        + "x".repeat(64 * 1024) + "\"}";

    problem(deployed.handleRequest(request("POST", "/subscriptions", big), null), 413, "payload-too-large");
    problem(deployed.handleRequest(base64Request("POST", "/subscriptions", big), null), 413, "payload-too-large");
    problem(deployed.handleRequest(request("PATCH", "/subscriptions/00000000-0000-4000-8000-000000000000", big), null),
        413, "payload-too-large");
    assertThat(store.list()).isEmpty();
  }

  @Test
  void anUnavailableStoreIsA500ThatSaysNothingInternal() throws Exception {
    store.failWith(new IllegalStateException("arn:aws:dynamodb:...:table/secret-name throttled"));

    JsonNode problem = problem(deployed.handleRequest(request("GET", "/subscriptions", null), null), 500, "internal-error");

    assertThat(problem.toString()).doesNotContain("arn:aws");
  }
}
