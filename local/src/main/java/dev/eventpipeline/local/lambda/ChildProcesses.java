package dev.eventpipeline.local.lambda;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starting and stopping the local cloud's child processes. Children run in their own session
 * (setsid) so that Ctrl-C in the terminal reaches only the local cloud, which then stops them in
 * order: pollers first, in-flight invocations finish, then functions, then the backend.
 */
public final class ChildProcesses {
  private static final String SETSID = "/usr/bin/setsid";

  private ChildProcesses() {}

  /** The command prefix that starts a child in its own session, or nothing where setsid is missing. */
  public static List<String> ownSessionPrefix() {
    return new File(SETSID).canExecute() ? List.of(SETSID) : List.of();
  }

  /** SIGTERM to the process and its descendants, SIGKILL to whatever survives {@code grace}. */
  public static void stop(ProcessHandle process, Duration grace) {
    List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
    tree.add(process);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + grace.toNanos();
    for (ProcessHandle p : tree) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      } catch (Exception stillRunning) {
        // killed below
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** SIGKILL at once, descendants included (a function that overran its timeout). */
  public static void kill(ProcessHandle process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
