package dev.eventpipeline.it;

import dev.eventpipeline.local.cloud.LocalCloud;

/** The end-to-end suite on moto (started by the local cloud on a free port): the default backend. */
class PipelineEndToEndIT extends EndToEndSuite {
  @Override
  LocalCloud.Options backend(LocalCloud.Options options) throws Exception {
    return options.withPort(LocalCloudIT.freePort());
  }
}
