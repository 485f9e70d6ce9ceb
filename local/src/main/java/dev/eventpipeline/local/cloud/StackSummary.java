package dev.eventpipeline.local.cloud;

import dev.eventpipeline.local.esm.FunctionUrlServer;
import dev.eventpipeline.local.esm.MappingSpec;
import dev.eventpipeline.local.lambda.FunctionPool;
import dev.eventpipeline.local.lambda.FunctionSpec;
import dev.eventpipeline.local.provision.ProvisionedStack;
import dev.eventpipeline.local.provision.ProvisionedStack.LocalResource;
import dev.eventpipeline.local.template.TemplateSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * What `up` prints once the stack is ready: the endpoint, the resources, the functions and how they
 * run, the event source mappings, the function URLs, what differs from AWS, and commands to try.
 */
final class StackSummary {
  private final ProvisionedStack stack;
  private final Map<String, FunctionPool> pools;
  private final Collection<FunctionUrlServer> urlServers;
  private final LocalCloudOptions options;
  private final URI endpoint;
  private final String region;
  private final Path templateFile;
  private final ToIntFunction<MappingSpec> pollers;

  StackSummary(ProvisionedStack stack, Map<String, FunctionPool> pools, Collection<FunctionUrlServer> urlServers,
      LocalCloudOptions options, URI endpoint, String region, Path templateFile, ToIntFunction<MappingSpec> pollers) {
    this.stack = stack;
    this.pools = pools;
    this.urlServers = urlServers;
    this.options = options;
    this.endpoint = endpoint;
    this.region = region;
    this.templateFile = templateFile;
    this.pollers = pollers;
  }


  /** The summary `up` prints once the stack is ready. */
  String render() {
    String ep = endpoint.toString();
    StringBuilder s = new StringBuilder("\n");
    s.append("Local cloud: stack ").append(TemplateSource.STACK).append(" from ").append(display(templateFile)).append('\n');
    s.append("  Endpoint     ").append(ep).append("   region ").append(region)
        .append(", any credentials (e.g. testing/testing)\n");
    s.append("  Outputs      ").append(display(options.stateDir().resolve("outputs.json")))
        .append("   (./pipeline outputs)\n\n");
    s.append("Resources\n");
    for (LocalResource r : stack.resources().values()) {
      if (!r.provisioned() || r.name() == null || r.type().startsWith("AWS::Lambda::")) {
        continue;
      }
      s.append(String.format(Locale.ROOT, "  %-26s %s%n", shortType(r.type()), r.type().equals("AWS::SQS::Queue")
          ? r.name() + "  " + r.url() : r.type().equals("AWS::SNS::Topic") || r.type().startsWith("AWS::SecretsManager")
          ? r.arn() : r.name()));
    }
    s.append("\nFunctions (each in its own JVM: official runtime interface client, Runtime API on loopback)\n");
    for (FunctionPool p : pools.values()) {
      FunctionSpec f = p.spec();
      s.append(String.format(Locale.ROOT, "  %-26s %-70s %5d MB %4d s  up to %d process(es)%n", f.label(),
          f.handler(), f.memoryMb(), f.timeoutSeconds(), p.maxConcurrency()));
    }
    if (!stack.mappings().isEmpty()) {
      s.append("\nEvent source mappings\n");
      for (MappingSpec m : stack.mappings()) {
        s.append("  ").append(describe(m)).append('\n');
      }
    }
    if (!urlServers.isEmpty()) {
      s.append("\nFunction URLs (payload format 2.0)\n");
      for (FunctionUrlServer u : urlServers) {
        s.append(String.format(Locale.ROOT, "  %-26s %s   (AuthType %s%s)%n",
            pools.get(u.spec().functionLogicalId()).spec().label(), u.spec().url(), u.spec().authType(),
            "NONE".equalsIgnoreCase(u.spec().authType()) ? ": open to anyone"
                : ": SigV4-signed requests only, service lambda, region " + region + "; unsigned -> 403"));
      }
    }
    s.append("\nLocal differences\n");
    for (FunctionPool pool : pools.values()) {
      Map<String, String> overrides = options.hook().environmentOverrides(pool.spec());
      if (!overrides.isEmpty()) {
        s.append("  ").append(pool.spec().label()).append(": ").append(overrides.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))
            .append(" (local only: the deployed stack never sets it)\n");
      }
    }
    s.append("  functions get AWS_ENDPOINT_URL=").append(ep).append(", dummy credentials, CBOR_ENABLED=false; "
        + "IAM policies (function URL signatures are checked), KMS, X-Ray, SnapStart and alarms are not emulated\n");
    Map<String, Integer> ignoredByType = new TreeMap<>();
    for (String i : stack.ignored()) {
      String type = i.substring(i.indexOf('(') + 1, i.indexOf(i.contains(",") ? ',' : ')'));
      ignoredByType.merge(type, 1, Integer::sum);
    }
    if (!ignoredByType.isEmpty()) {
      s.append("  not provisioned (no local effect): ").append(ignoredByType.entrySet().stream()
          .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))).append('\n');
    }
    stack.notes().forEach(n -> s.append("  ").append(n).append('\n'));
    s.append("\nTry\n");
    String cli = "aws --endpoint-url " + ep;
    s.append("  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=").append(region)
        .append('\n');
    String stream = preferred("RawLogsStreamName", "AWS::Kinesis::Stream", LocalResource::name);
    if (stream != null) {
      s.append("  ").append(cli).append(" kinesis put-record --stream-name ").append(stream)
          .append(" --partition-key demo --cli-binary-format raw-in-base64-out --data '{\"level\":\"INFO\",\"message\":\"hello\"}'")
          .append("   # AWS CLI v1: drop --cli-binary-format\n");
    }
    String bucket = preferred("UploadsBucketName", "AWS::S3::Bucket", LocalResource::name);
    if (bucket != null) {
      s.append("  ").append(cli).append(" s3 cp ./photo.jpg s3://").append(bucket).append("/\n");
    }
    String thumbnails = stack.outputs().get("ThumbnailsBucketName");
    if (thumbnails != null) {
      s.append("  ").append(cli).append(" s3 ls s3://").append(thumbnails).append("/ --recursive\n");
    }
    String topic = preferred("EventsTopicArn", "AWS::SNS::Topic", LocalResource::arn);
    if (topic != null) {
      s.append("  ").append(cli).append(" sqs create-queue --queue-name my-events\n");
      s.append("  ").append(cli).append(" sns subscribe --topic-arn ").append(topic)
          .append(" --protocol sqs --notification-endpoint arn:aws:sqs:").append(region)
          .append(":").append(LocalAws.ACCOUNT_ID).append(":my-events --attributes RawMessageDelivery=true\n");
      s.append("  ").append(cli).append(" sqs receive-message --queue-url ").append(ep)
          .append("/").append(LocalAws.ACCOUNT_ID).append("/my-events --wait-time-seconds 10\n");
    }
    s.append("  ./pipeline outputs    ./pipeline status\n");
    return s.toString();
  }

  /** The value of a stack output, else the first resource of the type. */
  private String preferred(String output, String type, java.util.function.Function<LocalResource, String> attribute) {
    String value = stack.outputs().get(output);
    if (value != null) {
      return value;
    }
    return stack.resources().values().stream().filter(r -> r.provisioned() && r.type().equals(type))
        .map(attribute).findFirst().orElse(null);
  }

  private String describe(MappingSpec m) {
    String fn = pools.get(m.functionLogicalId()).spec().label();
    String source = m.sourceKind() == MappingSpec.Kind.KINESIS ? m.sourceName()
        : m.sourceName().substring(m.sourceName().lastIndexOf('/') + 1);
    StringBuilder d = new StringBuilder(source + " → " + fn + ": " + m.sourceKind().name().toLowerCase(Locale.ROOT)
        + ", batch " + m.batchSize() + ", window " + m.batchingWindowSeconds() + " s");
    if (m.sourceKind() == MappingSpec.Kind.KINESIS) {
      d.append(", ").append(m.startingPosition());
      if (m.bisectOnError()) {
        d.append(", bisect");
      }
      d.append(", retries ").append(m.maximumRetryAttempts() < 0 ? "until expiry" : m.maximumRetryAttempts());
      d.append(", max age ").append(m.maximumRecordAgeSeconds() < 0 ? "none" : m.maximumRecordAgeSeconds() + " s");
      if (m.onFailureArn() != null) {
        LocalResource dest = stack.byArn(m.onFailureArn());
        d.append(", on failure → ").append(dest == null ? m.onFailureArn() : dest.name());
      }
    } else {
      d.append(", ").append(pollers.applyAsInt(m)).append(" poller(s)");
    }
    if (m.reportBatchItemFailures()) {
      d.append(", ReportBatchItemFailures");
    }
    return d.toString();
  }

  private static String shortType(String type) {
    return switch (type) {
      case "AWS::Kinesis::Stream" -> "Kinesis stream";
      case "AWS::S3::Bucket" -> "S3 bucket";
      case "AWS::SNS::Topic" -> "SNS topic";
      case "AWS::SQS::Queue" -> "SQS queue";
      case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> "DynamoDB table";
      case "AWS::SecretsManager::Secret" -> "secret";
      default -> type;
    };
  }

  private String display(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path home = options.home().toAbsolutePath().normalize();
    return abs.startsWith(home) ? home.relativize(abs).toString() : abs.toString();
  }

}
