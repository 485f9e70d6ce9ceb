package dev.eventpipeline.local.cloud;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients for the backend: its endpoint, us-east-1, dummy credentials (never the user's real
 * ones), one url-connection HTTP client for the sync clients and one netty client forced to HTTP/1.1
 * for KCL's async clients (moto does not speak HTTP/2). Kinesis' CBOR protocol is switched off
 * JVM-wide, because moto cannot read it.
 */
public final class LocalAws implements AutoCloseable {
  /** moto's default account id: the ARNs it issues carry it. */
  public static final String ACCOUNT_ID = "123456789012";
  public static final String ACCESS_KEY = "testing";
  public static final String SECRET_KEY = "testing";

  private final URI endpoint;
  private final Region region;
  private final AwsCredentialsProvider credentials =
      StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  private final SdkHttpClient http;
  private SdkAsyncHttpClient asyncHttp;

  public LocalAws(URI endpoint, String region) {
    System.setProperty("aws.cborEnabled", "false");
    this.endpoint = endpoint;
    this.region = Region.of(region);
    this.http = UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(60))
        .build();
  }

  public URI endpoint() {
    return endpoint;
  }

  public String region() {
    return region.id();
  }

  /** The environment a process needs to reach the backend with the AWS CLI or an SDK. */
  public Map<String, String> clientEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("AWS_REGION", region.id());
    env.put("AWS_DEFAULT_REGION", region.id());
    env.put("AWS_ENDPOINT_URL", endpoint.toString());
    env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    env.put("CBOR_ENABLED", "false");
    return env;
  }

  public S3Client s3() {
    return sync(S3Client.builder().forcePathStyle(true));
  }

  public SqsClient sqs() {
    return sync(SqsClient.builder());
  }

  public SnsClient sns() {
    return sync(SnsClient.builder());
  }

  public KinesisClient kinesis() {
    return sync(KinesisClient.builder());
  }

  public DynamoDbClient dynamoDb() {
    return sync(DynamoDbClient.builder());
  }

  /** IAM is global: the client signs for us-east-1 whatever the local region. */
  public IamClient iam() {
    return IamClient.builder().httpClient(http).region(Region.AWS_GLOBAL).credentialsProvider(credentials)
        .endpointOverride(endpoint).build();
  }

  public SecretsManagerClient secretsManager() {
    return sync(SecretsManagerClient.builder());
  }

  public KmsClient kms() {
    return sync(KmsClient.builder());
  }

  /**
   * The stack's alarms over CloudWatch's Query protocol ({@link CloudWatchAlarms}: the SDK's
   * CloudWatchClient speaks a protocol moto 5.2.1 does not).
   */
  public CloudWatchAlarms cloudWatchAlarms() {
    return new CloudWatchAlarms(http, endpoint, region.id(), ACCESS_KEY, SECRET_KEY);
  }

  public KinesisAsyncClient kinesisAsync() {
    return KinesisAsyncClient.builder().httpClient(asyncHttp()).region(region).credentialsProvider(credentials)
        .endpointOverride(endpoint).build();
  }

  public DynamoDbAsyncClient dynamoDbAsync() {
    return DynamoDbAsyncClient.builder().httpClient(asyncHttp()).region(region).credentialsProvider(credentials)
        .endpointOverride(endpoint).build();
  }

  public CloudWatchAsyncClient cloudWatchAsync() {
    return CloudWatchAsyncClient.builder().httpClient(asyncHttp()).region(region).credentialsProvider(credentials)
        .endpointOverride(endpoint).build();
  }

  private synchronized SdkAsyncHttpClient asyncHttp() {
    if (asyncHttp == null) {
      asyncHttp = NettyNioAsyncHttpClient.builder()
          .protocol(Protocol.HTTP1_1)
          .maxConcurrency(100)
          .connectionTimeout(Duration.ofSeconds(5))
          .build();
    }
    return asyncHttp;
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C sync(B builder) {
    return builder.httpClient(http).region(region).credentialsProvider(credentials).endpointOverride(endpoint)
        .build();
  }

  @Override
  public synchronized void close() {
    http.close();
    if (asyncHttp != null) {
      asyncHttp.close();
    }
  }
}
