package dev.eventpipeline.remediate;

import dev.eventpipeline.common.testing.DeploymentPackageContract;

/** The deployment artifact target/remediate-function.zip (the checks are the contract's). */
class DeploymentPackageIT extends DeploymentPackageContract {
  DeploymentPackageIT() {
    super("remediate");
  }
}
