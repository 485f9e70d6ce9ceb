package dev.eventpipeline.notify;

import dev.eventpipeline.common.testing.DeploymentPackageContract;

/** The deployment artifact target/notify-function.zip (the checks are the contract's). */
class DeploymentPackageIT extends DeploymentPackageContract {
  DeploymentPackageIT() {
    super("notify");
  }
}
