package dev.eventpipeline.smoketest;

import dev.eventpipeline.common.testing.DeploymentPackageContract;

/** The deployment artifact target/smoketest-function.zip (the checks are the contract's). */
class DeploymentPackageIT extends DeploymentPackageContract {
  DeploymentPackageIT() {
    super("smoketest");
  }
}
