package dev.eventpipeline.ingest;

import dev.eventpipeline.common.testing.DeploymentPackageContract;

/** The deployment artifact target/ingest-function.zip (the checks are the contract's). */
class DeploymentPackageIT extends DeploymentPackageContract {
  DeploymentPackageIT() {
    super("ingest");
  }
}
