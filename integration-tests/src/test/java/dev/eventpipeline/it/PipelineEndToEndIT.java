package dev.eventpipeline.it;

import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.cloud.LocalCloudOptions;

/** The end-to-end suite on moto (started by the local cloud on a free port): the default backend. */
class PipelineEndToEndIT extends EndToEndSuite {
  @Override
  LocalCloudOptions backend(LocalCloudOptions options) throws Exception {
    return options.with(o -> { o.port = LocalCloudIT.freePort(); });
  }
}
