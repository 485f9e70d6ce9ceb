package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.template.CfnResource;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/** Provisions SQS queues (standard and FIFO, redrive policies). */
final class SqsProvisioner extends ServiceProvisioner {
  SqsProvisioner(ProvisionContext ctx) {
    super(ctx, "AWS::SQS::Queue");
  }

  private static final Map<String, String> QUEUE_ATTRIBUTES = Map.of(
      "DelaySeconds", "DelaySeconds", "MaximumMessageSize", "MaximumMessageSize",
      "MessageRetentionPeriod", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds",
      "ReceiveMessageWaitTimeSeconds", "VisibilityTimeout", "VisibilityTimeout",
      "ContentBasedDeduplication", "ContentBasedDeduplication", "DeduplicationScope", "DeduplicationScope",
      "FifoThroughputLimit", "FifoThroughputLimit");

  @Override
  void provision(CfnResource r) {
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
}
