package dev.eventpipeline.cli;

import dev.eventpipeline.cli.client.CommandSupport;
import dev.eventpipeline.cli.client.PipelineTarget;
import dev.eventpipeline.cli.client.TargetOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on a running pipeline: the target options (endpoint, region, outputs) and
 * the pipeline they resolve to, closed when the command is done. Usage errors found before the
 * pipeline is resolved are thrown as picocli ParameterExceptions (exit 2); {@link CommandSupport#run}
 * turns the rest into exit codes.
 */
abstract class PipelineCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TargetOptions target;

  /** What the command does with the resolved pipeline; returns the exit code. */
  interface Body {
    int run(PipelineTarget pipeline, PrintWriter out) throws Exception;
  }

  /** Runs {@code body} against the pipeline the target options resolve to. */
  final int onPipeline(Body body) {
    return CommandSupport.run(spec, () -> {
      try (PipelineTarget pipeline = PipelineTarget.resolve(target)) {
        return body.run(pipeline, spec.commandLine().getOut());
      }
    });
  }
}
