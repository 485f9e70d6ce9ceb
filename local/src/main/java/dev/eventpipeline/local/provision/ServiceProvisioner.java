package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.provision.ProvisionedStack.LocalResource;
import dev.eventpipeline.local.template.CfnResource;
import dev.eventpipeline.local.template.CfnTemplate;
import dev.eventpipeline.local.template.Intrinsics;
import dev.eventpipeline.local.template.TemplateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Provisions the resource types of one AWS service in the backend: creates or reuses each resource,
 * applies its settings and records it (its Ref, its Fn::GetAtt attributes, a log line) in the run's
 * registry. {@link Provisioner} dispatches each resource to the provisioner of its type.
 */
abstract class ServiceProvisioner {
  protected final ProvisionContext ctx;
  protected final CfnTemplate template;
  protected final LocalAws aws;
  protected final LocalNames names;
  protected final Intrinsics intrinsics;
  protected final List<String> log;
  protected final List<String> notes;
  protected final List<String> ignored;
  protected final Map<String, LocalResource> resources;

  private final Set<String> types = new LinkedHashSet<>();
  private final Map<String, Consumer<CfnResource>> handlers = new HashMap<>();

  /**
   * A provisioner of the CloudFormation {@code types} (it overrides {@link #provision}); one of several
   * types registers each with {@link #handles} instead.
   */
  ServiceProvisioner(ProvisionContext ctx, String... types) {
    this.types.addAll(List.of(types));
    this.ctx = ctx;
    this.template = ctx.template;
    this.aws = ctx.aws;
    this.names = ctx.names;
    this.intrinsics = ctx.intrinsics;
    this.log = ctx.log;
    this.notes = ctx.notes;
    this.ignored = ctx.ignored;
    this.resources = ctx.resources;
  }

  /** Registers how this provisioner creates (or reuses) and records the resources of {@code type}. */
  protected final void handles(String type, Consumer<CfnResource> how) {
    types.add(type);
    handlers.put(type, how);
  }

  /** The CloudFormation types this provisioner handles. */
  final Set<String> types() {
    return types;
  }

  /** Creates or reuses the resource and records it: by default, the way registered for its type. */
  void provision(CfnResource r) {
    Consumer<CfnResource> how = handlers.get(r.type());
    if (how == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " does not handle " + r.type());
    }
    how.accept(r);
  }

  protected JsonNode props(CfnResource r) {
    return intrinsics.resolve(r.properties());
  }

  protected String explicitOr(JsonNode p, String property, java.util.function.Supplier<String> generated) {
    return p.hasNonNull(property) ? names.explicit(p.get(property).asText()) : generated.get();
  }

  protected void put(CfnResource r, String ref, String name, String arn, String url, boolean created, String detail) {
    resources.put(r.logicalId(), new LocalResource(r.logicalId(), r.type(), ref, name, arn, url, true));
    Map<String, JsonNode> a = attrs(r);
    if (arn != null) {
      a.put("Arn", text(arn));
    }
    String verb = r.type().startsWith("AWS::Lambda::") || r.type().startsWith("Custom::") ? "local"
        : created ? "created" : "reused";
    log.add(String.format("  %-8s %-32s %s%s", verb, r.type().replace("AWS::", ""),
        name != null ? name : ref, detail == null ? "" : "  (" + detail + ")"));
  }

  protected Map<String, JsonNode> attrs(CfnResource r) {
    return ctx.attributes.computeIfAbsent(r.logicalId(), k -> new HashMap<>());
  }

  protected LocalResource byArn(String arn) {
    return resources.values().stream().filter(x -> arn.equals(x.arn())).findFirst().orElse(null);
  }

  protected KinesisClient kinesis() {
    return ctx.kinesis();
  }

  protected S3Client s3() {
    return ctx.s3();
  }

  protected SqsClient sqs() {
    return ctx.sqs();
  }

  protected SnsClient sns() {
    return ctx.sns();
  }

  protected DynamoDbClient dynamoDb() {
    return ctx.dynamoDb();
  }

  protected SecretsManagerClient secrets() {
    return ctx.secrets();
  }

  protected KmsClient kms() {
    return ctx.kms();
  }

  protected dev.eventpipeline.local.cloud.CloudWatchAlarms cloudWatch() {
    return ctx.cloudWatch();
  }

  protected static TextNode text(String s) {
    return TextNode.valueOf(s);
  }

  protected static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  protected static String json(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (Exception e) {
      throw new TemplateException("Cannot write " + node + " as JSON", e);
    }
  }

  protected static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while provisioning", e);
    }
  }
}
