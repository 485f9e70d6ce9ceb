package dev.eventpipeline.infra.constructs;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.sns.CfnTopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * The event bus: the pipeline-events topic every function publishes to (CloudEvents JSON), and the
 * alarm topic CloudWatch alarms notify, with an optional e-mail subscription.
 */
public final class EventBus extends Construct {
  /** {@code alarmEmail} empty means no e-mail subscription. */
  public record Props(String alarmEmail) {}

  /** SNS's AWS managed key. */
  public static final String AWS_MANAGED_SNS_KEY = "alias/aws/sns";

  private final Topic events;
  private final Topic alarms;

  public EventBus(Construct scope, String id, Props props) {
    super(scope, id);
    // The AWS managed key: publishers in the account need no KMS permission, SNS decrypts when it
    // delivers to the SSE-SQS notify queue, and there is no key to pay for or administer.
    events = Topic.Builder.create(this, "EventsTopic")
        .displayName("Lambda Event Pipeline events (CloudEvents 1.0)")
        .enforceSsl(true)
        .build();
    // Set on the resource rather than as masterKey: an imported alias would make grantPublish add
    // kms:GenerateDataKey* on key/* to every publisher, which the AWS managed key does not need.
    ((CfnTopic) events.getNode().getDefaultChild()).setKmsMasterKeyId(AWS_MANAGED_SNS_KEY);
    LogicalIds.set(events, "EventsTopic");

    // CloudWatch cannot publish to a topic encrypted with the AWS managed key; alarms need a
    // customer managed key whose policy lets the CloudWatch service use it. The rest of the key
    // policy is the default AWS recommends: the account root may do kms:* on the key, which leaves
    // it to IAM policies who may use or administer it (no role of this stack is granted any) and
    // keeps the key manageable; a key policy without that admin path can never be repaired. Both
    // statements are on the written allow list of wildcards in EventPipelineStackTest.
    Key alarmKey = Key.Builder.create(this, "AlarmTopicKey")
        .description("Encrypts the Lambda Event Pipeline alarm topic")
        .enableKeyRotation(true)
        .pendingWindow(Duration.days(7))
        // Alarm notifications are transient: nothing encrypted with this key outlives the stack.
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    LogicalIds.set(alarmKey, "AlarmTopicKey");
    alarmKey.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey");
    alarms = Topic.Builder.create(this, "AlarmTopic")
        .displayName("Lambda Event Pipeline alarms")
        .masterKey(alarmKey)
        .enforceSsl(true)
        .build();
    LogicalIds.set(alarms, "AlarmTopic");
    if (!props.alarmEmail().isEmpty()) {
      Nag.suppress(alarms.addSubscription(new EmailSubscription(props.alarmEmail())),
          "Serverless-SNSRedrivePolicy", "An alarm e-mail SNS cannot deliver has nowhere better to go:"
              + " the alarm's state and history stay in CloudWatch, and the dashboard shows it.");
    }
  }

  /** pipeline-events: every function's events; users subscribe with filter policies on eventType. */
  public Topic events() {
    return events;
  }

  /** Where every alarm sends its state changes. */
  public Topic alarms() {
    return alarms;
  }
}
