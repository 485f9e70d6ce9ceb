package dev.eventpipeline.notify.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.notify.domain.AddressPolicy;
import dev.eventpipeline.notify.domain.Subscription;
import dev.eventpipeline.notify.domain.SubscriptionService;
import dev.eventpipeline.notify.domain.TargetPolicy;
import dev.eventpipeline.notify.domain.WebhookSecret;
import dev.eventpipeline.notify.domain.SendResult;
import dev.eventpipeline.notify.testing.InMemorySubscriptionStore;
import dev.eventpipeline.notify.testing.TestEvents;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who sees which subscription, on AWS's IAM-authorized function URL fixture (payload 2.0) with the
 * caller's userArn varied as IAM would send it: owners, assumed-role sessions, admins, anonymous.
 */
class SubscriptionOwnershipTest {
  private static final String ALICE = TestEvents.OWNER; // the fixture's own caller
  private static final String BOB = "arn:aws:iam::111122223333:user/bob";
  private static final String CI_RUN_1 = "arn:aws:sts::111122223333:assumed-role/ci-deployer/run-1";
  private static final String CI_RUN_2 = "arn:aws:sts::111122223333:assumed-role/ci-deployer/run-2";
  private static final String OPS_SESSION = "arn:aws:sts::111122223333:assumed-role/ops/jane@example.com";
  private static final String NOT_FOUND = "https://eventpipeline.dev/problems/not-found";

  private final InMemorySubscriptionStore store = new InMemorySubscriptionStore();
  private final SubscriptionApiHandler api = new SubscriptionApiHandler(new SubscriptionService(store, TestEvents.CIPHER,
      new TargetPolicy(Set.of(443), new AddressPolicy(false),
          host -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14}))),
      (target, headers, body) -> SendResult.status(204, 3), Clock.systemUTC()),
      NotifyWiring.admins(Env.of(Map.of("SUBSCRIPTION_ADMINS", "arn:aws:iam::111122223333:role/teams/ops"))));

  /** The fixture as {@code userArn} sends this request; null removes the IAM context altogether. */
  private static APIGatewayV2HTTPEvent request(String userArn, String method, String path, String body) {
    APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/function_url_iam_auth.json");
    event.setRawPath(path);
    event.getRequestContext().getHttp().setMethod(method);
    event.getRequestContext().getHttp().setPath(path);
    event.setBody(body);
    if (userArn == null) {
      event.getRequestContext().setAuthorizer(null);
    } else {
      event.getRequestContext().getAuthorizer().getIam().setUserArn(userArn);
    }
    return event;
  }

  private APIGatewayV2HTTPResponse call(String userArn, String method, String path, String body) {
    return api.handleRequest(request(userArn, method, path, body), null);
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
    return Json.MAPPER.readTree(response.getBody());
  }

  private String create(String userArn, String url) throws Exception {
    APIGatewayV2HTTPResponse response = call(userArn, "POST", "/subscriptions",
        "{\"url\":\"" + url + "\",\"events\":[\"*\"]}");
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
    return json(response).path("id").asText();
  }

  private List<String> listedIds(String userArn) throws Exception {
    APIGatewayV2HTTPResponse response = call(userArn, "GET", "/subscriptions", null);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    return json(response).path("subscriptions").findValuesAsText("id");
  }

  @Test
  void createRecordsTheCallersArnAsOwner() throws Exception {
    String id = create(ALICE, "https://hooks.example.com/in");

    assertThat(store.get(id).orElseThrow().owner()).isEqualTo(ALICE);
    assertThat(json(call(ALICE, "GET", "/subscriptions/" + id, null)).path("owner").asText()).isEqualTo(ALICE);
  }

  @Test
  void everyoneListsOnlyTheirOwnWithoutReadingTheWholeTable() throws Exception {
    String alices = create(ALICE, "https://hooks.example.com/a");
    String bobs = create(BOB, "https://hooks.example.com/b");
    int scansBefore = store.scans.get();

    assertThat(listedIds(ALICE)).containsExactly(alices);
    assertThat(listedIds(BOB)).containsExactly(bobs);
    assertThat(store.scans.get()).as("listings by owner use the owner index").isEqualTo(scansBefore);
    assertThat(store.ownerQueries.get()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"GET, ''", "PATCH, '{\"enabled\":false}'", "DELETE, ''", "POST, /rotate-secret", "POST, /test"})
  void someoneElsesSubscriptionIsNotFoundExactlyLikeOneThatDoesNotExist(String method, String arg) throws Exception {
    String alices = create(ALICE, "https://hooks.example.com/in");
    Subscription before = store.get(alices).orElseThrow();
    boolean bodyArg = arg.startsWith("{");
    String suffix = bodyArg ? "" : arg;
    String body = bodyArg ? arg : null;

    APIGatewayV2HTTPResponse othersAnswer = call(BOB, method, "/subscriptions/" + alices + suffix, body);
    String missing = "00000000-0000-4000-8000-000000000000";
    APIGatewayV2HTTPResponse missingAnswer = call(BOB, method, "/subscriptions/" + missing + suffix, body);

    assertThat(othersAnswer.getStatusCode()).isEqualTo(404);
    assertThat(json(othersAnswer).path("type").asText()).isEqualTo(NOT_FOUND);
    assertThat(json(othersAnswer).path("detail").asText().replace(alices, "ID"))
        .isEqualTo(json(missingAnswer).path("detail").asText().replace(missing, "ID"));
    assertThat(store.get(alices)).as("untouched").contains(before);
  }

  @Test
  void sessionsOfOneRoleShareItsSubscriptionsAndOtherRolesDoNot() throws Exception {
    String id = create(CI_RUN_1, "https://hooks.example.com/ci");

    assertThat(store.get(id).orElseThrow().owner()).isEqualTo("arn:aws:sts::111122223333:assumed-role/ci-deployer");
    assertThat(listedIds(CI_RUN_2)).containsExactly(id);
    assertThat(call(CI_RUN_2, "DELETE", "/subscriptions/" + id, null).getStatusCode()).isEqualTo(204);
    String other = create(CI_RUN_1, "https://hooks.example.com/ci2");
    assertThat(call("arn:aws:sts::111122223333:assumed-role/ci-reader/run-1", "GET", "/subscriptions/" + other, null)
        .getStatusCode()).isEqualTo(404);
  }

  @Test
  void anAdminSeesAndManagesEverySubscriptionIncludingThoseWithoutAnOwner() throws Exception {
    String alices = create(ALICE, "https://hooks.example.com/a");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Subscription legacy = new Subscription("11111111-2222-4333-8444-555555555555", "https://hooks.example.com/old",
        List.of("*"), TestEvents.sealed("11111111-2222-4333-8444-555555555555"), null, null, true, null, t, t, null,
        null);
    store.create(legacy);

    assertThat(listedIds(OPS_SESSION)).containsExactlyInAnyOrder(alices, legacy.id());
    assertThat(listedIds(ALICE)).as("an item without an owner is nobody's but the admins'").containsExactly(alices);
    assertThat(call(ALICE, "GET", "/subscriptions/" + legacy.id(), null).getStatusCode()).isEqualTo(404);
    assertThat(call(OPS_SESSION, "PATCH", "/subscriptions/" + alices, "{\"enabled\":false}").getStatusCode())
        .isEqualTo(200);
    assertThat(store.get(alices).orElseThrow().owner()).as("an admin's change keeps the owner").isEqualTo(ALICE);
    assertThat(call(OPS_SESSION, "DELETE", "/subscriptions/" + legacy.id(), null).getStatusCode()).isEqualTo(204);
  }

  @Test
  void aRequestWithoutAnIamIdentityIsRefusedWith401AndChangesNothing() throws Exception {
    APIGatewayV2HTTPResponse response = call(null, "POST", "/subscriptions",
        "{\"url\":\"https://hooks.example.com/in\",\"events\":[\"*\"]}");
    APIGatewayV2HTTPResponse notAnArn = call("AIDAEXAMPLE", "GET", "/subscriptions", null);

    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getHeaders()).containsEntry("WWW-Authenticate", "AWS4-HMAC-SHA256")
        .containsEntry("Content-Type", "application/problem+json");
    assertThat(json(response).path("type").asText()).isEqualTo("https://eventpipeline.dev/problems/unauthenticated");
    assertThat(json(response).path("detail").asText()).contains("no IAM caller identity").contains("SigV4");
    assertThat(notAnArn.getStatusCode()).isEqualTo(401);
    assertThat(store.list()).isEmpty();
  }

  @Test
  void listingsAndReadsShowOnlyTheUrlsOriginAndCreateShowsItOnce() throws Exception {
    APIGatewayV2HTTPResponse created = call(ALICE, "POST", "/subscriptions",
        "{\"url\":\"https://hooks.example.com/services/T01/B02/token-x?sig=abc\",\"events\":[\"*\"]}");
    String id = json(created).path("id").asText();

    assertThat(json(created).path("url").asText()).isEqualTo("https://hooks.example.com/services/T01/B02/token-x?sig=abc");
    for (APIGatewayV2HTTPResponse later : List.of(call(ALICE, "GET", "/subscriptions", null),
        call(ALICE, "GET", "/subscriptions/" + id, null), call(ALICE, "PATCH", "/subscriptions/" + id,
            "{\"description\":\"x\"}"), call(ALICE, "POST", "/subscriptions/" + id + "/rotate-secret", null))) {
      assertThat(later.getBody()).contains("\"url\":\"https://hooks.example.com/…\"").doesNotContain("token-x")
          .doesNotContain("sig=abc");
    }
  }

  @Test
  void aBadAdminListFailsTheColdStartNamingTheVariable() {
    Assertions.assertThatThrownBy(() -> NotifyWiring.admins(Env.of(Map.of("SUBSCRIPTION_ADMINS",
        "arn:aws:iam::111122223333:role/ops, ops-team"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("SUBSCRIPTION_ADMINS").hasMessageContaining("ops-team");
  }
}
