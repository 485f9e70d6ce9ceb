package dev.eventpipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.iam.AccessKey;
import dev.eventpipeline.local.iam.CallerIdentity;
import dev.eventpipeline.local.iam.SigV4Verifier;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `pipeline subscribe` against a stand-in of the subscription API. */
class SubscribeCommandTest {
  private static final String CREATED = "{\"id\":\"3f0c6f7e-2a8b-4f51-9d0e-5c1a7b3e9f20\",\"url\":\"https://hooks.example.com/in\","
      + "\"events\":[\"ThumbnailCreated\",\"ThumbnailFailed\"],\"enabled\":true,"
      + "\"secret\":\"whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}";

  private final SubscriptionsCommandTest.ApiFake api = new SubscriptionsCommandTest.ApiFake();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void stop() {
    api.close();
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new SubscribeCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void createsTheSubscriptionAndPrintsItsIdAndSecret() throws Exception {
    api.answer("POST /subscriptions", 201, CREATED);

    int exit = run("--api-url", api.url(), "--url", "https://hooks.example.com/in",
        "--events", "ThumbnailCreated,ThumbnailFailed", "--description", "image team");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("id:     3f0c6f7e-2a8b-4f51-9d0e-5c1a7b3e9f20")
        .contains("secret: whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    SubscriptionsCommandTest.ApiFake.Request request = api.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("authorization")).as("the local cloud enforces AWS_IAM too").startsWith("AWS4-HMAC-SHA256 ");
    JsonNode body = Json.MAPPER.readTree(request.body());
    assertThat(body.path("url").asText()).isEqualTo("https://hooks.example.com/in");
    assertThat(body.path("events").toString()).isEqualTo("[\"ThumbnailCreated\",\"ThumbnailFailed\"]");
    assertThat(body.path("description").asText()).isEqualTo("image team");
  }

  @Test
  void findsTheLocalCloudsApiInPipelineOutputsJson(@TempDir Path home) throws Exception {
    api.answer("POST /api/subscriptions", 201, CREATED);
    Files.createDirectories(home.resolve(".pipeline"));
    Files.writeString(home.resolve(".pipeline/outputs.json"),
        "{\"EventsTopicArn\":\"arn:aws:sns:us-east-1:000000000000:pipeline-events\",\"SubscriptionsApiUrl\":\""
            + api.url() + "api\"}");

    int exit = run("--pipeline-home", home.toString(), "--url", "https://hooks.example.com/in", "--events", "*");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(api.requests()).singleElement().extracting(SubscriptionsCommandTest.ApiFake.Request::path)
        .isEqualTo("/api/subscriptions");
  }

  @Test
  void readsCdkStyleOutputsFilesToo(@TempDir Path home) throws Exception {
    Files.createDirectories(home.resolve(".pipeline"));
    Files.writeString(home.resolve(".pipeline/outputs.json"),
        "{\"EventPipeline\":{\"SubscriptionsApiUrl\":\"http://127.0.0.1:1/\"}}");

    assertThat(SubscriptionsCommand.ApiOptions.readOutput(home.resolve(".pipeline/outputs.json"), "SubscriptionsApiUrl"))
        .isEqualTo("http://127.0.0.1:1/");
  }

  @Test
  void explainsWhatToDoWhenNoApiCanBeFound(@TempDir Path home) {
    int exit = run("--pipeline-home", home.toString(), "--url", "https://hooks.example.com/in", "--events", "*");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("no local cloud is running").contains("--api-url");
  }

  @Test
  void printsTheApisProblemDetailsAndFails() {
    api.answer("POST /subscriptions", 400, "{\"type\":\"https://eventpipeline.dev/problems/blocked-target\","
        + "\"title\":\"Webhook target not allowed\",\"status\":400,\"detail\":\"url: 127.0.0.1 is a loopback address\","
        + "\"errors\":[\"url: 127.0.0.1 is a loopback address\"]}");

    int exit = run("--api-url", api.url(), "--url", "http://127.0.0.1/hook", "--events", "*");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("Webhook target not allowed (HTTP 400): url: 127.0.0.1 is a loopback address");
  }

  @Test
  void listsEveryProblemTheApiFound() {
    api.answer("POST /subscriptions", 400, "{\"type\":\"https://eventpipeline.dev/problems/invalid-subscription\","
        + "\"title\":\"Invalid subscription\",\"status\":400,\"detail\":\"a; b\","
        + "\"errors\":[\"events: unknown event type 'Nope'\",\"url: port 22 is not allowed\"]}");

    int exit = run("--api-url", api.url(), "--url", "http://hooks.example.com:22/", "--events", "Nope");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("Invalid subscription (HTTP 400):")
        .contains("  - events: unknown event type 'Nope'").contains("  - url: port 22 is not allowed");
  }

  @Test
  void urlAndEventsAreRequired() {
    assertThat(run("--api-url", api.url(), "--events", "*")).isEqualTo(2);
    assertThat(run("--api-url", api.url(), "--url", "https://hooks.example.com/in")).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void signsRequestsWithSigV4ForTheFunctionUrlsIamAuth() throws Exception {
    api.answer("POST /subscriptions", 201, CREATED);
    String previousKey = System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    String previousSecret = System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    try {
      int exit = run("--api-url", api.url(), "--sigv4", "--region", "eu-west-1", "--url", "https://hooks.example.com/in",
          "--events", "*");

      assertThat(exit).as(err.toString()).isZero();
      SubscriptionsCommandTest.ApiFake.Request request = api.requests().get(0);
      assertThat(request.header("authorization"))
          .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
          .contains("/eu-west-1/lambda/aws4_request")
          .contains("SignedHeaders=")
          .contains("host");
      assertThat(request.header("x-amz-date")).matches("\\d{8}T\\d{6}Z");
    } finally {
      restore("aws.accessKeyId", previousKey);
      restore("aws.secretAccessKey", previousSecret);
    }
  }

  @Test
  void signsTheLocalCloudsRequestsSoThatItsVerifierAcceptsThemAsTheConfiguredUser() throws Exception {
    api.answer("POST /subscriptions", 201, CREATED);
    String previousKey = System.setProperty("aws.accessKeyId", "AKIAEXAMPLEUSER00001");
    String previousSecret = System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    try {
      int exit = run("--api-url", api.url(), "--url", "http://127.0.0.1:9000/hook", "--events", "ThumbnailCreated");

      assertThat(exit).as(err.toString()).isZero();
    } finally {
      restore("aws.accessKeyId", previousKey);
      restore("aws.secretAccessKey", previousSecret);
    }
    SubscriptionsCommandTest.ApiFake.Request request = api.requests().get(0);
    CallerIdentity alice = new CallerIdentity("AKIAEXAMPLEUSER00001", "123456789012", "AIDAALICE",
        "arn:aws:iam::123456789012:user/alice", "AIDAALICE");
    SigV4Verifier verifier = new SigV4Verifier("us-east-1", "lambda", id -> Optional.of(new AccessKey(id,
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null, alice)), Clock.systemUTC());
    Map<String, List<String>> headers = new java.util.TreeMap<>();
    request.headers().forEach((name, value) -> headers.put(name, List.of(value)));

    SigV4Verifier.Outcome outcome = verifier.verify(new SigV4Verifier.Request(request.method(), request.path(), null,
        headers, request.body().getBytes(StandardCharsets.UTF_8)));

    assertThat(outcome).isEqualTo(new SigV4Verifier.Accepted(alice));
  }

  @Test
  void withoutConfiguredCredentialsTheLocalCloudIsCalledWithItsOwn() {
    boolean configured;
    try {
      software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build().resolveCredentials();
      configured = true;
    } catch (RuntimeException none) {
      configured = false;
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(configured, "AWS credentials are configured on this machine");
    api.answer("POST /subscriptions", 201, CREATED);

    int exit = run("--api-url", api.url(), "--url", "http://127.0.0.1:9000/hook", "--events", "*");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(api.requests().get(0).header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=testing/")
        .contains("/lambda/aws4_request");
  }

  @Test
  void unsignedSendsNoSignature() {
    api.answer("POST /subscriptions", 201, CREATED);

    int exit = run("--api-url", api.url(), "--unsigned", "--url", "http://127.0.0.1:9000/hook", "--events", "*");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(api.requests().get(0).header("authorization")).isNull();
  }

  @Test
  void takesTheSigningRegionFromTheFunctionUrl() {
    SubscriptionsCommand.ApiOptions options = new SubscriptionsCommand.ApiOptions();
    options.apiUrl = java.net.URI.create("https://abcdefghij.lambda-url.ap-southeast-2.on.aws/");
    options.unsigned = true;

    assertThat(options.client().signed()).isFalse();
    assertThat(options.client().base().toString()).isEqualTo("https://abcdefghij.lambda-url.ap-southeast-2.on.aws/");
  }

  private static void restore(String name, String value) {
    if (value == null) {
      System.clearProperty(name);
    } else {
      System.setProperty(name, value);
    }
  }
}
