package dev.eventpipeline.local.container;

import dev.eventpipeline.local.lambda.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The running tasks of one ECS service, as ECS keeps them: {@code desiredCount} processes, each
 * replaced when it exits (after a pause, as the service scheduler does), stopped with SIGTERM and,
 * after the container's stop timeout, SIGKILL. Each task's output lines go to {@code log}, prefixed
 * with the service and task number.
 */
public final class ServiceTasks implements AutoCloseable {
  /** How long a stopped task waits before its replacement starts. */
  static final Duration REPLACEMENT_DELAY = Duration.ofSeconds(1);

  private final ServiceSpec spec;
  private final Map<String, String> environment;
  private final ScheduledExecutorService scheduler;
  private final Consumer<String> log;
  private final Process[] tasks;
  private final int[] started;
  private volatile boolean running = true;

  /** @param environment the container's environment with the backend's endpoint and credentials added */
  public ServiceTasks(ServiceSpec spec, Map<String, String> environment, ScheduledExecutorService scheduler,
      Consumer<String> log) {
    this.spec = spec;
    this.environment = Map.copyOf(environment);
    this.scheduler = scheduler;
    this.log = log;
    this.tasks = new Process[spec.desiredCount()];
    this.started = new int[spec.desiredCount()];
  }

  public ServiceSpec spec() {
    return spec;
  }

  /** Starts every task. */
  public void start() {
    for (int i = 0; i < tasks.length; i++) {
      startTask(i);
    }
  }

  /** How many tasks are running now. */
  public synchronized int runningCount() {
    int n = 0;
    for (Process p : tasks) {
      if (p != null && p.isAlive()) {
        n++;
      }
    }
    return n;
  }

  /** How many tasks were started, replacements included. */
  public synchronized int startedCount() {
    int n = 0;
    for (int s : started) {
      n += s;
    }
    return n;
  }

  /** The running tasks' process ids (the wrappers; the JVMs are their descendants). */
  public synchronized List<Long> pids() {
    List<Long> pids = new ArrayList<>();
    for (Process p : tasks) {
      if (p != null && p.isAlive()) {
        pids.add(p.pid());
      }
    }
    return pids;
  }

  /** SIGKILL to task {@code index} (a crash, for fault tests): ECS starts a replacement. */
  public synchronized void kill(int index) {
    Process p = tasks[index];
    if (p != null) {
      ChildProcesses.kill(p.toHandle());
    }
  }

  /** The JVM command a task runs: the image's jar, with the task's memory as the bound of its heap. */
  List<String> command() {
    List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + Math.max(64, spec.memoryMiB() * 3 / 4) + "m", "-XX:+ExitOnOutOfMemoryError",
        "-jar", spec.jar().toString()));
    List<String> command = new ArrayList<>(ChildProcesses.ownSessionPrefix());
    command.addAll(ChildProcesses.stoppedWithThisJvm(java));
    return command;
  }

  private synchronized void startTask(int index) {
    if (!running) {
      return;
    }
    ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(environment);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      log.accept("task " + index + " could not start: " + e.getMessage());
      return;
    }
    tasks[index] = p;
    started[index]++;
    String prefix = spec.containerName() + "/" + index + ": ";
    Thread reader = new Thread(() -> pipe(p, prefix), "task-output-" + spec.name() + "-" + index);
    reader.setDaemon(true);
    reader.start();
    p.onExit().thenAccept(exited -> {
      if (running) {
        log.accept(prefix + "exited with code " + exited.exitValue() + "; a replacement starts in "
            + REPLACEMENT_DELAY.toMillis() + " ms");
        scheduler.schedule(() -> startTask(index), REPLACEMENT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  private void pipe(Process p, String prefix) {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        log.accept(prefix + line);
      }
    } catch (IOException closed) {
      // the task is gone
    }
  }

  /** ECS's stop: SIGTERM to every task, SIGKILL to those still running after the stop timeout. */
  @Override
  public void close() {
    List<Process> stopping = new ArrayList<>();
    synchronized (this) {
      running = false;
      for (Process p : tasks) {
        if (p != null) {
          stopping.add(p);
        }
      }
    }
    List<Thread> stoppers = new ArrayList<>();
    for (Process p : stopping) {
      Thread t = new Thread(() -> ChildProcesses.stop(p.toHandle(), Duration.ofSeconds(spec.stopTimeoutSeconds())));
      t.start();
      stoppers.add(t);
    }
    for (Thread t : stoppers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
