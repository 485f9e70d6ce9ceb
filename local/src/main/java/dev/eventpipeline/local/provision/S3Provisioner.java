package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.template.CfnResource;
import dev.eventpipeline.local.template.TemplateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3KeyFilter;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

/** Provisions S3 buckets (versioning, notifications to SQS and SNS) and the CDK's bucket-notifications custom resource. */
final class S3Provisioner extends ServiceProvisioner {
  S3Provisioner(ProvisionContext ctx) {
    super(ctx);
    handles("AWS::S3::Bucket", this::bucket);
    handles("Custom::S3BucketNotifications", this::bucketNotifications);
  }

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
}
