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

  /**
   * {@code command} wrapped so that it is stopped when this JVM goes away by any means, SIGKILL
   * included (no shutdown hook runs then): a POSIX shell starts it, keeps a copy of its standard input
   * (the pipe from this JVM, which the JVM never closes) and sends it SIGTERM when that pipe reaches
   * end of file, which the kernel signals when the JVM's end closes as the JVM dies. The shell exits
   * with the command's own exit status, so "it exited with code N" checks still see the command.
   * The command's standard input is not used (it gets none).
   */
  public static List<String> stoppedWithThisJvm(List<String> command) {
    List<String> wrapped = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
        "exec 3<&0; \"$@\" 3<&- </dev/null & child=$!; "
            + "{ cat <&3 >/dev/null; kill -TERM \"$child\" 2>/dev/null; } & "
            + "wait \"$child\"", "sh"));
    wrapped.addAll(command);
    return wrapped;
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
