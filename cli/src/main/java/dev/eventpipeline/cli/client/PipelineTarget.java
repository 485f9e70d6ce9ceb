package dev.eventpipeline.cli.client;

import dev.eventpipeline.common.aws.AwsClients;
import dev.eventpipeline.common.config.Env;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Where the client commands (logs push, images upload, events tail, status) talk to, and the names
 * of the resources there. Resolution order:
 * <ol>
 *   <li>{@code --endpoint URL}: that endpoint with dummy credentials; names from {@code --outputs FILE}
 *       or {@code <pipeline.home>/.pipeline/outputs.json} when present;</li>
 *   <li>the running local cloud: {@code .pipeline/outputs.json} (written by {@code pipeline up}) with
 *       its {@code Endpoint} key;</li>
 *   <li>real AWS when credentials are configured: names from the CloudFormation outputs of the stack
 *       (default {@code EventPipeline}).</li>
 * </ol>
 * An outputs file without an {@code Endpoint} key (e.g. saved {@code aws cloudformation describe-stacks}
 * output) also means real AWS.
 */
public final class PipelineTarget implements AutoCloseable {
  /** How the target was found. */
  public enum Kind {
    LOCAL_CLOUD("local cloud"), ENDPOINT("endpoint"), AWS("AWS");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Credentials of the local backends: moto and LocalStack accept any. */
  private static final AwsCredentialsProvider LOCAL_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

  private final Kind kind;
  private final URI endpoint;
  private final Region region;
  private final Map<String, String> outputs;
  private final String outputsSource;
  private final Path stateDirectory;
  private final AwsCredentialsProvider credentials;
  private final AwsClients factory;
  private final List<SdkClient> clients = new ArrayList<>();

  private PipelineTarget(Kind kind, URI endpoint, Region region, Map<String, String> outputs, String outputsSource,
      Path stateDirectory, AwsCredentialsProvider credentials) {
    this.kind = kind;
    this.endpoint = endpoint;
    this.region = region;
    this.outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    this.outputsSource = outputsSource;
    this.stateDirectory = stateDirectory;
    this.credentials = credentials;
    Map<String, String> env = new HashMap<>();
    if (endpoint == null) {
      // Real AWS: the user's own endpoint settings (AWS_ENDPOINT_URL_*) still apply.
      System.getenv().forEach((k, v) -> {
        if (k.startsWith("AWS_ENDPOINT_URL") || k.equals("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) {
          env.put(k, v);
        }
      });
    } else {
      env.put("AWS_ENDPOINT_URL", endpoint.toString());
      // moto answers Kinesis' default CBOR protocol with 500s; JSON works everywhere.
      System.setProperty("aws.cborEnabled", "false");
    }
    env.put("AWS_REGION", region.id());
    this.factory = AwsClients.from(Env.of(env));
  }

  /** Resolves the target from the command's options (see the class comment for the order). */
  public static PipelineTarget resolve(TargetOptions options) {
    Path outputsFile = options.outputs != null ? options.outputs : StackOutputs.localFile(StackOutputs.home());
    if (options.outputs != null && !Files.isRegularFile(options.outputs)) {
      throw TargetException.usage("--outputs: no such file: " + options.outputs);
    }
    boolean haveOutputs = Files.isRegularFile(outputsFile);
    Path stateDirectory = outputsFile.toAbsolutePath().getParent();
    if (options.endpoint != null) {
      Map<String, String> outputs = haveOutputs ? StackOutputs.read(outputsFile) : Map.of();
      Region region = localRegion(options.region, outputs);
      return new PipelineTarget(Kind.ENDPOINT, options.endpoint, region, outputs,
          haveOutputs ? outputsFile.toString() : "(no outputs file)", stateDirectory, LOCAL_CREDENTIALS);
    }
    if (haveOutputs) {
      Map<String, String> outputs = StackOutputs.read(outputsFile);
      String endpointValue = outputs.get("Endpoint");
      if (endpointValue == null || endpointValue.isBlank()) {
        // Saved stack outputs of a real deployment.
        return new PipelineTarget(Kind.AWS, null, awsRegion(options.region), outputs, outputsFile.toString(),
            stateDirectory, DefaultCredentialsProvider.builder().build());
      }
      URI endpoint = URI.create(endpointValue);
      if (!reachable(endpoint)) {
        throw new TargetException("the local cloud at " + endpoint + " (from " + outputsFile + ") is not answering: "
            + "is `./pipeline up` running? (outputs.json stays behind when it was killed)");
      }
      return new PipelineTarget(Kind.LOCAL_CLOUD, endpoint, localRegion(options.region, outputs), outputs,
          outputsFile.toString(), stateDirectory, LOCAL_CREDENTIALS);
    }
    if (awsCredentialsConfigured()) {
      Region region = awsRegion(options.region);
      AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
      Map<String, String> outputs = CloudFormationOutputs.read(options.stackName, region, credentials, null);
      return new PipelineTarget(Kind.AWS, null, region, outputs, "CloudFormation stack " + options.stackName,
          stateDirectory, credentials);
    }
    throw new TargetException("no running local cloud (" + outputsFile + " not found) and no AWS credentials: "
        + "start `./pipeline up` in another terminal, or pass --endpoint URL (with --outputs FILE)");
  }

  public Kind kind() {
    return kind;
  }

  /** The endpoint override, empty on real AWS. */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  public Region region() {
    return region;
  }

  /** Every stack output, in file order. */
  public Map<String, String> outputs() {
    return outputs;
  }

  /** One line saying where we talk to, for headers and error messages. */
  public String describe() {
    return kind.label() + " " + (endpoint != null ? endpoint : region.id()) + " (names from " + outputsSource + ")";
  }

  /** An explicit value (a command option) wins; else the stack output; else a clear error. */
  public String name(String explicit, String outputKey, String option) {
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String value = outputs.get(outputKey);
    if (value == null || value.isBlank()) {
      throw new TargetException("stack output " + outputKey + " not found in " + outputsSource
          + (option == null ? "" : "; pass " + option));
    }
    return value;
  }

  /** {@code .pipeline/status.json} next to the outputs file, when the local cloud writes it. */
  public Optional<Path> statusFile() {
    if (stateDirectory == null) {
      return Optional.empty();
    }
    Path file = stateDirectory.resolve("status.json");
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  public KinesisClient kinesis() {
    return track(factory.configure(KinesisClient.builder().credentialsProvider(credentials), "KINESIS"));
  }

  public S3Client s3() {
    return track(factory.configure(
        S3Client.builder().credentialsProvider(credentials).forcePathStyle(endpoint != null), "S3"));
  }

  public SqsClient sqs() {
    return track(factory.configure(SqsClient.builder().credentialsProvider(credentials), "SQS"));
  }

  public SnsClient sns() {
    return track(factory.configure(SnsClient.builder().credentialsProvider(credentials), "SNS"));
  }

  private synchronized <C extends SdkClient> C track(C client) {
    clients.add(client);
    return client;
  }

  @Override
  public synchronized void close() {
    clients.forEach(SdkClient::close);
    clients.clear();
  }

  private static Region localRegion(String option, Map<String, String> outputs) {
    if (option != null && !option.isBlank()) {
      return Region.of(option);
    }
    String fromOutputs = outputs.get("Region");
    if (fromOutputs != null && !fromOutputs.isBlank()) {
      return Region.of(fromOutputs);
    }
    String env = System.getenv("AWS_REGION");
    return Region.of(env == null || env.isBlank() ? "us-east-1" : env);
  }

  private static Region awsRegion(String option) {
    if (option != null && !option.isBlank()) {
      return Region.of(option);
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (RuntimeException e) {
      throw TargetException.usage("no region configured: set AWS_REGION or pass --region");
    }
  }

  /** Cheap checks only: asking the provider chain could wait seconds on the instance metadata service. */
  private static boolean awsCredentialsConfigured() {
    for (String name : List.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
      String value = System.getenv(name);
      if (value != null && !value.isBlank()) {
        return true;
      }
    }
    if (System.getProperty("aws.accessKeyId") != null) {
      return true;
    }
    Path aws = Path.of(System.getProperty("user.home"), ".aws");
    return Files.isRegularFile(aws.resolve("credentials")) || Files.isRegularFile(aws.resolve("config"));
  }

  private static boolean reachable(URI endpoint) {
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
