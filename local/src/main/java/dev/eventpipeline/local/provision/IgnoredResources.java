package dev.eventpipeline.local.provision;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventpipeline.local.cloud.LocalAws;
import dev.eventpipeline.local.provision.ProvisionedStack.LocalResource;
import dev.eventpipeline.local.template.CfnResource;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Types with no local effect (IAM, KMS aliases, composite alarms, dashboards, log groups, policies, ...): each gets a placeholder
 * identity (a name, an ARN of the right shape, the attributes templates read) so that references to
 * it resolve, and is reported as ignored.
 */
final class IgnoredResources extends ServiceProvisioner {
  /** Types with no local effect: they get a placeholder identity so that references resolve. */
  public static final Set<String> IGNORED_TYPES = Set.of(
      "AWS::CDK::Metadata", "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy",
      "AWS::IAM::InstanceProfile", "AWS::KMS::Alias", "AWS::Logs::LogGroup",
      "AWS::Logs::MetricFilter", "AWS::Logs::SubscriptionFilter", "AWS::Logs::ResourcePolicy",
      "AWS::CloudWatch::CompositeAlarm", "AWS::CloudWatch::Dashboard",
      "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy", "AWS::S3::BucketPolicy", "AWS::Lambda::Permission",
      "AWS::Lambda::EventInvokeConfig", "AWS::SecretsManager::RotationSchedule",
      "AWS::SecretsManager::ResourcePolicy", "AWS::Kinesis::StreamConsumer", "AWS::SSM::Parameter",
      "AWS::XRay::Group", "AWS::XRay::SamplingRule", "AWS::CloudFormation::WaitConditionHandle",
      "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy",
      "AWS::CodeDeploy::Application", "AWS::CodeDeploy::DeploymentGroup", "AWS::CodeDeploy::DeploymentConfig",
      "AWS::Signer::SigningProfile", "AWS::Lambda::CodeSigningConfig", "Custom::LogRetention",
      "Custom::AWSCDKCfnJson",
      // the network an ECS service runs in: its tasks run on this machine's loopback
      "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::SubnetRouteTableAssociation",
      "AWS::EC2::Route", "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::SecurityGroup",
      "AWS::EC2::SecurityGroupEgress", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::FlowLog",
      "AWS::EC2::VPCEndpoint", "AWS::EC2::NatGateway", "AWS::EC2::EIP", "Custom::VpcRestrictDefaultSG",
      "AWS::ECS::ClusterCapacityProviderAssociations");

  IgnoredResources(ProvisionContext ctx) {
    super(ctx, IGNORED_TYPES.toArray(String[]::new));
  }

  @Override
  void provision(CfnResource r) {
    String name = names.name(r.logicalId(), 64);
    String service = r.type().startsWith("AWS::") ? r.type().split("::")[1].toLowerCase(Locale.ROOT) : "custom";
    String arn = switch (r.type()) {
      case "AWS::IAM::Role" -> "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/" + name;
      case "AWS::IAM::ManagedPolicy" -> "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":policy/" + name;
      case "AWS::Logs::LogGroup" -> "arn:aws:logs:" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":log-group:"
          + props(r).path("LogGroupName").asText(name) + ":*";
      default -> "arn:aws:" + service + ":" + aws.region() + ":" + LocalAws.ACCOUNT_ID + ":" + name;
    };
    String ref = switch (r.type()) {
      case "AWS::Logs::LogGroup" -> props(r).path("LogGroupName").asText(name);
      case "AWS::IAM::ManagedPolicy" -> arn;
      default -> name;
    };
    resources.put(r.logicalId(), new LocalResource(r.logicalId(), r.type(), ref, name, arn, null, false));
    Map<String, JsonNode> a = attrs(r);
    a.put("Arn", text(arn));
    a.put("KeyId", text(ref));
    a.put("RoleId", text("AROA" + Integer.toHexString(name.hashCode()).toUpperCase(Locale.ROOT)));
    a.put("PolicyArn", text(arn));
    // the network of an ECS service: ids of the right shape, for references that are never used here
    a.put("GroupId", text("sg-" + Integer.toHexString(name.hashCode())));
    a.put("VpcId", text("vpc-" + Integer.toHexString(name.hashCode())));
    a.put("SubnetId", text("subnet-" + Integer.toHexString(name.hashCode())));
    a.put("DefaultSecurityGroup", text("sg-default-" + Integer.toHexString(name.hashCode())));
    ignored.add(r.logicalId() + " (" + r.type() + ")");
  }
}
