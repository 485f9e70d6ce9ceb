package dev.eventpipeline.mask;

import dev.eventpipeline.common.testing.DeploymentPackageContract;

/** The deployment artifact target/mask-function.zip (the checks are the contract's). */
class DeploymentPackageIT extends DeploymentPackageContract {
  DeploymentPackageIT() {
    super("mask");
  }
}
