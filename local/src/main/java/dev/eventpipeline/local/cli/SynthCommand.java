package dev.eventpipeline.local.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `pipeline synth`: Synthesize the CDK app into infra/cdk/cdk.out (offline). */
@Command(name = "synth", mixinStandardHelpOptions = true, description = "Synthesize the CDK app into infra/cdk/cdk.out (offline).")
public final class SynthCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("pipeline synth: not available yet (issue 6)");
    return 1;
  }
}
