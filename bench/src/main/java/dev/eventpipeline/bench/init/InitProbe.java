package dev.eventpipeline.bench.init;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs in a fresh JVM: loads one function's handler class and calls its no-argument constructor, as
 * the Lambda runtime does at init, then prints one line: {@code construct_ms cpu_ms} (the handler's
 * load + construction on this thread, and the process' user+sys CPU so far, from /proc, which
 * includes the JVM's own start). Depends on nothing but the JDK, so that it loads nothing the
 * function would not.
 *
 * <p>With a task root as second argument the handler is loaded the way the runtime interface client
 * loads it: through a {@link URLClassLoader} over the task root and its {@code lib/*.jar} (sorted),
 * which, like the client's {@code CustomerClassLoader}, is not registered as parallel capable (two
 * threads loading classes from it take turns), and made the thread's context class loader. Without
 * one, the handler comes from the JVM's class path (parallel capable: an init warm-up thread's class
 * loading then overlaps the main thread's, which Lambda's loader does not allow).
 */
public final class InitProbe {
  private InitProbe() {}

  /** The runtime interface client's loader, as far as init is concerned: a plain URLClassLoader subclass. */
  static final class TaskRootClassLoader extends URLClassLoader {
    TaskRootClassLoader(Path taskRoot) throws IOException {
      super(urls(taskRoot), ClassLoader.getSystemClassLoader());
    }

    private static URL[] urls(Path taskRoot) throws IOException {
      List<URL> urls = new ArrayList<>();
      urls.add(taskRoot.toUri().toURL());
      Path lib = taskRoot.resolve("lib");
      if (Files.isDirectory(lib)) {
        try (Stream<Path> jars = Files.list(lib)) {
          for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
            urls.add(jar.toUri().toURL());
          }
        }
      }
      return urls.toArray(URL[]::new);
    }
  }

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    if (args.length > 1) {
      ClassLoader loader = new TaskRootClassLoader(Path.of(args[1]));
      Thread.currentThread().setContextClassLoader(loader);
      Class.forName(args[0], true, loader).getDeclaredConstructor().newInstance();
    } else {
      Class.forName(args[0]).getDeclaredConstructor().newInstance();
    }
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
