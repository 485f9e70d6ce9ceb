package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.esm.MappingSpec;
import dev.eventpipeline.local.esm.UrlSpec;
import dev.eventpipeline.local.lambda.FunctionSpec;
import dev.eventpipeline.local.provision.ProvisionedStack.LocalResource;
import dev.eventpipeline.local.template.CfnResource;
import dev.eventpipeline.local.template.CfnTemplate;
import dev.eventpipeline.local.template.Intrinsics;
import dev.eventpipeline.local.template.TemplateException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.IntSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3KeyFilter;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/**
 * Creates the template's resources in the backend, in dependency order, and resolves everything
 * that refers to them. Idempotent: resources that already exist (a second `up` against the same
 * backend) are reused and their settings re-applied. A resource type it does not know is an error;
 * types with no local effect (IAM, KMS, alarms, log groups, policies...) are on an explicit ignore
 * list and reported.
 */
public final class Provisioner {
  /** Types with no local effect: they get a placeholder identity so that references resolve. */
  public static final Set<String> IGNORED_TYPES = Set.of(
      "AWS::CDK::Metadata", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
      "AWS::IAM::InstanceProfile", "AWS::KMS::Key", "AWS::KMS::Alias", "AWS::Logs::LogGroup",
      "AWS::Logs::MetricFilter", "AWS::Logs::SubscriptionFilter", "AWS::Logs::ResourcePolicy",
      "AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm", "AWS::CloudWatch::Dashboard",
      "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy", "AWS::Lambda::Permission",
      "AWS::Lambda::EventInvokeConfig", "AWS::SecretsManager::RotationSchedule",
      "AWS::SecretsManager::ResourcePolicy", "AWS::Kinesis::StreamConsumer", "AWS::SSM::Parameter",
      "AWS::XRay::Group", "AWS::XRay::SamplingRule", "AWS::CloudFormation::WaitConditionHandle",
      "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy",
      "AWS::CodeDeploy::Application", "AWS::CodeDeploy::DeploymentGroup", "AWS::CodeDeploy::DeploymentConfig",
      "AWS::Signer::SigningProfile", "AWS::Lambda::CodeSigningConfig", "Custom::LogRetention",
      "Custom::AWSCDKCfnJson");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final CfnTemplate template;
  private final LocalAws aws;
  private final String stackName;
  private final IntSupplier urlPorts;
  private final List<String> log;
  private final LocalNames names;
  private final Intrinsics intrinsics;

  private final Map<String, LocalResource> resources = new LinkedHashMap<>();
  private final Map<String, Map<String, JsonNode>> attributes = new HashMap<>();
  private final Map<String, FunctionSpec> functions = new LinkedHashMap<>();
  /** Any string that names a function (name, ARN, alias or version ARN) → its logical id. */
  private final Map<String, String> functionAliases = new HashMap<>();
  private final List<MappingSpec> mappings = new ArrayList<>();
  private final List<UrlSpec> urls = new ArrayList<>();
  private final List<String> ignored = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Set<String> providerFunctions = new HashSet<>();

  private KinesisClient kinesis;
  private S3Client s3;
  private SqsClient sqs;
  private SnsClient sns;
  private DynamoDbClient dynamoDb;
  private SecretsManagerClient secrets;

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
    this.names = new LocalNames(stackName);
    this.intrinsics = new Intrinsics(template, Intrinsics.pseudoParameters(stackName, aws.region(), LocalAws.ACCOUNT_ID),
        Map.of(), new Intrinsics.References() {
          @Override
          public String ref(String logicalId) {
            LocalResource r = resources.get(logicalId);
            if (r == null) {
              throw new TemplateException("Ref to " + logicalId + " before it was provisioned");
            }
            return r.ref();
          }

          @Override
          public JsonNode attribute(String logicalId, String attribute) {
            Map<String, JsonNode> attrs = attributes.get(logicalId);
            if (attrs == null) {
              throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + " before it was provisioned");
            }
            JsonNode value = attrs.get(attribute);
            if (value == null) {
              throw new TemplateException("Fn::GetAtt " + logicalId + "." + attribute + " is not supported locally ("
                  + template.resource(logicalId).type() + " has " + new TreeMap<>(attrs).keySet() + ")");
            }
            return value;
          }
        });
  }

  /** Checks the template without touching the backend: unknown types and unsupported features fail here. */
  public static void validate(CfnTemplate template) {
    List<String> unknown = new ArrayList<>();
    Set<String> providers = providerFunctions(template);
    for (CfnResource r : template.resources().values()) {
      if (!SUPPORTED_TYPES.contains(r.type()) && !IGNORED_TYPES.contains(r.type())
          && !r.type().equals("Custom::S3BucketNotifications")) {
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
          + String.join(", ", unknown) + ". Add support in local/ (provision.Provisioner) or, if they have no "
          + "local effect, put their type on its ignore list.");
    }
  }

  private static final Set<String> SUPPORTED_TYPES = Set.of(
      "AWS::Kinesis::Stream", "AWS::S3::Bucket", "AWS::SNS::Topic", "AWS::SNS::Subscription", "AWS::SQS::Queue",
      "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable", "AWS::SecretsManager::Secret", "AWS::Lambda::Function",
      "AWS::Lambda::Version", "AWS::Lambda::Alias", "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Url");

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
    providerFunctions.addAll(providerFunctions(template));
    try {
      for (CfnResource r : template.inDependencyOrder()) {
        if (r.condition() != null && !intrinsics.condition(r.condition())) {
          notes.add(r.logicalId() + " skipped: condition " + r.condition() + " is false");
          continue;
        }
        provision(r);
      }
      Map<String, String> outputs = new LinkedHashMap<>();
      template.outputs().forEach((key, value) -> outputs.put(key, intrinsics.resolveString(value, "Output " + key)));
      return new ProvisionedStack(resources, new ArrayList<>(functions.values()), mappings, urls, outputs, ignored,
          notes);
    } finally {
      closeClients();
    }
  }

  private void provision(CfnResource r) {
    switch (r.type()) {
      case "AWS::Kinesis::Stream" -> stream(r);
      case "AWS::S3::Bucket" -> bucket(r);
      case "Custom::S3BucketNotifications" -> bucketNotifications(r);
      case "AWS::SNS::Topic" -> topic(r);
      case "AWS::SNS::Subscription" -> subscription(r);
      case "AWS::SQS::Queue" -> queue(r);
      case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> table(r);
      case "AWS::SecretsManager::Secret" -> secret(r);
      case "AWS::Lambda::Function" -> function(r);
      case "AWS::Lambda::Version" -> version(r);
      case "AWS::Lambda::Alias" -> alias(r);
      case "AWS::Lambda::EventSourceMapping" -> mapping(r);
      case "AWS::Lambda::Url" -> url(r);
      default -> ignore(r);
    }
  }

  // ---- Kinesis

  private void stream(CfnResource r) {
    JsonNode p = props(r);
    String name = explicitOr(p, "Name", () -> names.name(r.logicalId(), 128));
    KinesisClient k = kinesis();
    boolean onDemand = "ON_DEMAND".equals(p.path("StreamModeDetails").path("StreamMode").asText());
    int shards = p.path("ShardCount").asInt(onDemand ? 0 : 1);
    boolean created = true;
    try {
      k.createStream(b -> {
        b.streamName(name);
        if (onDemand) {
          b.streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND));
        } else {
          b.shardCount(shards);
        }
      });
    } catch (software.amazon.awssdk.services.kinesis.model.ResourceInUseException exists) {
      created = false;
    }
    StreamDescriptionSummary summary = awaitStream(k, name);
    if (p.has("RetentionPeriodHours") && p.get("RetentionPeriodHours").asInt() > summary.retentionPeriodHours()) {
      int hours = p.get("RetentionPeriodHours").asInt();
      k.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(hours));
    }
    put(r, name, name, summary.streamARN(), null, created,
        summary.openShardCount() + " shard(s)" + (onDemand ? ", on-demand" : ""));
  }

  private static StreamDescriptionSummary awaitStream(KinesisClient k, String name) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      StreamDescriptionSummary s = k.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
      if (s.streamStatus() == StreamStatus.ACTIVE || Instant.now().isAfter(deadline)) {
        return s;
      }
      sleep(Duration.ofMillis(100));
    }
  }

  // ---- S3

  private void bucket(CfnResource r) {
    JsonNode p = props(r);
    String name = explicitOr(p, "BucketName", () -> names.bucket(r.logicalId()));
    boolean created = !bucketExists(name);
    try {
      if (created) {
        s3().createBucket(b -> b.bucket(name));
      }
    } catch (BucketAlreadyOwnedByYouException exists) {
      created = false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() != 409) {
        throw e;
      }
      created = false;
    }
    if ("Enabled".equals(p.path("VersioningConfiguration").path("Status").asText())) {
      s3().putBucketVersioning(b -> b.bucket(name).versioningConfiguration(v -> v.status("Enabled")));
    }
    String arn = "arn:aws:s3:::" + name;
    put(r, name, name, arn, null, created, null);
    attrs(r).put("DomainName", text(name + ".s3.amazonaws.com"));
    attrs(r).put("RegionalDomainName", text(name + ".s3." + aws.region() + ".amazonaws.com"));
    attrs(r).put("DualStackDomainName", text(name + ".s3.dualstack." + aws.region() + ".amazonaws.com"));
    attrs(r).put("WebsiteURL", text("http://" + name + ".s3-website-" + aws.region() + ".amazonaws.com"));
    if (p.has("NotificationConfiguration")) {
      applyNotifications(name, p.get("NotificationConfiguration"), r.logicalId());
    }
  }

  private boolean bucketExists(String name) {
    try {
      s3().headBucket(b -> b.bucket(name));
      return true;
    } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException missing) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private void bucketNotifications(CfnResource r) {
    JsonNode p = props(r);
    String bucket = p.path("BucketName").asText();
    applyNotifications(bucket, p.path("NotificationConfiguration"), r.logicalId());
    put(r, r.logicalId(), null, null, null, true, "notifications of " + bucket);
  }

  private void applyNotifications(String bucket, JsonNode config, String logicalId) {
    if (config.path("LambdaFunctionConfigurations").size() > 0) {
      throw new TemplateException(logicalId + ": S3 → Lambda notifications are not emulated by the local cloud "
          + "(route them through SQS, as S3 → SQS → Lambda)");
    }
    if (config.path("EventBridgeConfiguration").size() > 0) {
      notes.add(logicalId + ": EventBridge notifications of bucket " + bucket + " are not emulated");
    }
    List<QueueConfiguration> queues = new ArrayList<>();
    for (JsonNode q : config.path("QueueConfigurations")) {
      queues.add(QueueConfiguration.builder()
          .queueArn(q.path("QueueArn").asText())
          .eventsWithStrings(strings(q.path("Events")))
          .filter(filter(q.path("Filter")))
          .build());
    }
    List<TopicConfiguration> topics = new ArrayList<>();
    for (JsonNode t : config.path("TopicConfigurations")) {
      topics.add(TopicConfiguration.builder()
          .topicArn(t.path("TopicArn").asText())
          .eventsWithStrings(strings(t.path("Events")))
          .filter(filter(t.path("Filter")))
          .build());
    }
    s3().putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(
        NotificationConfiguration.builder().queueConfigurations(queues).topicConfigurations(topics).build()));
    log.add("  notifications of bucket " + bucket + ": " + queues.size() + " queue(s), " + topics.size() + " topic(s)");
  }

  /** moto answers 500 to the rule names the SDK enum sends ("Prefix"/"Suffix"): send them lowercase. */
  private static NotificationConfigurationFilter filter(JsonNode filter) {
    JsonNode rules = filter.path("Key").path("FilterRules");
    if (rules.isMissingNode() || rules.isEmpty()) {
      return null;
    }
    List<FilterRule> out = new ArrayList<>();
    for (JsonNode rule : rules) {
      out.add(FilterRule.builder().name(rule.path("Name").asText().toLowerCase(Locale.ROOT))
          .value(rule.path("Value").asText()).build());
    }
    return NotificationConfigurationFilter.builder().key(S3KeyFilter.builder().filterRules(out).build()).build();
  }

  // ---- SNS

  private void topic(CfnResource r) {
    JsonNode p = props(r);
    boolean fifo = p.path("FifoTopic").asBoolean(false);
    String name = explicitOr(p, "TopicName", () -> names.name(r.logicalId(), fifo ? 251 : 256) + (fifo ? ".fifo" : ""));
    Map<String, String> attributes = new HashMap<>();
    if (fifo) {
      attributes.put("FifoTopic", "true");
      if (p.path("ContentBasedDeduplication").asBoolean(false)) {
        attributes.put("ContentBasedDeduplication", "true");
      }
    }
    if (p.has("DisplayName")) {
      attributes.put("DisplayName", p.get("DisplayName").asText());
    }
    String arn = sns().createTopic(b -> b.name(name).attributes(attributes)).topicArn();
    put(r, arn, name, arn, null, true, null);
    attrs(r).put("TopicArn", text(arn));
    attrs(r).put("TopicName", text(name));
    for (JsonNode s : p.path("Subscription")) {
      subscribe(r.logicalId(), arn, s.path("Protocol").asText(), s.path("Endpoint").asText(), Map.of());
    }
  }

  private void subscription(CfnResource r) {
    JsonNode p = props(r);
    Map<String, String> attributes = new HashMap<>();
    if (p.has("FilterPolicy")) {
      attributes.put("FilterPolicy", json(p.get("FilterPolicy")));
    }
    if (p.has("FilterPolicyScope")) {
      attributes.put("FilterPolicyScope", p.get("FilterPolicyScope").asText());
    }
    if (p.has("RawMessageDelivery")) {
      attributes.put("RawMessageDelivery", p.get("RawMessageDelivery").asText());
    }
    if (p.has("RedrivePolicy")) {
      attributes.put("RedrivePolicy", json(p.get("RedrivePolicy")));
    }
    String arn = subscribe(r.logicalId(), p.path("TopicArn").asText(), p.path("Protocol").asText(),
        p.path("Endpoint").asText(), attributes);
    put(r, arn, null, arn, null, true, p.path("Protocol").asText() + " " + p.path("Endpoint").asText()
        + (attributes.containsKey("FilterPolicy") ? " filter " + attributes.get("FilterPolicy") : ""));
  }

  private String subscribe(String logicalId, String topicArn, String protocol, String endpoint,
      Map<String, String> attributes) {
    if (protocol.equals("lambda")) {
      throw new TemplateException(logicalId + ": SNS → Lambda subscriptions are not emulated by the local cloud "
          + "(subscribe an SQS queue and map it to the function)");
    }
    String arn = sns().subscribe(b -> b.topicArn(topicArn).protocol(protocol).endpoint(endpoint)
        .returnSubscriptionArn(true)).subscriptionArn();
    // Re-applied every time, so that a changed filter policy reaches a reused subscription.
    attributes.forEach((k, v) -> sns().setSubscriptionAttributes(b -> b.subscriptionArn(arn).attributeName(k)
        .attributeValue(v)));
    return arn;
  }

  // ---- SQS

  private static final Map<String, String> QUEUE_ATTRIBUTES = Map.of(
      "DelaySeconds", "DelaySeconds", "MaximumMessageSize", "MaximumMessageSize",
      "MessageRetentionPeriod", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds",
      "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "VisibilityTimeout",
      "ContentBasedDeduplication", "ContentBasedDeduplication", "DeduplicationScope", "DeduplicationScope",
      "FifoThroughputLimit", "FifoThroughputLimit");

  private void queue(CfnResource r) {
    JsonNode p = props(r);
    boolean fifo = p.path("FifoQueue").asBoolean(false);
    String name = explicitOr(p, "QueueName", () -> names.name(r.logicalId(), fifo ? 75 : 80) + (fifo ? ".fifo" : ""));
    Map<String, String> attributes = new HashMap<>();
    QUEUE_ATTRIBUTES.forEach((prop, attr) -> {
      if (p.has(prop)) {
        attributes.put(attr, p.get(prop).asText());
      }
    });
    if (p.has("RedrivePolicy")) {
      attributes.put("RedrivePolicy", json(p.get("RedrivePolicy")));
    }
    if (p.has("RedriveAllowPolicy")) {
      attributes.put("RedriveAllowPolicy", json(p.get("RedriveAllowPolicy")));
    }
    Map<String, String> creation = new HashMap<>(attributes);
    if (fifo) {
      creation.put("FifoQueue", "true");
    }
    String url = existingQueueUrl(name);
    boolean created = url == null;
    if (created) {
      try {
        url = sqs().createQueue(b -> b.queueName(name).attributesWithStrings(creation)).queueUrl();
      } catch (QueueNameExistsException raced) {
        created = false;
        url = sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
      }
    }
    if (!created && !attributes.isEmpty()) {
      // A reused queue gets the template's current settings.
      String existing = url;
      sqs().setQueueAttributes(b -> b.queueUrl(existing).attributesWithStrings(attributes));
    }
    String queueUrl = url;
    String arn = sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    put(r, url, name, arn, url, created, attributes.containsKey("RedrivePolicy")
        ? "redrive " + p.get("RedrivePolicy").path("maxReceiveCount").asText() + "x" : null);
    attrs(r).put("QueueName", text(name));
    attrs(r).put("QueueUrl", text(url));
  }

  private String existingQueueUrl(String name) {
    try {
      return sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
    } catch (software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException missing) {
      return null;
    }
  }

  // ---- DynamoDB

  private void table(CfnResource r) {
    JsonNode p = props(r);
    boolean global = r.type().equals("AWS::DynamoDB::GlobalTable");
    String name = explicitOr(p, "TableName", () -> names.name(r.logicalId(), 255));
    String billing = p.path("BillingMode").asText(global ? "PAY_PER_REQUEST" : "PROVISIONED");
    ProvisionedThroughput throughput = throughput(p.path("ProvisionedThroughput"));
    boolean payPerRequest = billing.equals("PAY_PER_REQUEST") || throughput == null;
    CreateTableRequest.Builder request = CreateTableRequest.builder()
        .tableName(name)
        .keySchema(keySchema(p.path("KeySchema")))
        .attributeDefinitions(attributeDefinitions(p.path("AttributeDefinitions")))
        .billingMode(payPerRequest ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED);
    if (!payPerRequest) {
      request.provisionedThroughput(throughput);
    }
    List<GlobalSecondaryIndex> gsis = new ArrayList<>();
    for (JsonNode g : p.path("GlobalSecondaryIndexes")) {
      GlobalSecondaryIndex.Builder gb = GlobalSecondaryIndex.builder()
          .indexName(g.path("IndexName").asText())
          .keySchema(keySchema(g.path("KeySchema")))
          .projection(projection(g.path("Projection")));
      if (!payPerRequest) {
        ProvisionedThroughput t = throughput(g.path("ProvisionedThroughput"));
        gb.provisionedThroughput(t != null ? t : throughput);
      }
      gsis.add(gb.build());
    }
    if (!gsis.isEmpty()) {
      request.globalSecondaryIndexes(gsis);
    }
    List<LocalSecondaryIndex> lsis = new ArrayList<>();
    for (JsonNode l : p.path("LocalSecondaryIndexes")) {
      lsis.add(LocalSecondaryIndex.builder().indexName(l.path("IndexName").asText())
          .keySchema(keySchema(l.path("KeySchema"))).projection(projection(l.path("Projection"))).build());
    }
    if (!lsis.isEmpty()) {
      request.localSecondaryIndexes(lsis);
    }
    JsonNode stream = p.path("StreamSpecification");
    if (stream.has("StreamViewType")) {
      request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
          .streamViewType(stream.get("StreamViewType").asText()).build());
    }
    boolean created = true;
    try {
      dynamoDb().createTable(request.build());
    } catch (ResourceInUseException exists) {
      created = false;
    }
    TableDescription table = dynamoDb().describeTable(b -> b.tableName(name)).table();
    JsonNode ttl = p.path("TimeToLiveSpecification");
    if (ttl.path("Enabled").asBoolean(false)) {
      try {
        dynamoDb().updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(t -> t.enabled(true)
            .attributeName(ttl.path("AttributeName").asText())));
      } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException alreadyEnabled) {
        // UpdateTimeToLive refuses to enable TTL twice: a reused table already has it.
      }
    }
    put(r, name, name, table.tableArn(), null, created, gsis.isEmpty() ? null : gsis.size() + " GSI(s)"
        + (ttl.path("Enabled").asBoolean(false) ? ", TTL " + ttl.path("AttributeName").asText() : ""));
    if (table.latestStreamArn() != null) {
      attrs(r).put("StreamArn", text(table.latestStreamArn()));
    }
  }

  private static List<KeySchemaElement> keySchema(JsonNode keys) {
    List<KeySchemaElement> out = new ArrayList<>();
    keys.forEach(k -> out.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
        .keyType(k.path("KeyType").asText()).build()));
    return out;
  }

  private static List<AttributeDefinition> attributeDefinitions(JsonNode defs) {
    List<AttributeDefinition> out = new ArrayList<>();
    defs.forEach(d -> out.add(AttributeDefinition.builder().attributeName(d.path("AttributeName").asText())
        .attributeType(d.path("AttributeType").asText()).build()));
    return out;
  }

  private static Projection projection(JsonNode p) {
    Projection.Builder b = Projection.builder().projectionType(p.path("ProjectionType").asText("ALL"));
    if (p.has("NonKeyAttributes")) {
      b.nonKeyAttributes(strings(p.get("NonKeyAttributes")));
    }
    return b.build();
  }

  private static ProvisionedThroughput throughput(JsonNode t) {
    if (!t.has("ReadCapacityUnits")) {
      return null;
    }
    return ProvisionedThroughput.builder().readCapacityUnits(t.path("ReadCapacityUnits").asLong())
        .writeCapacityUnits(t.path("WriteCapacityUnits").asLong()).build();
  }

  // ---- Secrets Manager

  private void secret(CfnResource r) {
    JsonNode p = props(r);
    String name = explicitOr(p, "Name", () -> names.name(r.logicalId(), 512));
    String value = p.has("SecretString") ? p.get("SecretString").asText() : generateSecret(p.path("GenerateSecretString"));
    String arn;
    boolean created = true;
    try {
      arn = secrets().createSecret(b -> b.name(name).secretString(value)).arn();
    } catch (ResourceExistsException exists) {
      // Keep the value a previous run generated: data hashed with it stays comparable.
      created = false;
      arn = secrets().describeSecret(b -> b.secretId(name)).arn();
    }
    put(r, arn, name, arn, null, created, null);
    attrs(r).put("Id", text(arn));
  }

  /** What Secrets Manager's GenerateSecretString would produce (random, honouring its options). */
  static String generateSecret(JsonNode g) {
    StringBuilder alphabet = new StringBuilder();
    if (!g.path("ExcludeLowercase").asBoolean(false)) {
      alphabet.append("abcdefghijklmnopqrstuvwxyz");
    }
    if (!g.path("ExcludeUppercase").asBoolean(false)) {
      alphabet.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    }
    if (!g.path("ExcludeNumbers").asBoolean(false)) {
      alphabet.append("0123456789");
    }
    if (!g.path("ExcludePunctuation").asBoolean(false)) {
      alphabet.append("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
    }
    if (g.path("IncludeSpace").asBoolean(false)) {
      alphabet.append(' ');
    }
    String exclude = g.path("ExcludeCharacters").asText("");
    StringBuilder allowed = new StringBuilder();
    alphabet.chars().filter(c -> exclude.indexOf(c) < 0).forEach(c -> allowed.append((char) c));
    if (allowed.length() == 0) {
      throw new TemplateException("GenerateSecretString excludes every character");
    }
    int length = g.path("PasswordLength").asInt(32);
    SecureRandom random = new SecureRandom();
    StringBuilder secret = new StringBuilder();
    for (int i = 0; i < length; i++) {
      secret.append(allowed.charAt(random.nextInt(allowed.length())));
    }
    if (g.has("SecretStringTemplate") && g.has("GenerateStringKey")) {
      try {
        ObjectNode doc = (ObjectNode) Json.MAPPER.readTree(g.get("SecretStringTemplate").asText());
        doc.put(g.get("GenerateStringKey").asText(), secret.toString());
        return Json.MAPPER.writeValueAsString(doc);
      } catch (Exception e) {
        throw new TemplateException("Invalid SecretStringTemplate: " + e.getMessage(), e);
      }
    }
    return secret.toString();
  }

  // ---- Lambda

  private void function(CfnResource r) {
    if (providerFunctions.contains(r.logicalId())) {
      ignored.add(r.logicalId() + " (AWS::Lambda::Function, custom-resource provider: its work is done by the local cloud)");
      String name = names.name(r.logicalId(), 64);
      String arn = functionArn(name);
      resources.put(r.logicalId(), new LocalResource(r.logicalId(), r.type(), name, name, arn, null, false));
      attrs(r).put("Arn", text(arn));
      return;
    }
    JsonNode p = props(r);
    String name = explicitOr(p, "FunctionName", () -> names.name(r.logicalId(), 64));
    String arn = functionArn(name);
    Path asset = asset(r);
    Map<String, String> env = new TreeMap<>();
    p.path("Environment").path("Variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    JsonNode logging = p.path("LoggingConfig");
    String label = p.has("FunctionName") ? name : LocalNames.human(r.logicalId());
    FunctionSpec spec = new FunctionSpec(r.logicalId(), name, label, arn, p.path("Handler").asText(),
        p.path("Runtime").asText(), p.path("MemorySize").asInt(128), p.path("Timeout").asInt(3), env, asset,
        p.path("ReservedConcurrentExecutions").asInt(0), logging.path("LogFormat").asText("Text"),
        logging.path("ApplicationLogLevel").asText(null));
    if (spec.handler().isEmpty()) {
      throw new TemplateException(r.logicalId() + ": function has no Handler");
    }
    functions.put(r.logicalId(), spec);
    functionAliases.put(name, r.logicalId());
    functionAliases.put(arn, r.logicalId());
    put(r, name, name, arn, null, true, spec.runtime() + ", " + spec.memoryMb() + " MB, " + spec.timeoutSeconds()
        + " s, " + template.assetDir().relativize(asset));
    if (p.has("Layers") && p.get("Layers").size() > 0) {
      notes.add(name + ": Layers are not emulated");
    }
    if (p.path("SnapStart").path("ApplyOn").asText("None").equals("PublishedVersions")) {
      notes.add(name + ": SnapStart is not emulated (every cold start is a full init)");
    }
  }

  private Path asset(CfnResource r) {
    JsonNode meta = r.metadata() == null ? null : r.metadata().get("aws:asset:path");
    Path asset;
    if (meta != null) {
      asset = template.assetDir().resolve(meta.asText()).normalize();
    } else if (r.property("Code").has("ZipFile")) {
      throw new TemplateException(r.logicalId() + ": inline code (Code.ZipFile) cannot run on a Java runtime");
    } else {
      // Synthesized without asset metadata (App.synth() outside the CDK CLI): the asset manifest maps the
      // object key the function's Code points at back to the staged file.
      String key = intrinsics.resolve(r.property("Code").path("S3Key")).asText("");
      asset = AssetManifest.find(template.assetDir(), key).orElseThrow(() -> new TemplateException(r.logicalId()
          + ": cannot find its artifact in " + template.assetDir() + " (no aws:asset:path metadata and no asset "
          + "manifest entry for S3Key '" + key + "')"));
    }
    if (!Files.exists(asset)) {
      throw new TemplateException(r.logicalId() + ": its artifact " + asset + " is missing (synthesize again: "
          + "./pipeline synth)");
    }
    return asset;
  }

  private String functionArn(String name) {
    return "arn:aws:lambda:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":function:" + name;
  }

  private void version(CfnResource r) {
    JsonNode p = props(r);
    String fn = functionLogicalId(p.path("FunctionName").asText(), r.logicalId());
    String arn = resources.get(fn).arn() + ":1";
    functionAliases.put(arn, fn);
    put(r, arn, null, arn, null, true, null);
    attrs(r).put("Version", text("1"));
    attrs(r).put("FunctionArn", text(resources.get(fn).arn()));
  }

  private void alias(CfnResource r) {
    JsonNode p = props(r);
    String fn = functionLogicalId(p.path("FunctionName").asText(), r.logicalId());
    String arn = resources.get(fn).arn() + ":" + p.path("Name").asText();
    functionAliases.put(arn, fn);
    put(r, arn, null, arn, null, true, null);
    attrs(r).put("AliasArn", text(arn));
  }

  private String functionLogicalId(String reference, String from) {
    String fn = functionAliases.get(reference);
    if (fn == null) {
      // A partial ARN or name:qualifier.
      String base = reference.contains(":function:") ? reference.substring(reference.indexOf(":function:") + 10)
          : reference;
      base = base.split(":")[0];
      fn = functionAliases.get(base);
    }
    if (fn == null) {
      throw new TemplateException(from + ": refers to function '" + reference + "', which the template does not run");
    }
    return fn;
  }

  private void mapping(CfnResource r) {
    JsonNode p = props(r);
    String fn = functionLogicalId(p.path("FunctionName").asText(), r.logicalId());
    String sourceArn = p.path("EventSourceArn").asText();
    LocalResource source = resources.values().stream().filter(x -> sourceArn.equals(x.arn())).findFirst()
        .orElseThrow(() -> new TemplateException(r.logicalId() + ": event source " + sourceArn
            + " is not a stream or queue of this template"));
    MappingSpec.Kind kind = switch (source.type()) {
      case "AWS::Kinesis::Stream" -> MappingSpec.Kind.KINESIS;
      case "AWS::SQS::Queue" -> MappingSpec.Kind.SQS;
      default -> throw new TemplateException(r.logicalId() + ": event sources of type " + source.type()
          + " are not emulated (Kinesis and SQS are)");
    };
    boolean kinesisSource = kind == MappingSpec.Kind.KINESIS;
    List<String> notEmulated = new ArrayList<>();
    for (String unsupported : List.of("FilterCriteria", "TumblingWindowInSeconds", "DocumentDBEventSourceConfig",
        "SelfManagedEventSource", "MetricsConfig", "ProvisionedPollerConfig")) {
      if (p.has(unsupported)) {
        notEmulated.add(unsupported);
      }
    }
    if (p.path("ParallelizationFactor").asInt(1) > 1) {
      notEmulated.add("ParallelizationFactor (one batch per shard at a time)");
    }
    String onFailure = p.path("DestinationConfig").path("OnFailure").path("Destination").asText(null);
    Instant timestamp = p.has("StartingPositionTimestamp")
        ? Instant.ofEpochMilli((long) (p.get("StartingPositionTimestamp").asDouble() * 1000)) : null;
    boolean reportFailures = false;
    for (JsonNode t : p.path("FunctionResponseTypes")) {
      reportFailures |= t.asText().equals("ReportBatchItemFailures");
    }
    String uuid = UUID.nameUUIDFromBytes((stackName + "/" + r.logicalId()).getBytes(StandardCharsets.UTF_8)).toString();
    MappingSpec spec = new MappingSpec(r.logicalId(), uuid, fn, kind, sourceArn,
        kinesisSource ? source.name() : source.url(),
        p.path("BatchSize").asInt(kinesisSource ? 100 : 10),
        p.path("MaximumBatchingWindowInSeconds").asInt(0),
        p.path("StartingPosition").asText(kinesisSource ? "LATEST" : null), timestamp, reportFailures,
        p.path("BisectBatchOnFunctionError").asBoolean(false),
        p.path("MaximumRetryAttempts").asInt(-1),
        p.path("MaximumRecordAgeInSeconds").asInt(-1),
        onFailure,
        p.path("ScalingConfig").path("MaximumConcurrency").asInt(0),
        p.path("Enabled").asBoolean(true),
        notEmulated);
    if (onFailure != null && byArn(onFailure) == null) {
      throw new TemplateException(r.logicalId() + ": on-failure destination " + onFailure
          + " is not a queue or topic of this template");
    }
    mappings.add(spec);
    put(r, uuid, null, "arn:aws:lambda:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":event-source-mapping:" + uuid,
        null, true, source.name() + " → " + functions.get(fn).name());
    attrs(r).put("Id", text(uuid));
    if (!notEmulated.isEmpty()) {
      notes.add(r.logicalId() + ": not emulated: " + String.join(", ", notEmulated));
    }
  }

  private LocalResource byArn(String arn) {
    return resources.values().stream().filter(x -> arn.equals(x.arn())).findFirst().orElse(null);
  }

  private void url(CfnResource r) {
    JsonNode p = props(r);
    String target = p.path("TargetFunctionArn").asText();
    if (p.has("Qualifier")) {
      target = target + ":" + p.get("Qualifier").asText();
    }
    String fn = functionLogicalId(target, r.logicalId());
    UrlSpec spec = new UrlSpec(r.logicalId(), fn, urlPorts.getAsInt(), p.path("AuthType").asText("AWS_IAM"),
        p.path("InvokeMode").asText("BUFFERED"));
    urls.add(spec);
    put(r, spec.url(), null, null, spec.url(), true, functions.get(fn).name() + " (auth " + spec.authType()
        + " not enforced locally)");
    attrs(r).put("FunctionUrl", text(spec.url()));
    attrs(r).put("FunctionArn", text(functions.get(fn).arn()));
    if ("RESPONSE_STREAM".equals(spec.invokeMode())) {
      notes.add(r.logicalId() + ": InvokeMode RESPONSE_STREAM is served buffered");
    }
  }

  // ---- ignored

  private void ignore(CfnResource r) {
    String name = names.name(r.logicalId(), 64);
    String service = r.type().startsWith("AWS::") ? r.type().split("::")[1].toLowerCase(Locale.ROOT) : "custom";
    String arn = switch (r.type()) {
      case "AWS::IAM::Role" -> "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/" + name;
      case "AWS::IAM::ManagedPolicy" -> "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":policy/" + name;
      case "AWS::KMS::Key" -> "arn:aws:kms:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":key/"
          + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
      case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":log-group:"
          + props(r).path("LogGroupName").asText(name) + ":*";
      default -> "arn:aws:" + service + ":" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":" + name;
    };
    String ref = switch (r.type()) {
      case "AWS::KMS::Key" -> arn.substring(arn.lastIndexOf('/') + 1);
      case "AWS::Logs::LogGroup" -> props(r).path("LogGroupName").asText(name);
      case "AWS::IAM::ManagedPolicy" -> arn;
      default -> name;
    };
    resources.put(r.logicalId(), new LocalResource(r.logicalId(), r.type(), ref, name, arn, null, false));
    Map<String, JsonNode> a = attrs(r);
    a.put("Arn", text(arn));
    a.put("KeyId", text(ref));
    a.put("RoleId", text("AROA" + Integer.toHexString(name.hashCode()).toUpperCase(Locale.ROOT)));
    a.put("PolicyArn", text(arn));
    ignored.add(r.logicalId() + " (" + r.type() + ")");
  }

  // ---- helpers

  private JsonNode props(CfnResource r) {
    return intrinsics.resolve(r.properties());
  }

  private String explicitOr(JsonNode p, String property, java.util.function.Supplier<String> generated) {
    return p.hasNonNull(property) ? names.explicit(p.get(property).asText()) : generated.get();
  }

  private void put(CfnResource r, String ref, String name, String arn, String url, boolean created, String detail) {
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

  private Map<String, JsonNode> attrs(CfnResource r) {
    return attributes.computeIfAbsent(r.logicalId(), k -> new HashMap<>());
  }

  private static TextNode text(String s) {
    return TextNode.valueOf(s);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String json(JsonNode node) {
    if (node.isTextual()) {
      return node.asText();
    }
    try {
      return Json.MAPPER.writeValueAsString(node);
    } catch (Exception e) {
      throw new TemplateException("Cannot write " + node + " as JSON", e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while provisioning", e);
    }
  }

  private KinesisClient kinesis() {
    return kinesis == null ? kinesis = aws.kinesis() : kinesis;
  }

  private S3Client s3() {
    return s3 == null ? s3 = aws.s3() : s3;
  }

  private SqsClient sqs() {
    return sqs == null ? sqs = aws.sqs() : sqs;
  }

  private SnsClient sns() {
    return sns == null ? sns = aws.sns() : sns;
  }

  private DynamoDbClient dynamoDb() {
    return dynamoDb == null ? dynamoDb = aws.dynamoDb() : dynamoDb;
  }

  private SecretsManagerClient secrets() {
    return secrets == null ? secrets = aws.secretsManager() : secrets;
  }

  private void closeClients() {
    for (AutoCloseable c : new AutoCloseable[] {kinesis, s3, sqs, sns, dynamoDb, secrets}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception ignore) {
          // closing
        }
      }
    }
  }
}
