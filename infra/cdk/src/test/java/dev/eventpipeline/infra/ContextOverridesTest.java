package dev.eventpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Settings whose non-default values reach the template: redrive, stream sizing, archive lifecycle. */
class ContextOverridesTest {
  private static EventPipelineApp.Synthesis synth;
  private static Template template;

  @BeforeAll
  static void synthesizeOnce() {
    synth = TestSynthesis.with(Map.of(
        "maxReceiveCount", "3",
        "streams.shardCount", "4",
        "streams.retentionHours", "168",
        "archive.storageClass", "DEEP_ARCHIVE",
        "archive.transitionDays", "90",
        "notify.webhookAllowedPorts", "8443,443"));
    template = Template.fromStack(synth.stack());
  }

  @Test
  void staysFreeOfUnsuppressedNagFindings() {
    assertThat(synth.blocking()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void workQueuesRedriveToTheirDlqAfterTheConfiguredReceiveCount() {
    Map<String, Map<String, Object>> resources =
        (Map<String, Map<String, Object>>) (Map<?, ?>) template.toJSON().get("Resources");
    Map.of("ThumbnailJobsQueue", "ThumbnailJobsDlq", "NotifyEventsQueue", "NotifyEventsDlq").forEach((queue, dlq) ->
        assertThat((Map<String, Object>) resources.get(queue).get("Properties")).containsEntry("RedrivePolicy", Map.of(
            "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(dlq, "Arn")), "maxReceiveCount", 3)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void bothNotifyFunctionsGetTheConfiguredWebhookPorts() {
    Map<String, Map<String, Object>> resources =
        (Map<String, Map<String, Object>>) (Map<?, ?>) template.toJSON().get("Resources");
    for (String function : List.of("NotifyFunction", "SubscriptionsApiFunction")) {
      Map<String, Object> properties = (Map<String, Object>) resources.get(function).get("Properties");
      Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) properties.get("Environment"))
          .get("Variables");
      assertThat(variables).as(function).containsEntry("WEBHOOK_ALLOWED_PORTS", "443,8443");
    }
  }

  @Test
  void everyStreamHasTheConfiguredShardsAndRetention() {
    template.resourceCountIs("AWS::Kinesis::Stream", 3);
    template.allResourcesProperties("AWS::Kinesis::Stream", Match.objectLike(Map.of(
        "ShardCount", 4,
        "RetentionPeriodHours", 168,
        "StreamModeDetails", Map.of("StreamMode", "PROVISIONED"))));
  }

  @Test
  void archiveMovesToTheConfiguredClassAfterTheConfiguredDays() {
    template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
        "VersioningConfiguration", Map.of("Status", "Enabled"),
        "LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(Match.objectLike(Map.of(
            "Id", "archive-to-colder-class",
            "Transitions", List.of(Map.of("StorageClass", "DEEP_ARCHIVE", "TransitionInDays", 90))))))))));
  }
}
