package dev.eventpipeline.infra.constructs;

import dev.eventpipeline.infra.config.Artifacts;
import dev.eventpipeline.infra.config.FunctionId;
import dev.eventpipeline.infra.config.PipelineSettings;
import dev.eventpipeline.settings.EnvVars;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.services.lambda.ICodeSigningConfig;
import software.constructs.Construct;

/** Builds {@link PipelineFunction}s with the settings every function shares. */
public final class FunctionFactory {
  private final Artifacts artifacts;
  private final PipelineSettings settings;
  private final ICodeSigningConfig codeSigning;

  /** {@code codeSigning} is null when code signing is off. */
  public FunctionFactory(Artifacts artifacts, PipelineSettings settings, ICodeSigningConfig codeSigning) {
    this.artifacts = artifacts;
    this.settings = settings;
    this.codeSigning = codeSigning;
  }

  /** A function from its module's artifact with its settings from context and this environment. */
  public PipelineFunction create(Construct scope, FunctionId id, Map<String, String> environment,
      String description) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    // Alarms read the functions' EMF metrics from this namespace: set it, never rely on a default.
    env.put(EnvVars.METRICS_NAMESPACE, settings.metricsNamespace());
    return new PipelineFunction(scope, id.logicalName(), new PipelineFunction.Props(
        id, artifacts.artifact(id), settings.function(id), env, settings.logRetentionDays(),
        settings.retainData(), codeSigning, description));
  }

  /** Where the functions' artifacts (and the logs worker's image directory) are. */
  public Artifacts artifacts() {
    return artifacts;
  }

  public PipelineSettings settings() {
    return settings;
  }
}
