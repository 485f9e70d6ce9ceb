package dev.eventpipeline.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Requests signed by the AWS SDK's own SigV4 signer, checked by ours. */
class SigV4VerifierTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:15:30Z");
  private static final String KEY_ID = "AKIAEXAMPLEUSER00001";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final CallerIdentity ALICE = new CallerIdentity(KEY_ID, "123456789012", "AIDAALICE",
      "arn:aws:iam::123456789012:user/alice", "AIDAALICE");
  private static final String TEMP_ID = "ASIAEXAMPLETEMP00001";
  private static final String TEMP_SECRET = "tempSecret/with+chars";
  private static final String TOKEN = "FQoGZXIvYXdzEBYaDexampleToken+/=";
  private static final CallerIdentity ROLE = new CallerIdentity(TEMP_ID, "123456789012", "AROAROLE:sess",
      "arn:aws:sts::123456789012:assumed-role/r1/sess", "AROAROLE:sess");

  private final Map<String, AccessKey> keys = Map.of(
      KEY_ID, new AccessKey(KEY_ID, SECRET, null, ALICE),
      TEMP_ID, new AccessKey(TEMP_ID, TEMP_SECRET, TOKEN, ROLE));

  private SigV4Verifier verifierAt(Instant now) {
    return new SigV4Verifier("us-east-1", "lambda", id -> Optional.ofNullable(keys.get(id)),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  /** What a client puts on the wire: the URI's raw path and query, the signed headers, the body. */
  private static SigV4Verifier.Request signed(String method, String uri, Map<String, List<String>> headers, byte[] body,
      AwsCredentialsIdentity credentials, Instant at, String region, String service,
      Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
    URI u = URI.create(uri);
    SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().uri(u).method(SdkHttpMethod.fromValue(method));
    headers.forEach((name, values) -> values.forEach(v -> unsigned.appendHeader(name, v)));
    SdkHttpRequest request = AwsV4HttpSigner.create().sign(r -> {
      r.identity(credentials).request(unsigned.build()).payload(ContentStreamProvider.fromByteArrayUnsafe(body))
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
          .putProperty(AwsV4HttpSigner.REGION_NAME, region)
          .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
      extra.accept(r);
    }).request();
    Map<String, List<String>> wire = new LinkedHashMap<>(request.headers());
    if (wire.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Host"))) {
      wire.put("Host", List.of(u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort()));
    }
    return new SigV4Verifier.Request(method, u.getRawPath(), u.getRawQuery(), wire, body);
  }

  private static SigV4Verifier.Request signed(String method, String uri, Map<String, List<String>> headers, byte[] body) {
    return signed(method, uri, headers, body, AwsBasicCredentials.create(KEY_ID, SECRET), NOW, "us-east-1", "lambda",
        r -> { });
  }

  private static SigV4Verifier.Request with(SigV4Verifier.Request r, String header, String value) {
    Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
    h.put(header, List.of(value));
    return new SigV4Verifier.Request(r.method(), r.rawPath(), r.rawQuery(), h, r.body());
  }

  private static SigV4Verifier.Request without(SigV4Verifier.Request r, String header) {
    Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
    h.keySet().removeIf(n -> n.equalsIgnoreCase(header));
    return new SigV4Verifier.Request(r.method(), r.rawPath(), r.rawQuery(), h, r.body());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final Map<String, List<String>> JSON = Map.of("Content-Type", List.of("application/json"),
      "Accept", List.of("application/json, application/problem+json"));

  @Test
  void acceptsAnSdkSignedPostAndNamesTheCaller() {
    SigV4Verifier.Request r = signed("POST", "http://127.0.0.1:4567/subscriptions", JSON,
        utf8("{\"url\":\"http://127.0.0.1:9000/hook\",\"events\":[\"ThumbnailCreated\"]}"));

    SigV4Verifier.Outcome outcome = verifierAt(NOW).verify(r);

    assertThat(outcome).isEqualTo(new SigV4Verifier.Accepted(ALICE));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://127.0.0.1:4567/",
      "http://127.0.0.1:4567",
      "http://127.0.0.1:4567/subscriptions/3f0c6f7e-2a8b/test",
      "http://127.0.0.1:4567/subscriptions?type=B&type=A&limit=10",
      "http://127.0.0.1:4567/a%20b/c%2Fd/%C3%A9t%C3%A9?q=x%20y&empty=&flag",
      "http://127.0.0.1:4567/path/with~tilde_and-dash.dot?reserved=%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D",
      "http://127.0.0.1:4567/plus?a=b+c&z=%2B",
      "http://127.0.0.1:4567/a/./b/../c/",
      "http://127.0.0.1:4567/%E2%82%AC/%F0%9F%98%80?%E2%82%AC=%F0%9F%98%80",
      "http://127.0.0.1:4567/same?k=2&k=1&K=0&k=10",
      "https://abcdefghij.lambda-url.us-east-1.on.aws/subscriptions?x=1",
  })
  void acceptsSdkSignedRequestsWithQueryStringsAndEncodedPaths(String uri) {
    SigV4Verifier.Request r = signed("GET", uri, Map.of("Accept", List.of("application/json")), new byte[0]);

    assertThat(verifierAt(NOW).verify(r)).isInstanceOf(SigV4Verifier.Accepted.class);
  }

  @Test
  void acceptsSignedHeadersWithSeveralValuesAndRunsOfSpaces() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Amz-Meta-Tags", List.of("  one   two ", "three"));
    headers.put("X-Custom", List.of("a,b"));
    headers.put("Content-Type", List.of("application/json;  charset=utf-8"));
    SigV4Verifier.Request r = signed("PUT", "http://127.0.0.1:4567/subscriptions/abc", headers, utf8("{\"enabled\":false}"));

    assertThat(r.headers().keySet()).anyMatch(h -> h.equalsIgnoreCase("X-Amz-Meta-Tags"));
    assertThat(verifierAt(NOW).verify(r)).isInstanceOf(SigV4Verifier.Accepted.class);
    assertThat(verifierAt(NOW).verify(with(r, "X-Custom", "a,c"))).as("a signed header changed")
        .isInstanceOf(SigV4Verifier.Rejected.class);
  }

  @Test
  void acceptsABinaryBodyAndRejectsItOneBitChanged() {
    byte[] body = new byte[4096];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 31 + 7);
    }
    SigV4Verifier.Request r = signed("POST", "http://127.0.0.1:4567/upload", Map.of(
        "Content-Type", List.of("application/octet-stream")), body);
    assertThat(verifierAt(NOW).verify(r)).isInstanceOf(SigV4Verifier.Accepted.class);

    byte[] changed = body.clone();
    changed[2048] ^= 1;
    SigV4Verifier.Outcome outcome = verifierAt(NOW).verify(
        new SigV4Verifier.Request(r.method(), r.rawPath(), r.rawQuery(), r.headers(), changed));
    assertThat(outcome).isInstanceOf(SigV4Verifier.Rejected.class);
    // over plain HTTP the SDK also declares the body's hash in x-amz-content-sha256, which catches it first
    assertThat(((SigV4Verifier.Rejected) outcome).reason()).containsAnyOf("signature does not match",
        "is not the SHA-256 of the body");
    SigV4Verifier.Outcome undeclared = verifierAt(NOW).verify(
        new SigV4Verifier.Request(r.method(), r.rawPath(), r.rawQuery(), without(r, "x-amz-content-sha256").headers(),
            changed));
    assertThat(undeclared).isInstanceOf(SigV4Verifier.Rejected.class);
  }

  @Test
  void rejectsAnUnsignedRequest() {
    SigV4Verifier.Outcome outcome = verifierAt(NOW).verify(new SigV4Verifier.Request("GET", "/subscriptions", null,
        Map.of("Host", List.of("127.0.0.1:4567")), new byte[0]));

    assertThat(outcome).isEqualTo(new SigV4Verifier.Rejected("no Authorization header (unsigned request)"));
  }

  @Test
  void rejectsASignatureMadeWithAnotherSecret() {
    SigV4Verifier.Request r = signed("GET", "http://127.0.0.1:4567/subscriptions", Map.of(), new byte[0],
        AwsBasicCredentials.create(KEY_ID, SECRET + "x"), NOW, "us-east-1", "lambda", b -> { });

    assertThat(verifierAt(NOW).verify(r)).isInstanceOf(SigV4Verifier.Rejected.class);
  }

  @Test
  void rejectsAKeyItDoesNotKnow() {
    SigV4Verifier.Request r = signed("GET", "http://127.0.0.1:4567/subscriptions", Map.of(), new byte[0],
        AwsBasicCredentials.create("AKIANOBODYKNOWS00001", SECRET), NOW, "us-east-1", "lambda", b -> { });

    SigV4Verifier.Outcome outcome = verifierAt(NOW).verify(r);
    assertThat(((SigV4Verifier.Rejected) outcome).reason()).contains("AKIANOBODYKNOWS00001").contains("not known");
  }

  @Test
  void rejectsAChangedPathQueryMethodOrHost() {
    SigV4Verifier.Request r = signed("DELETE", "http://127.0.0.1:4567/subscriptions/mine?x=1", Map.of(), new byte[0]);
    SigV4Verifier v = verifierAt(NOW);
    assertThat(v.verify(r)).isInstanceOf(SigV4Verifier.Accepted.class);

    assertThat(v.verify(new SigV4Verifier.Request("DELETE", "/subscriptions/yours", "x=1", r.headers(), r.body())))
        .isInstanceOf(SigV4Verifier.Rejected.class);
    assertThat(v.verify(new SigV4Verifier.Request("DELETE", "/subscriptions/mine", "x=2", r.headers(), r.body())))
        .isInstanceOf(SigV4Verifier.Rejected.class);
    assertThat(v.verify(new SigV4Verifier.Request("GET", "/subscriptions/mine", "x=1", r.headers(), r.body())))
        .isInstanceOf(SigV4Verifier.Rejected.class);
    assertThat(v.verify(with(r, "Host", "127.0.0.1:4568"))).isInstanceOf(SigV4Verifier.Rejected.class);
  }

  @Test
  void acceptsXAmzDateUpTo15MinutesOffAndRejectsItBeyond() {
    SigV4Verifier.Request r = signed("GET", "http://127.0.0.1:4567/subscriptions", Map.of(), new byte[0]);

    assertThat(verifierAt(NOW.plus(Duration.ofMinutes(14))).verify(r)).isInstanceOf(SigV4Verifier.Accepted.class);
    assertThat(verifierAt(NOW.minus(Duration.ofMinutes(14))).verify(r)).isInstanceOf(SigV4Verifier.Accepted.class);
    SigV4Verifier.Outcome expired = verifierAt(NOW.plus(Duration.ofMinutes(16))).verify(r);
    assertThat(((SigV4Verifier.Rejected) expired).reason()).startsWith("signature expired");
    SigV4Verifier.Outcome early = verifierAt(NOW.minus(Duration.ofMinutes(16))).verify(r);
    assertThat(((SigV4Verifier.Rejected) early).reason()).startsWith("signature not yet current");
  }

  @Test
  void rejectsAnotherRegionOrService() {
    SigV4Verifier.Request otherRegion = signed("GET", "http://127.0.0.1:4567/", Map.of(), new byte[0],
        AwsBasicCredentials.create(KEY_ID, SECRET), NOW, "eu-west-1", "lambda", b -> { });
    SigV4Verifier.Request otherService = signed("GET", "http://127.0.0.1:4567/", Map.of(), new byte[0],
        AwsBasicCredentials.create(KEY_ID, SECRET), NOW, "us-east-1", "execute-api", b -> { });

    assertThat(((SigV4Verifier.Rejected) verifierAt(NOW).verify(otherRegion)).reason()).contains("region eu-west-1");
    assertThat(((SigV4Verifier.Rejected) verifierAt(NOW).verify(otherService)).reason()).contains("service execute-api");
  }

  @Test
  void checksADeclaredPayloadHashAgainstTheBody() {
    byte[] body = utf8("{\"events\":[\"*\"]}");
    Map<String, List<String>> declared = new LinkedHashMap<>(JSON);
    declared.put("x-amz-content-sha256", List.of(SigV4Verifier.sha256Hex(body)));
    SigV4Verifier.Request r = signed("POST", "http://127.0.0.1:4567/subscriptions", declared, body);
    assertThat(r.headers().get("Authorization").get(0)).contains("x-amz-content-sha256");
    assertThat(verifierAt(NOW).verify(r)).isInstanceOf(SigV4Verifier.Accepted.class);

    SigV4Verifier.Outcome outcome = verifierAt(NOW).verify(new SigV4Verifier.Request(r.method(), r.rawPath(),
        r.rawQuery(), r.headers(), utf8("{\"events\":[\"ThumbnailCreated\"]}")));
    assertThat(((SigV4Verifier.Rejected) outcome).reason()).contains("is not the SHA-256 of the body");
  }

  @Test
  void acceptsAnUnsignedPayloadDeclaredAsSuch() {
    byte[] body = utf8("{\"events\":[\"*\"]}");
    SigV4Verifier.Request r = signed("POST", "https://abcdefghij.lambda-url.us-east-1.on.aws/subscriptions", JSON, body,
        AwsBasicCredentials.create(KEY_ID, SECRET), NOW, "us-east-1", "lambda",
        b -> b.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
    assertThat(r.headers().get("x-amz-content-sha256")).containsExactly("UNSIGNED-PAYLOAD");

    assertThat(verifierAt(NOW).verify(r)).isInstanceOf(SigV4Verifier.Accepted.class);
    assertThat(verifierAt(NOW).verify(new SigV4Verifier.Request(r.method(), r.rawPath(), r.rawQuery(), r.headers(),
        utf8("another body")))).as("the body is not covered by an unsigned payload").isInstanceOf(SigV4Verifier.Accepted.class);
    assertThat(verifierAt(NOW).verify(without(r, "x-amz-content-sha256"))).as("the header is signed")
        .isInstanceOf(SigV4Verifier.Rejected.class);
  }

  @Test
  void temporaryCredentialsMustSendTheirSessionToken() {
    SigV4Verifier.Request r = signed("GET", "http://127.0.0.1:4567/subscriptions", Map.of(), new byte[0],
        AwsSessionCredentials.create(TEMP_ID, TEMP_SECRET, TOKEN), NOW, "us-east-1", "lambda", b -> { });
    assertThat(r.headers().keySet()).anyMatch(h -> h.equalsIgnoreCase("X-Amz-Security-Token"));

    assertThat(verifierAt(NOW).verify(r)).isEqualTo(new SigV4Verifier.Accepted(ROLE));
    assertThat(verifierAt(NOW).verify(with(without(r, "X-Amz-Security-Token"), "X-Amz-Security-Token", TOKEN + "x")))
        .isInstanceOf(SigV4Verifier.Rejected.class);
    SigV4Verifier.Request unsignedToken = signed("GET", "http://127.0.0.1:4567/subscriptions", Map.of(), new byte[0],
        AwsBasicCredentials.create(TEMP_ID, TEMP_SECRET), NOW, "us-east-1", "lambda", b -> { });
    assertThat(((SigV4Verifier.Rejected) verifierAt(NOW).verify(unsignedToken)).reason())
        .contains("no X-Amz-Security-Token");
  }

  @Test
  void aLongTermKeyMustNotSendASessionToken() {
    SigV4Verifier.Request r = signed("GET", "http://127.0.0.1:4567/subscriptions", Map.of(), new byte[0],
        AwsSessionCredentials.create(KEY_ID, SECRET, TOKEN), NOW, "us-east-1", "lambda", b -> { });

    assertThat(verifierAt(NOW).verify(r)).isInstanceOf(SigV4Verifier.Rejected.class);
  }

  @Test
  void rejectsMalformedAuthorizationHeaders() {
    SigV4Verifier.Request r = signed("GET", "http://127.0.0.1:4567/", Map.of(), new byte[0]);
    String auth = r.headers().get("Authorization").get(0);
    SigV4Verifier v = verifierAt(NOW);

    for (String bad : List.of("Bearer abc", auth.replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256"),
        auth.replace("Signature=", "Signature=0"), auth.replace("/aws4_request", "/aws4"),
        auth.replaceAll("SignedHeaders=[^,]+", "SignedHeaders=x-amz-date"),
        auth.replaceAll("SignedHeaders=([^,]+)", "SignedHeaders=$1;x-not-sent"))) {
      assertThat(v.verify(with(r, "Authorization", bad))).as(bad).isInstanceOf(SigV4Verifier.Rejected.class);
    }
    List<String> twice = new ArrayList<>(List.of(auth, auth));
    Map<String, List<String>> h = new LinkedHashMap<>(r.headers());
    h.put("Authorization", twice);
    assertThat(v.verify(new SigV4Verifier.Request("GET", "/", null, h, new byte[0])))
        .isInstanceOf(SigV4Verifier.Rejected.class);
    assertThat(v.verify(with(r, "X-Amz-Date", "20261207T101530"))).isInstanceOf(SigV4Verifier.Rejected.class);
  }

  @Test
  void canonicalRequestMatchesAwsDocumentedExample() {
    // The GET example of AWS's SigV4 test suite ("get-vanilla-query-order-key-case"): same canonical form.
    SigV4Verifier.Request r = new SigV4Verifier.Request("GET", "/", "Param2=value2&Param1=value1",
        Map.of("Host", List.of("example.amazonaws.com"), "X-Amz-Date", List.of("20150830T123600Z")), new byte[0]);

    assertThat(SigV4Verifier.canonicalRequest(r, List.of("host", "x-amz-date"), SigV4Verifier.sha256Hex(new byte[0])))
        .isEqualTo("GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void encodesThePathTwiceAndKeepsATrailingSlash() {
    assertThat(SigV4Verifier.canonicalUri("/a%20b/c%2Fd/")).isEqualTo("/a%2520b/c%252Fd/");
    assertThat(SigV4Verifier.canonicalUri("/a/./b/../c")).isEqualTo("/a/c");
    assertThat(SigV4Verifier.canonicalUri("")).isEqualTo("/");
    assertThat(SigV4Verifier.canonicalQuery("b=2&a=%7e&a=1&c")).isEqualTo("a=1&a=~&b=2&c=");
  }
}
