package dev.eventpipeline.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventpipeline.local.cloud.LocalCloudOptions;
import dev.eventpipeline.local.container.ServiceTasks;
import dev.eventpipeline.local.lambda.FunctionPool;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end suite with the log stages on Fargate (`-c logCompute=fargate`, `up --log-compute kcl`):
 * the same tests pass with ingest, enrich and mask run by the logs worker (the ECS service's task, a
 * local process) instead of three functions behind event source mappings.
 */
class KclEndToEndIT extends EndToEndSuite {
  @Override
  LocalCloudOptions backend(LocalCloudOptions options) throws Exception {
    return options.with(o -> { o.port = LocalCloudIT.freePort(); });
  }

  @Override
  String[] synthContext() {
    return new String[] {"logCompute=fargate"};
  }

  @Test
  @Order(100)
  void theLogStagesRanInTheWorkerAndNoLogFunctionWasInvoked() {
    assertThat(cloud.services()).hasSize(1);
    ServiceTasks worker = cloud.services().get(0);
    assertThat(worker.runningCount()).isEqualTo(worker.spec().desiredCount());
    assertThat(console.matching(" running [ingest on ")).as("the worker's start-up line").isNotEmpty();
    for (FunctionPool p : cloud.functions()) {
      if (p.spec().logicalId().matches("(Ingest|Enrich|Mask)Function")) {
        assertThat(p.stats().snapshot().invocations()).as(p.spec().name() + " invocations").isZero();
      }
    }
  }
}
