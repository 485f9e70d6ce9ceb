package dev.eventpipeline.local.cloud;

import dev.eventpipeline.local.lambda.FunctionSpec;
import dev.eventpipeline.local.provision.ProvisionedStack;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a particular stack needs on this machine that its template cannot say: data the deployed
 * stack gets from elsewhere (seeded after provisioning, before any function starts) and local-only
 * environment overrides for a function's processes. The emulator knows no stack; the pipeline's
 * hook is {@code dev.eventpipeline.cli.PipelineStackHook}.
 */
public interface StackHook {
  /** No seeding, no overrides. */
  StackHook NONE = new StackHook() {};

  /** After the resources exist and before any function starts. */
  default void afterProvision(ProvisionedStack stack, LocalAws aws, Consumer<String> log) {}

  /** Local-only environment variables for one function's processes, applied last. */
  default Map<String, String> environmentOverrides(FunctionSpec function) {
    return Map.of();
  }
}
