package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.FunctionSettings;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.settings.EnvVars;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The notifier: notify-events (raw delivery from pipeline-events) feeds the notify function, which
 * signs and delivers webhooks to the subscriptions kept in DynamoDB; the subscription API serves
 * those subscriptions on a function URL with AWS_IAM auth.
 */
public final class Notifier extends Construct {
  /** The subscriptions table's index by owner; notify's DynamoDbSubscriptionStore queries it by this name. */
  public static final String OWNER_INDEX = "owner-index";

  /** What the notifier needs from the rest of the stack. */
  public record Props(FunctionFactory functions, ITopic events) {}

  private final Table subscriptions;
  private final Table deliveries;
  private final Key secretsKey;
  private final SecureQueue notifyEvents;
  private final Queue subscriptionDlq;
  private final PipelineFunction notify;
  private final PipelineFunction api;
  private final FunctionUrl apiUrl;

  public Notifier(Construct scope, String id, Props props) {
    super(scope, id);
    PipelineSettings s = props.functions().settings();

    subscriptions = table("Subscriptions", "id", null, s.retainData());
    // The API lists a caller's subscriptions by owner without scanning everyone's (docs/webhooks.md):
    // a sparse index (items without an owner are not in it), sorted by creation, every attribute
    // projected so a listing is one Query; the secrets in it are ciphertext like the table's.
    subscriptions.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
        .indexName(OWNER_INDEX)
        .partitionKey(Attribute.builder().name("owner").type(AttributeType.STRING).build())
        .sortKey(Attribute.builder().name("createdAt").type(AttributeType.STRING).build())
        .projectionType(ProjectionType.ALL)
        .build());
    deliveries = table("Deliveries", "pk", "expiresAt", s.retainData());

    secretsKey = secretsKey(s.retainData());

    FunctionSettings fs = s.function(FunctionId.NOTIFY);
    notifyEvents = new SecureQueue(this, "Events", new SecureQueue.Props("NotifyEvents",
        Duration.seconds(fs.timeoutSeconds()), Duration.seconds(fs.batchingWindowSeconds()),
        s.maxReceiveCount()));
    // Where SNS puts what it could not deliver to the queue (e.g. a broken queue policy).
    subscriptionDlq = SecureQueue.deadLetterQueue(this, "SubscriptionDlq", "NotifySubscriptionDlq",
        "the dead-letter queue of the topic's subscription of NotifyEventsQueue");
    props.events().addSubscription(SqsSubscription.Builder.create(notifyEvents.queue())
        .rawMessageDelivery(true)
        .deadLetterQueue(subscriptionDlq)
        .build());
    LogicalIds.setOnly(this, software.amazon.awscdk.services.sns.CfnSubscription.class,
        "NotifyEventsSubscription", r -> true);

    Map<String, String> notifyEnv = new LinkedHashMap<>();
    notifyEnv.put(EnvVars.SUBSCRIPTIONS_TABLE, subscriptions.getTableName());
    notifyEnv.put(EnvVars.DELIVERIES_TABLE, deliveries.getTableName());
    notifyEnv.put(EnvVars.WEBHOOK_ALLOWED_PORTS, s.webhooks().allowedPorts());
    notifyEnv.put(EnvVars.SUBSCRIPTIONS_KEY_ID, secretsKey.getKeyArn());
    notify = props.functions().create(this, FunctionId.NOTIFY, notifyEnv,
        "Delivers pipeline events to webhook subscribers (notify-events -> webhooks)");
    // Reads every subscription (Scan) and disables one after a 410 Gone (UpdateItem); never the
    // owner index. Explicit resources: the table's grant*() would add <table>/index/* for the index.
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(notify.alias())
        .actions(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Scan", "dynamodb:Query",
            "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:UpdateItem"))
        .resourceArns(List.of(subscriptions.getTableArn()))
        .build());
    deliveries.grantReadWriteData(notify.alias());
    notify.consume(notifyEvents.queue(), fs, "NotifyEventSourceMapping", "NotifyEventsDlq");

    Map<String, String> apiEnv = new LinkedHashMap<>();
    apiEnv.put(EnvVars.SUBSCRIPTIONS_TABLE, subscriptions.getTableName());
    apiEnv.put(EnvVars.WEBHOOK_ALLOWED_PORTS, s.webhooks().allowedPorts());
    apiEnv.put(EnvVars.SUBSCRIPTIONS_KEY_ID, secretsKey.getKeyArn());
    if (!s.webhooks().subscriptionAdmins().isEmpty()) {
      apiEnv.put(EnvVars.SUBSCRIPTION_ADMINS, String.join(",", s.webhooks().subscriptionAdmins()));
    }
    api = props.functions().create(this, FunctionId.SUBSCRIPTIONS_API, apiEnv,
        "Webhook subscription API (function URL, AWS_IAM auth)");
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(api.alias())
        .actions(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Scan", "dynamodb:Query",
            "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable", "dynamodb:PutItem", "dynamodb:UpdateItem",
            "dynamodb:DeleteItem"))
        .resourceArns(List.of(subscriptions.getTableArn()))
        .build());
    // Listings by owner: a Query on that one index.
    Grant.addToPrincipal(GrantOnPrincipalOptions.builder().grantee(api.alias())
        .actions(List.of("dynamodb:Query"))
        .resourceArns(List.of(subscriptions.getTableArn() + "/index/" + OWNER_INDEX))
        .build());
    apiUrl = api.alias().addFunctionUrl(FunctionUrlOptions.builder()
        .authType(FunctionUrlAuthType.AWS_IAM)
        .build());
    LogicalIds.set(apiUrl, "SubscriptionsApiFunctionUrl");

    // Cryptographic use of the secrets key (envelope encryption: a data key per secret): only these two
    // roles, only with the encryption context KmsSecretCipher always sends. In the key policy itself, so no IAM policy in the account can add a user.
    secretsKey.addToResourcePolicy(keyUse("DeliveryDecryptsSecrets", notify, List.of("kms:Decrypt")));
    secretsKey.addToResourcePolicy(keyUse("ApiSealsAndTestsSecrets", api, List.of("kms:GenerateDataKey", "kms:Decrypt")));
  }

  /** The purpose in the encryption context of every secret (notify's KmsSecretCipher.PURPOSE). */
  public static final String SECRET_PURPOSE = "webhook-signing-secret";

  /**
   * The customer-managed key of the webhook secrets: yearly rotation, and a key policy that lets the
   * account administer the key (so it can never become unmanageable) but not use it: the account
   * root gets no kms:Encrypt/Decrypt/GenerateDataKey, so IAM policies cannot grant anyone else use.
   */
  private Key secretsKey(boolean retain) {
    PolicyDocument policy = PolicyDocument.Builder.create().statements(List.of(PolicyStatement.Builder.create()
        .sid("AccountAdministersButDoesNotUseTheKey")
        .principals(List.of(new AccountRootPrincipal()))
        .actions(List.of("kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
            "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
            "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"))
        .resources(List.of("*"))
        .build())).build();
    Key key = Key.Builder.create(this, "SecretsKey")
        .description("Encrypts webhook signing secrets in the subscriptions table (notify, subscriptions-api)")
        .enableKeyRotation(true)
        .policy(policy)
        .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
        .build();
    LogicalIds.set(key, "WebhookSecretsKey");
    return key;
  }

  private static PolicyStatement keyUse(String sid, PipelineFunction function, List<String> actions) {
    return PolicyStatement.Builder.create()
        .sid(sid)
        .principals(List.of(new ArnPrincipal(function.role().getRoleArn())))
        .actions(actions)
        .resources(List.of("*")) // in a key policy, "*" is this key
        .conditions(Map.of("StringEquals", Map.of("kms:EncryptionContext:purpose", SECRET_PURPOSE)))
        .build();
  }

  private Table table(String name, String partitionKey, String ttlAttribute, boolean retain) {
    Table table = Table.Builder.create(this, name)
        .partitionKey(Attribute.builder().name(partitionKey).type(AttributeType.STRING).build())
        // On demand: webhook traffic follows the pipeline's bursts; nothing to capacity-plan.
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
            .pointInTimeRecoveryEnabled(true)
            .build())
        // aws/dynamodb: KMS-encrypted and visible in CloudTrail, with no key to administer.
        .encryption(TableEncryption.AWS_MANAGED)
        .timeToLiveAttribute(ttlAttribute)
        .deletionProtection(retain)
        .removalPolicy(retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
        .build();
    LogicalIds.set(table, name + "Table");
    return table;
  }

  public Table subscriptions() {
    return subscriptions;
  }

  public Key secretsKey() {
    return secretsKey;
  }

  public Table deliveries() {
    return deliveries;
  }

  public SecureQueue notifyEvents() {
    return notifyEvents;
  }

  public Queue subscriptionDlq() {
    return subscriptionDlq;
  }

  public PipelineFunction notifyFunction() {
    return notify;
  }

  public PipelineFunction apiFunction() {
    return api;
  }

  public FunctionUrl apiUrl() {
    return apiUrl;
  }
}
