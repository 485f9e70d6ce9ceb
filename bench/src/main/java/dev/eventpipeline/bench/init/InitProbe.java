package dev.eventpipeline.bench.init;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM whose class path is this class and one function's deployment package: loads
 * the handler class and calls its no-argument constructor, as the Lambda runtime does at init, then
 * prints one line: {@code construct_ms cpu_ms} (the handler's load + construction on this thread,
 * and the process' user+sys CPU so far, from /proc, which includes the JVM's own start). Depends on
 * nothing but the JDK, so that it loads nothing the function would not.
 */
public final class InitProbe {
  private InitProbe() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    Class.forName(args[0]).getDeclaredConstructor().newInstance();
    long construct = System.nanoTime() - start;
    System.out.println("INIT " + construct / 1_000_000.0 + " " + processCpuMillis());
  }

  /** utime + stime of this process, in ms (clock ticks of 10 ms), or -1 where /proc is missing. */
  static long processCpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    } catch (Exception e) {
      return -1;
    }
  }
}
