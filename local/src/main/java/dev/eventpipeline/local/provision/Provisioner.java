package dev.eventpipeline.local.provision;

import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.template.CfnResource;
import dev.eventpipeline.local.template.CfnTemplate;
import dev.eventpipeline.local.template.TemplateException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;

/**
 * Creates the template's resources in the backend, in dependency order, and resolves everything
 * that refers to them. Each resource goes to the {@link ServiceProvisioner} of its type (Kinesis, S3,
 * SNS, SQS, DynamoDB, Secrets Manager, Lambda, ECS), which records it in the run's registry
 * ({@link ProvisionContext}) that Ref and Fn::GetAtt resolve against. Idempotent: resources that
 * already exist (a second `up` against the same backend) are reused and their settings re-applied. A
 * resource type no provisioner knows is an error; types with no local effect (IAM, KMS aliases, dashboards, log
 * groups, policies...) are on an explicit ignore list ({@link IgnoredResources}) and reported.
 */
public final class Provisioner {
  /** Types with no local effect: they get a placeholder identity so that references resolve. */
  public static final Set<String> IGNORED_TYPES = IgnoredResources.IGNORED_TYPES;

  /** Every type a service provisioner creates (the ignored ones aside). */
  private static final Set<String> SUPPORTED_TYPES = Set.of(
      "AWS::Kinesis::Stream", "AWS::S3::Bucket", "Custom::S3BucketNotifications", "AWS::SNS::Topic",
      "AWS::SNS::Subscription", "AWS::SQS::Queue", "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable",
      "AWS::SecretsManager::Secret", "AWS::KMS::Key", "AWS::Lambda::Function", "AWS::Lambda::Version", "AWS::Lambda::Alias",
      "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Url", "AWS::CloudWatch::Alarm", "AWS::Events::Rule",
      "Custom::Trigger", "AWS::ECS::Cluster", "AWS::ECS::TaskDefinition", "AWS::ECS::Service");

  private final CfnTemplate template;
  private final LocalAws aws;
  private final String stackName;
  private final IntSupplier urlPorts;
  private final List<String> log;

  /**
   * @param urlPorts hands out the loopback port of each function URL
   * @param log receives one line per resource created or reused
   */
  public Provisioner(CfnTemplate template, LocalAws aws, String stackName, IntSupplier urlPorts, List<String> log) {
    this.template = template;
    this.aws = aws;
    this.stackName = stackName;
    this.urlPorts = urlPorts;
    this.log = log;
  }

  /** Checks the template without touching the backend: unknown types and unsupported features fail here. */
  public static void validate(CfnTemplate template) {
    List<String> unknown = new ArrayList<>();
    Set<String> providers = providerFunctions(template);
    for (CfnResource r : template.resources().values()) {
      if (!SUPPORTED_TYPES.contains(r.type()) && !IGNORED_TYPES.contains(r.type())) {
        unknown.add(r.logicalId() + " (" + r.type() + ")");
      }
      if (r.type().equals("AWS::Lambda::Function") && !providers.contains(r.logicalId())) {
        String runtime = r.property("Runtime").asText("");
        if (!runtime.startsWith("java")) {
          unknown.add(r.logicalId() + " (AWS::Lambda::Function with runtime '" + runtime
              + "': the local cloud runs Java functions only)");
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new TemplateException("The local cloud does not know how to run these resources: "
          + String.join(", ", unknown) + ". Add a provisioner in local/ (provision.ServiceProvisioner) or, if they "
          + "have no local effect, put their type on IgnoredResources' list.");
    }
  }

  /** Functions that only serve custom resources (e.g. the CDK's bucket-notifications handler): never run. */
  static Set<String> providerFunctions(CfnTemplate template) {
    Set<String> providers = new HashSet<>();
    for (CfnResource r : template.resources().values()) {
      if (r.type().startsWith("Custom::") || r.type().equals("AWS::CloudFormation::CustomResource")) {
        Set<String> refs = new HashSet<>();
        CfnTemplate.collectReferences(r.property("ServiceToken"), refs);
        providers.addAll(refs);
      }
    }
    return providers;
  }

  /** Creates or reuses every resource and returns what the local cloud needs to run the stack. */
  public ProvisionedStack provision() {
    validate(template);
    try (ProvisionContext ctx = new ProvisionContext(template, aws, stackName, log)) {
      LambdaProvisioner lambda = new LambdaProvisioner(ctx, urlPorts, providerFunctions(template));
      ContainerProvisioner containers = new ContainerProvisioner(ctx);
      Map<String, ServiceProvisioner> byType = new HashMap<>();
      for (ServiceProvisioner p : List.of(new KinesisProvisioner(ctx), new S3Provisioner(ctx), new SnsProvisioner(ctx),
          new SqsProvisioner(ctx), new DynamoDbProvisioner(ctx), new SecretsProvisioner(ctx), new KmsProvisioner(ctx), new CloudWatchProvisioner(ctx), lambda, containers,
          new IgnoredResources(ctx))) {
        p.types().forEach(type -> byType.put(type, p));
      }
      assert byType.keySet().containsAll(SUPPORTED_TYPES) : new TreeSet<>(SUPPORTED_TYPES);
      for (CfnResource r : template.inDependencyOrder()) {
        if (r.condition() != null && !ctx.intrinsics.condition(r.condition())) {
          ctx.notes.add(r.logicalId() + " skipped: condition " + r.condition() + " is false");
          continue;
        }
        byType.get(r.type()).provision(r);
      }
      Map<String, String> outputs = new LinkedHashMap<>();
      template.outputs().forEach((key, value) -> outputs.put(key, ctx.intrinsics.resolveString(value, "Output " + key)));
      return new ProvisionedStack(ctx.resources, lambda.functions(), lambda.mappings(), lambda.urls(), lambda.rules(),
          lambda.triggers(), containers.services(), outputs,
          ctx.ignored, ctx.notes);
    }
  }
}
