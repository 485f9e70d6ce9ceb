package dev.eventpipeline.remediate.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.common.config.ConfigException;
import dev.eventpipeline.common.config.Env;
import dev.eventpipeline.common.json.Json;
import dev.eventpipeline.remediate.domain.RemediationPolicy;
import dev.eventpipeline.remediate.domain.RemediationTarget;
import dev.eventpipeline.settings.EnvVars;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The remediate function's configuration, read once at init (docs/functions.md). */
public record RemediateConfig(String table, String eventsTopicArn, Map<String, RemediationTarget> targets,
    RemediationPolicy policy, int maxMessages) {

  public static RemediateConfig from(Env env) {
    String table = env.required(EnvVars.REMEDIATION_TABLE);
    String topic = env.required(EnvVars.EVENTS_TOPIC_ARN);
    Map<String, RemediationTarget> targets = targets(env.required(EnvVars.REMEDIATION_TARGETS));
    int attempts = env.intValue(EnvVars.REMEDIATION_MAX_ATTEMPTS_PER_HOUR, 3, 1, 60);
    int backoff = env.intValue(EnvVars.REMEDIATION_BACKOFF_SECONDS, 30, 0, 900);
    int maxBackoff = env.intValue(EnvVars.REMEDIATION_MAX_BACKOFF_SECONDS, 900, backoff, 900);
    int maxMessages = env.intValue(EnvVars.REMEDIATION_MAX_MESSAGES, 5000, 1, 1_000_000);
    return new RemediateConfig(table, topic, targets,
        new RemediationPolicy(attempts, Duration.ofSeconds(backoff), Duration.ofSeconds(maxBackoff)), maxMessages);
  }

  /** Parses {@link EnvVars#REMEDIATION_TARGETS}; an invalid entry fails naming the variable. */
  static Map<String, RemediationTarget> targets(String json) {
    JsonNode array;
    try {
      array = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw invalid("not JSON");
    }
    if (!array.isArray()) {
      throw invalid("not a JSON array");
    }
    Map<String, RemediationTarget> targets = new LinkedHashMap<>();
    for (JsonNode t : array) {
      String alarm = t.path("alarm").asText("");
      if (alarm.isEmpty()) {
        throw invalid("an entry has no alarm");
      }
      RemediationTarget target;
      try {
        if (t.hasNonNull("dlq")) {
          target = new RemediationTarget.Redrive(alarm, t.get("dlq").asText(),
              t.hasNonNull("source") ? t.get("source").asText() : null);
        } else if (t.hasNonNull("stream")) {
          target = new RemediationTarget.ScaleStream(alarm, t.get("stream").asText(), t.path("minShards").asInt(1),
              t.path("maxShards").asInt(1));
        } else {
          throw invalid("the entry of alarm " + alarm + " names neither a dlq nor a stream");
        }
      } catch (IllegalArgumentException e) {
        throw invalid(e.getMessage());
      }
      if (targets.put(alarm, target) != null) {
        throw invalid("alarm " + alarm + " appears twice");
      }
    }
    return targets;
  }

  private static ConfigException invalid(String why) {
    return new ConfigException(EnvVars.REMEDIATION_TARGETS, "Invalid value for environment variable "
        + EnvVars.REMEDIATION_TARGETS + ": " + why);
  }
}
