package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.cloud.CloudWatchAlarms;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.template.CfnResource;
import dev.eventpipeline.local.template.TemplateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provisions CloudWatch metric alarms (put-metric-alarm: one metric, or metric data queries with a
 * MetricStat each), so that {@code aws cloudwatch describe-alarms} and {@code set-alarm-state} work
 * against them. The backend does not evaluate them against metrics and no alarm action is run: a state
 * changes when someone sets it, and the local cloud routes the change to the EventBridge rules that
 * match it (esm's AlarmStateBridge).
 */
final class CloudWatchProvisioner extends ServiceProvisioner {
  CloudWatchProvisioner(ProvisionContext ctx) {
    super(ctx, "AWS::CloudWatch::Alarm");
  }

  @Override
  void provision(CfnResource r) {
    JsonNode p = props(r);
    String name = explicitOr(p, "AlarmName", () -> names.name(r.logicalId(), 255));
    List<CloudWatchAlarms.Metric> metrics = new ArrayList<>();
    if (p.has("Metrics")) {
      for (JsonNode m : p.get("Metrics")) {
        JsonNode stat = m.path("MetricStat");
        if (m.has("Expression") || stat.isMissingNode()) {
          throw new TemplateException(r.logicalId() + ": metric math alarms are not provisioned locally");
        }
        metrics.add(new CloudWatchAlarms.Metric(m.path("Id").asText(), stat.path("Metric").path("Namespace").asText(),
            stat.path("Metric").path("MetricName").asText(), dimensions(stat.path("Metric").path("Dimensions")),
            stat.path("Period").asInt(60), stat.path("Stat").asText(), m.path("ReturnData").asBoolean(true)));
      }
    } else {
      metrics.add(new CloudWatchAlarms.Metric("m1", p.path("Namespace").asText(), p.path("MetricName").asText(),
          dimensions(p.path("Dimensions")), p.path("Period").asInt(60), p.path("Statistic").asText(p.path(
              "ExtendedStatistic").asText("Sum")), true));
    }
    List<CloudWatchAlarms.Alarm> existing = cloudWatch().describe(List.of(name));
    cloudWatch().put(new CloudWatchAlarms.Definition(name, p.path("AlarmDescription").asText(null),
        p.path("ComparisonOperator").asText(), p.path("EvaluationPeriods").asInt(1),
        p.has("DatapointsToAlarm") ? p.get("DatapointsToAlarm").asInt() : null, p.path("Threshold").asDouble(),
        p.path("TreatMissingData").asText(null), metrics));
    if (!existing.isEmpty() && !"OK".equals(existing.get(0).state())) {
      // As on AWS, updating an alarm leaves its state alone (the backend would reset it).
      cloudWatch().setState(name, existing.get(0).state(), String.valueOf(existing.get(0).stateReason()));
    }
    String arn = "arn:aws:cloudwatch:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":alarm:" + name;
    put(r, name, name, arn, null, existing.isEmpty(), "not evaluated locally: set-alarm-state");
  }

  private static Map<String, String> dimensions(JsonNode array) {
    Map<String, String> out = new LinkedHashMap<>();
    array.forEach(d -> out.put(d.path("Name").asText(), d.path("Value").asText()));
    return out;
  }
}
