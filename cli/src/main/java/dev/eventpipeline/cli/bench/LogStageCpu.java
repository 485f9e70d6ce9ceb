package dev.eventpipeline.cli.bench;

import dev.eventpipeline.local.cloud.LocalCloud;
import dev.eventpipeline.local.container.ServiceTasks;
import dev.eventpipeline.local.lambda.FunctionPool;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * CPU time spent by the processes that run the log stages: the ingest, enrich and mask functions'
 * JVMs (Lambda mode), or the logs worker's tasks (KCL mode). What a deployment pays for is the work
 * of these processes; the event source mappings' own polling (Lambda's side, here the local cloud's
 * KCL pollers) is not in it. Processes are sampled when asked: one that exits between two samples
 * loses what it spent since the first.
 */
final class LogStageCpu {
  /** The log functions' logical ids in the stack. */
  static final Set<String> LOG_FUNCTIONS = Set.of("IngestFunction", "EnrichFunction", "MaskFunction");

  private final LocalCloud cloud;
  private final Map<Long, Duration> start = new HashMap<>();

  LogStageCpu(LocalCloud cloud) {
    this.cloud = cloud;
    start.putAll(sample());
  }

  /** CPU time since this was created, over the log stages' processes. */
  Duration spent() {
    Duration total = Duration.ZERO;
    for (Map.Entry<Long, Duration> now : sample().entrySet()) {
      total = total.plus(now.getValue().minus(start.getOrDefault(now.getKey(), Duration.ZERO)));
    }
    return total;
  }

  /** "kcl" when an ECS service runs the log stages, else "lambda". */
  String mode() {
    return cloud.services().isEmpty() ? "lambda" : "kcl";
  }

  private Map<Long, Duration> sample() {
    Map<Long, Duration> cpu = new HashMap<>();
    for (FunctionPool p : cloud.functions()) {
      if (LOG_FUNCTIONS.contains(p.spec().logicalId())) {
        p.pids().forEach(pid -> add(cpu, pid));
      }
    }
    for (ServiceTasks s : cloud.services()) {
      s.pids().forEach(pid -> add(cpu, pid));
    }
    return cpu;
  }

  private static void add(Map<Long, Duration> cpu, long pid) {
    ProcessHandle.of(pid).ifPresent(root -> {
      root.info().totalCpuDuration().ifPresent(d -> cpu.put(root.pid(), d));
      root.descendants().forEach(p -> p.info().totalCpuDuration().ifPresent(d -> cpu.put(p.pid(), d)));
    });
  }
}
