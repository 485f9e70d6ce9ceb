package dev.eventpipeline.infra.constructs;

import java.util.List;
import software.amazon.awscdk.services.codedeploy.AutoRollbackConfig;
import software.amazon.awscdk.services.codedeploy.ILambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaApplication;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentConfig;
import software.amazon.awscdk.services.codedeploy.LambdaDeploymentGroup;
import software.constructs.Construct;

/**
 * Optional gradual deployments: a CodeDeploy deployment group per function shifts the {@code live}
 * alias from the old version to the new one (canary or linear) and rolls back when one of the
 * function's alarms fires — promoting versions between aliases instead of swapping code in place.
 */
public final class SafeDeployments extends Construct {
  /** The CodeDeploy configuration named by a value of PipelineSettings.CANARY_CONFIGS. */
  static ILambdaDeploymentConfig config(String name) {
    return switch (name) {
      case "AllAtOnce" -> LambdaDeploymentConfig.ALL_AT_ONCE;
      case "Canary10Percent5Minutes" -> LambdaDeploymentConfig.CANARY_10_PERCENT_5_MINUTES;
      case "Canary10Percent10Minutes" -> LambdaDeploymentConfig.CANARY_10_PERCENT_10_MINUTES;
      case "Canary10Percent15Minutes" -> LambdaDeploymentConfig.CANARY_10_PERCENT_15_MINUTES;
      case "Canary10Percent30Minutes" -> LambdaDeploymentConfig.CANARY_10_PERCENT_30_MINUTES;
      case "Linear10PercentEvery1Minute" -> LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_1_MINUTE;
      case "Linear10PercentEvery2Minutes" -> LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_2_MINUTES;
      case "Linear10PercentEvery3Minutes" -> LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_3_MINUTES;
      case "Linear10PercentEvery10Minutes" -> LambdaDeploymentConfig.LINEAR_10_PERCENT_EVERY_10_MINUTES;
      default -> throw new IllegalArgumentException("unknown deployment configuration " + name);
    };
  }

  /** {@code config} is one of PipelineSettings.CANARY_CONFIGS. */
  public record Props(String config, List<PipelineFunction> functions, Monitoring monitoring) {}

  public SafeDeployments(Construct scope, String id, Props props) {
    super(scope, id);
    ILambdaDeploymentConfig config = config(props.config());
    LambdaApplication application = LambdaApplication.Builder.create(this, "Application").build();
    for (PipelineFunction fn : props.functions()) {
      LambdaDeploymentGroup group = LambdaDeploymentGroup.Builder.create(this, fn.id().logicalName())
          .application(application)
          .alias(fn.alias())
          .deploymentConfig(config)
          .alarms(props.monitoring().alarmsOf(fn.id()))
          .autoRollback(AutoRollbackConfig.builder()
              .failedDeployment(true)
              .stoppedDeployment(true)
              .deploymentInAlarm(true)
              .build())
          .build();
      Nag.suppress(group, "AwsSolutions-IAM4",
          "CodeDeploy's service role uses AWS's AWSCodeDeployRoleForLambdaLimited, scoped by AWS to"
              + " shifting alias traffic and invoking hooks; writing it by hand adds no safety.");
    }
  }
}
