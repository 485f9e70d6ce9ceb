package dev.eventpipeline.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Set;

/** One resource of a CloudFormation template, as written (properties unresolved). */
public record CfnResource(String logicalId, String type, JsonNode properties, JsonNode metadata,
    Set<String> dependsOn, String condition) {

  /** The raw (unresolved) property, or a missing node. */
  public JsonNode property(String name) {
    JsonNode value = properties == null ? null : properties.get(name);
    return value == null ? MissingNode.getInstance() : value;
  }

  /** The CDK construct path from the metadata (aws:cdk:path), or the logical id. */
  public String path() {
    JsonNode p = metadata == null ? null : metadata.get("aws:cdk:path");
    return p == null ? logicalId : p.asText();
  }
}
