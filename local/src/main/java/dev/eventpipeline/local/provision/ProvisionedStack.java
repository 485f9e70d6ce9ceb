package dev.eventpipeline.local.provision;

import dev.eventpipeline.local.container.ServiceSpec;
import dev.eventpipeline.local.esm.MappingSpec;
import dev.eventpipeline.local.esm.RuleSpec;
import dev.eventpipeline.local.esm.TriggerSpec;
import dev.eventpipeline.local.esm.UrlSpec;
import dev.eventpipeline.local.lambda.FunctionSpec;
import java.util.List;
import java.util.Map;

/**
 * What provisioning produced: every resource's local identity, the functions, event source mappings
 * and function URLs to run, the resolved stack outputs, and what was deliberately not provisioned.
 *
 * @param resources logical id → local resource, in provisioning order
 * @param functions the functions to run (custom-resource providers excluded)
 * @param mappings the event source mappings
 * @param urls the function URLs
 * @param rules the EventBridge rules with Lambda targets
 * @param triggers the CDK Triggers (functions run once the stack is deployed)
 * @param services the ECS services (their tasks run as local processes)
 * @param outputs stack output key → resolved value
 * @param ignored resources with no local effect, as "LogicalId (Type)"
 * @param notes things worth telling the user (settings not emulated, provider functions skipped)
 */
public record ProvisionedStack(Map<String, LocalResource> resources, List<FunctionSpec> functions,
    List<MappingSpec> mappings, List<UrlSpec> urls, List<RuleSpec> rules, List<TriggerSpec> triggers,
    List<ServiceSpec> services, Map<String, String> outputs,
    List<String> ignored, List<String> notes) {

  public ProvisionedStack {
    resources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(resources));
    functions = List.copyOf(functions);
    mappings = List.copyOf(mappings);
    urls = List.copyOf(urls);
    rules = List.copyOf(rules);
    triggers = List.copyOf(triggers);
    services = List.copyOf(services);
    outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
    ignored = List.copyOf(ignored);
    notes = List.copyOf(notes);
  }

  public FunctionSpec function(String logicalId) {
    return functions.stream().filter(f -> f.logicalId().equals(logicalId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No function " + logicalId));
  }

  /** The local resource whose ARN is {@code arn}, or null. */
  public LocalResource byArn(String arn) {
    return resources.values().stream().filter(r -> arn.equals(r.arn())).findFirst().orElse(null);
  }

  /**
   * One provisioned (or deliberately ignored) resource.
   *
   * @param logicalId the template's logical id
   * @param type the CloudFormation type
   * @param ref what Ref returns
   * @param name the local name (stream, bucket, queue, topic, table, function name), or null
   * @param arn the ARN, or null
   * @param url the queue URL or function URL, or null
   * @param provisioned false for resources on the ignore list
   */
  public record LocalResource(String logicalId, String type, String ref, String name, String arn, String url,
      boolean provisioned) {}
}
