package dev.eventpipeline.infra.nag;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.cxapi.CloudArtifact;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;
import software.constructs.IConstruct;

/**
 * cdk-nag on every synthesis: the AwsSolutions pack, and the Serverless pack (it checks what
 * AwsSolutions does not: event source mapping destinations, SQS visibility versus function timeout,
 * function URL auth, log levels, SNS subscription redrive). Java's App.synth() returns normally
 * even when nag reports errors, so {@link #findings} reads them from the synthesized assembly.
 */
public final class NagChecks {
  private static final List<String> PACKS = List.of("AwsSolutions-", "Serverless-", "CdkNagValidationFailure");

  private NagChecks() {}

  /** Adds both packs to every construct under {@code scope} (normally the App). */
  public static void apply(IConstruct scope) {
    NagPackProps props = NagPackProps.builder().verbose(true).build();
    Aspects.of(scope).add(new AwsSolutionsChecks(props));
    Aspects.of(scope).add(new ServerlessChecks(props));
  }

  /** One annotation of the synthesized assembly. */
  public record Finding(String level, String path, String message) {
    /** Whether cdk-nag raised it (as opposed to the CDK itself). */
    public boolean fromNag() {
      return PACKS.stream().anyMatch(message::startsWith);
    }

    @Override
    public String toString() {
      return "[" + level + "] " + path + ": " + message;
    }
  }

  /** Every error and warning annotation of every stack in the assembly (info is left out). */
  // aws-cdk-lib's cxapi is deprecated in favour of a separate cloud-assembly library; it works for all
  // of 2.x and saves a second dependency for reading annotations.
  @SuppressWarnings("deprecation")
  public static List<Finding> annotations(CloudAssembly assembly) {
    List<Finding> findings = new ArrayList<>();
    for (CloudArtifact artifact : assembly.getArtifacts()) {
      for (SynthesisMessage m : artifact.getMessages()) {
        if (m.getLevel() == SynthesisMessageLevel.INFO) {
          continue;
        }
        Object data = m.getEntry().getData();
        findings.add(new Finding(m.getLevel().name(), m.getId(), String.valueOf(data)));
      }
    }
    return findings;
  }

  /**
   * What fails synthesis: every unsuppressed nag finding (error or warning) and every CDK error.
   * CDK warnings alone are reported but do not fail it.
   */
  public static List<Finding> blocking(CloudAssembly assembly) {
    return annotations(assembly).stream()
        .filter(f -> f.fromNag() || f.level().equals("ERROR"))
        .toList();
  }
}
