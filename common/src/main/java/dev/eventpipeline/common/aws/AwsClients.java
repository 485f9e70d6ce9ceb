package dev.eventpipeline.common.aws;

import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.lifecycle.InitWarmup;
import dev.eventpipeline.common.tracing.Tracing;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds SDK v2 clients once, the same way for every function: one explicit HTTP client
 * (url-connection), the region from AWS_REGION, and the standard endpoint variables
 * AWS_ENDPOINT_URL_&lt;SERVICE&gt; and AWS_ENDPOINT_URL, so one artifact runs against AWS, moto or
 * LocalStack unchanged. S3 switches to path-style addressing when its endpoint is overridden.
 *
 * <p>Cold start: the region, the credentials provider and the HTTP client are explicit (no default
 * chains probed, no profile files read), and the clients share one X-Ray interceptor (each one
 * parses a JSON manifest when it is built). Credentials: Lambda's container endpoint when
 * AWS_CONTAINER_CREDENTIALS_FULL_URI is set (SnapStart functions get their credentials that way, so a
 * restored snapshot never holds expired keys), else the environment's keys when set (every other
 * Lambda function, the local cloud), else the SDK's default chain.
 *
 * <p>Kinesis' CBOR protocol is left to the SDK's own switch: CBOR_ENABLED=false (environment) or
 * -Daws.cborEnabled=false turns it off, which moto needs.
 */
public final class AwsClients {
  private final Env env;
  private final Region region;
  private final SdkHttpClient httpClient;
  private final AwsCredentialsProvider credentials;
  private final ExecutionInterceptor tracing = Tracing.sdkInterceptor();

  private AwsClients(Env env) {
    this.env = env;
    this.region = Region.of(env.required("AWS_REGION"));
    this.credentials = credentialsFor(env);
    UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(env.intValue("AWS_CONNECT_TIMEOUT_SECONDS", 3, 1, 60)))
        .socketTimeout(Duration.ofSeconds(env.intValue("AWS_SOCKET_TIMEOUT_SECONDS", 30, 1, 900)));
    TrustManager[] trust = InitWarmup.defaultTrustManagers();
    if (trust != null) {
      // the JDK's default trust managers, already built by the init warm-up thread
      http.tlsTrustManagersProvider(() -> trust);
    }
    this.httpClient = http.build();
  }

  /** The credentials provider for this environment: the first that applies, never a probing chain. */
  static AwsCredentialsProvider credentialsFor(Env env) {
    if (env.isSet("AWS_CONTAINER_CREDENTIALS_FULL_URI") || env.isSet("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
      return ContainerCredentialsProvider.builder().build();
    }
    if (env.isSet("AWS_ACCESS_KEY_ID") && env.isSet("AWS_SECRET_ACCESS_KEY")) {
      // What the SDK's environment provider reads, read once: Lambda sets them for the environment's life.
      String id = env.required("AWS_ACCESS_KEY_ID");
      String secret = env.required("AWS_SECRET_ACCESS_KEY");
      return StaticCredentialsProvider.create(env.isSet("AWS_SESSION_TOKEN")
          ? AwsSessionCredentials.create(id, secret, env.required("AWS_SESSION_TOKEN"))
          : AwsBasicCredentials.create(id, secret));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** Clients configured from the process environment. */
  public static AwsClients fromEnvironment() {
    return new AwsClients(Env.system());
  }

  public static AwsClients from(Env env) {
    return new AwsClients(env);
  }

  public Region region() {
    return region;
  }

  public SnsClient sns() {
    return configure(SnsClient.builder().credentialsProvider(credentials), "SNS");
  }

  public SqsClient sqs() {
    return configure(SqsClient.builder().credentialsProvider(credentials), "SQS");
  }

  public KinesisClient kinesis() {
    return configure(KinesisClient.builder().credentialsProvider(credentials), "KINESIS");
  }

  public DynamoDbClient dynamoDb() {
    return configure(DynamoDbClient.builder().credentialsProvider(credentials), "DYNAMODB");
  }

  public S3Client s3() {
    var builder = S3Client.builder().credentialsProvider(credentials);
    builder.forcePathStyle(endpointFor("S3").isPresent());
    return configure(builder, "S3");
  }

  /** The credentials provider the clients built here use ({@link #credentialsFor}). */
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  /**
   * Applies the shared HTTP client, region, endpoint override, retry mode and tracing to any sync
   * client builder. {@code serviceId} is the endpoint variable suffix (S3, SNS, DYNAMODB, ...). The
   * credentials stay the caller's choice (set them on the builder, e.g. to {@link #credentials()}).
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C configure(B builder, String serviceId) {
    builder.httpClient(httpClient)
        .region(region)
        .overrideConfiguration(ClientOverrideConfiguration.builder()
            .retryStrategy(RetryMode.STANDARD)
            .addExecutionInterceptor(tracing)
            .build());
    endpointFor(serviceId).ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** The overridden endpoint for a service, if any: the service-specific variable wins. */
  public Optional<URI> endpointFor(String serviceId) {
    if (env.bool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", false)) {
      return Optional.empty();
    }
    String specific = "AWS_ENDPOINT_URL_" + serviceId.toUpperCase(Locale.ROOT).replace(' ', '_');
    if (env.isSet(specific)) {
      return Optional.of(env.uri(specific));
    }
    return env.isSet("AWS_ENDPOINT_URL") ? Optional.of(env.uri("AWS_ENDPOINT_URL")) : Optional.empty();
  }
}
