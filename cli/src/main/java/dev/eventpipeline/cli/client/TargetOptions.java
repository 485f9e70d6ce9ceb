package dev.eventpipeline.cli.client;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every command that talks to a running pipeline shares (a picocli mixin). */
public final class TargetOptions {
  @Option(names = "--endpoint", paramLabel = "URL",
      description = "AWS-compatible endpoint to talk to (moto, LocalStack). Default: the running local cloud "
          + "(.pipeline/outputs.json), else real AWS when credentials are configured.")
  URI endpoint;

  @Option(names = "--outputs", paramLabel = "FILE",
      description = "Stack outputs: a JSON object {OutputKey: value}, or the output of "
          + "`aws cloudformation describe-stacks`. Default: <repo>/.pipeline/outputs.json written by `pipeline up`.")
  Path outputs;

  @Option(names = "--region", paramLabel = "REGION",
      description = "Region (default: AWS_REGION, or us-east-1 against a local endpoint).")
  String region;

  @Option(names = "--stack", paramLabel = "NAME", defaultValue = "EventPipeline",
      description = "CloudFormation stack whose outputs name the resources on real AWS (default: ${DEFAULT-VALUE}).")
  String stackName;

  public TargetOptions() {}

  /** Options for code (the demo, tests) that does not go through picocli. */
  public static TargetOptions of(URI endpoint, Path outputs) {
    TargetOptions options = new TargetOptions();
    options.endpoint = endpoint;
    options.outputs = outputs;
    options.stackName = "EventPipeline";
    return options;
  }
}
