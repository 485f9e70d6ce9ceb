package dev.eventpipeline.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TracingTest {
  @Test
  void runsWorkWhenThereIsNoSegmentOrDaemon() {
    assertThat(Tracing.traced("decode", () -> 42)).isEqualTo(42);
    Tracing.annotate("shard", "x"); // no segment: a no-op, never an exception
  }

  @Test
  void parsesTheRootFromLambdasTraceHeader() {
    assertThat(Tracing.traceIdFromHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
        .contains("1-5759e988-bd862e3fe1be46a994272793");
    assertThat(Tracing.traceIdFromHeader("Parent=1")).isEmpty();
    assertThat(Tracing.traceIdFromHeader(null)).isEmpty();
  }

  @Test
  void sdkInterceptorIsSafeToInstallWithoutASegment() {
    assertThat(Tracing.sdkInterceptor()).isNotNull();
  }
}
