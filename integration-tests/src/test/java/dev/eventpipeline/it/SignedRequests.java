package dev.eventpipeline.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Calls a local function URL the way a client of an AWS_IAM URL does: SigV4-signed (service lambda,
 * us-east-1) by the AWS SDK's own signer, sent with the JDK HttpClient.
 */
public final class SignedRequests {
  /** The local cloud's own credentials: the account root there. */
  public static final AwsCredentialsIdentity LOCAL_DEFAULTS = AwsBasicCredentials.create("testing", "testing");
  private static final Set<String> SET_BY_THE_CLIENT = Set.of("host", "content-length");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private SignedRequests() {}

  public static HttpResponse<String> send(String method, URI uri, String jsonBody) throws IOException, InterruptedException {
    return send(method, uri, jsonBody, LOCAL_DEFAULTS);
  }

  public static HttpResponse<String> send(String method, URI uri, String jsonBody, AwsCredentialsIdentity credentials)
      throws IOException, InterruptedException {
    byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest.Builder unsigned = SdkHttpFullRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method));
    if (jsonBody != null) {
      unsigned.putHeader("Content-Type", "application/json");
    }
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(unsigned.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    signed.headers().forEach((name, values) -> {
      if (!SET_BY_THE_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(v -> request.header(name, v));
      }
    });
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
