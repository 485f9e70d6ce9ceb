package dev.eventpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.infra.config.FunctionId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The settings that switch optional parts on: code signing, canary deployments, e-mail, on-demand streams. */
class OptionalFeaturesTest {
  private static EventPipelineApp.Synthesis synth;
  private static Template template;

  @BeforeAll
  static void synthesizeOnce() {
    synth = TestSynthesis.with(Map.of(
        "codeSigning", "ENFORCE",
        "canary.deploymentConfig", "Canary10Percent5Minutes",
        "alarmEmail", "ops@example.com",
        "streams.mode", "ON_DEMAND",
        "uploads.prefix", "incoming/",
        "uploads.suffix", ".jpg",
        "retainData", "false",
        "ingest.memoryMiB", "1536",
        "account", "210987654321",
        "region", "eu-west-1"));
    template = Template.fromStack(synth.stack());
  }

  @Test
  void staysFreeOfUnsuppressedNagFindings() {
    assertThat(synth.blocking()).isEmpty();
  }

  @Test
  void accountAndRegionComeFromContext() {
    assertThat(synth.stack().getAccount()).isEqualTo("210987654321");
    assertThat(synth.stack().getRegion()).isEqualTo("eu-west-1");
  }

  @Test
  void codeSigningEnforcesTheSigningProfileOnEveryFunction() {
    template.resourceCountIs("AWS::Signer::SigningProfile", 1);
    template.hasResourceProperties("AWS::Signer::SigningProfile", Map.of("PlatformId", "AWSLambda-SHA384-ECDSA"));
    template.hasResourceProperties("AWS::Lambda::CodeSigningConfig", Match.objectLike(Map.of(
        "CodeSigningPolicies", Map.of("UntrustedArtifactOnDeployment", "Enforce"))));
    for (FunctionId id : FunctionId.values()) {
      template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
          "Handler", id.handler(),
          "CodeSigningConfigArn", Match.anyValue())));
    }
  }

  @Test
  void canaryShiftsEveryLiveAliasAndRollsBackOnTheFunctionsAlarms() {
    template.resourceCountIs("AWS::CodeDeploy::Application", 1);
    template.resourceCountIs("AWS::CodeDeploy::DeploymentGroup", FunctionId.values().length);
    template.allResourcesProperties("AWS::CodeDeploy::DeploymentGroup", Match.objectLike(Map.of(
        "DeploymentConfigName", "CodeDeployDefault.LambdaCanary10Percent5Minutes",
        "AlarmConfiguration", Match.objectLike(Map.of(
            "Enabled", true,
            "Alarms", Match.arrayWith(List.of(Match.objectLike(Map.of("Name", Match.anyValue())))))),
        "AutoRollbackConfiguration", Match.objectLike(Map.of("Enabled", true)))));
    template.allResources("AWS::Lambda::Alias", Match.objectLike(Map.of(
        "UpdatePolicy", Map.of("CodeDeployLambdaAliasUpdate", Match.objectLike(Map.of(
            "ApplicationName", Match.anyValue(), "DeploymentGroupName", Match.anyValue()))))));
  }

  @Test
  void alarmTopicGetsTheEmailSubscription() {
    template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
        "Protocol", "email",
        "Endpoint", "ops@example.com",
        "TopicArn", Map.of("Ref", "AlarmTopic")));
  }

  @Test
  void onDemandStreamsHaveNoShardCount() {
    template.allResourcesProperties("AWS::Kinesis::Stream", Match.objectLike(Map.of(
        "StreamModeDetails", Map.of("StreamMode", "ON_DEMAND"),
        "ShardCount", Match.absent())));
  }

  @Test
  void uploadNotificationsAreFilteredByPrefixAndSuffix() {
    for (Map<String, String> rule : List.of(
        Map.of("Name", "prefix", "Value", "incoming/"), Map.of("Name", "suffix", "Value", ".jpg"))) {
      template.hasResourceProperties("Custom::S3BucketNotifications", Match.objectLike(Map.of(
          "NotificationConfiguration", Map.of("QueueConfigurations", List.of(Match.objectLike(Map.of(
              "Filter", Map.of("Key", Map.of("FilterRules", Match.arrayWith(List.of(rule)))))))))));
    }
  }

  @Test
  void dataIsDeletedWithTheStackWhenRetainDataIsOff() {
    template.allResources("AWS::S3::Bucket", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
    template.allResources("AWS::DynamoDB::Table", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
    template.allResourcesProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
        "DeletionProtectionEnabled", false)));
  }

  @Test
  void perFunctionSettingsComeFromContext() {
    template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
        "Handler", FunctionId.INGEST.handler(), "MemorySize", 1536)));
  }
}
