package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.template.CfnResource;
import dev.eventpipeline.local.template.TemplateException;
import java.util.HashMap;
import java.util.Map;

/** Provisions SNS topics and subscriptions (filter policies, raw delivery, redrive). */
final class SnsProvisioner extends ServiceProvisioner {
  SnsProvisioner(ProvisionContext ctx) {
    super(ctx);
    handles("AWS::SNS::Topic", this::topic);
    handles("AWS::SNS::Subscription", this::subscription);
  }

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
}
