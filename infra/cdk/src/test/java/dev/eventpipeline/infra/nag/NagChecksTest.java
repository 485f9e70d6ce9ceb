package dev.eventpipeline.infra.nag;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.constructs.Construct;

/**
 * What fails synthesis: App.synth() returns normally whatever cdk-nag finds, so these prove the
 * findings are read back from the assembly and block it.
 */
class NagChecksTest {
  @TempDir
  Path outdir;

  private List<NagChecks.Finding> blockingFindingsOf(java.util.function.Consumer<Stack> build) {
    App app = new App(AppProps.builder().outdir(outdir.toString()).analyticsReporting(false).build());
    NagChecks.apply(app);
    Stack stack = new Stack(app, "Probe");
    build.accept(stack);
    return NagChecks.blocking(app.synth());
  }

  @Test
  void anUnsuppressedNagFindingBlocksSynthesis() {
    List<NagChecks.Finding> blocking = blockingFindingsOf(stack ->
        Bucket.Builder.create(stack, "Plain").encryption(BucketEncryption.S3_MANAGED).build());
    assertThat(blocking).extracting(NagChecks.Finding::message)
        .anyMatch(m -> m.startsWith("AwsSolutions-S10"))   // no TLS-only policy
        .anyMatch(m -> m.startsWith("AwsSolutions-S1"));   // no access logs
    assertThat(blocking).allMatch(NagChecks.Finding::fromNag);
  }

  @Test
  void aCdkErrorBlocksSynthesisButACdkWarningDoesNot() {
    List<NagChecks.Finding> blocking = blockingFindingsOf(stack -> {
      // A resource, so the template itself is valid.
      new software.amazon.awscdk.CfnWaitConditionHandle(stack, "Handle");
      Construct probe = new Construct(stack, "Probe");
      Annotations.of(probe).addError("something the CDK refused");
      Annotations.of(probe).addWarningV2("probe:warning", "something worth a look");
    });
    assertThat(blocking).extracting(NagChecks.Finding::message)
        .contains("something the CDK refused")
        .noneMatch(m -> m.contains("something worth a look"));
  }
}
