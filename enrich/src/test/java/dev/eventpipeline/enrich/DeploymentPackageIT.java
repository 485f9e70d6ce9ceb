package dev.eventpipeline.enrich;

import dev.eventpipeline.common.testing.DeploymentPackageContract;

/** The deployment artifact target/enrich-function.zip (the checks are the contract's). */
class DeploymentPackageIT extends DeploymentPackageContract {
  DeploymentPackageIT() {
    super("enrich");
  }
}
