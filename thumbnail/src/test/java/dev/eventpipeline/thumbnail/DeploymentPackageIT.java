package dev.eventpipeline.thumbnail;

import dev.eventpipeline.common.testing.DeploymentPackageContract;

/** The deployment artifact target/thumbnail-function.zip (the checks are the contract's). */
class DeploymentPackageIT extends DeploymentPackageContract {
  DeploymentPackageIT() {
    super("thumbnail");
  }
}
