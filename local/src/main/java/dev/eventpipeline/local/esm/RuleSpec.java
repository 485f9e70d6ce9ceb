package dev.eventpipeline.local.esm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One AWS::Events::Rule with an event pattern, run by the local cloud: the events it sees (alarm state
 * changes, {@link AlarmStateBridge}) that match its pattern go to its Lambda targets.
 *
 * @param logicalId the template's logical id
 * @param name the rule's local name
 * @param arn the rule's ARN
 * @param eventPattern the resolved event pattern
 * @param enabled whether its State is ENABLED
 * @param targets its Lambda targets (others are reported as not emulated)
 */
public record RuleSpec(String logicalId, String name, String arn, JsonNode eventPattern, boolean enabled,
    List<Target> targets) {

  public RuleSpec {
    targets = List.copyOf(targets);
  }

  /**
   * A function target.
   *
   * @param id the target's id
   * @param functionLogicalId the function it invokes
   * @param arn what it invokes (function, version or alias ARN)
   * @param deadLetterArn the queue undeliverable events go to, or null
   * @param maximumRetryAttempts retries after a failed invocation (EventBridge's and Lambda's async retries)
   */
  public record Target(String id, String functionLogicalId, String arn, String deadLetterArn,
      int maximumRetryAttempts) {}
}
