package dev.eventpipeline.bench.thumbnail;

import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.function.Supplier;

/**
 * CPU time per thumbnail (the benchmark thread's own CPU time, steady state), next to wall time. On
 * a shared, overloaded machine JMH's wall-clock figures include time spent waiting for a core; CPU
 * time is what one dedicated core (a Lambda function's vCPU) would take. Compare with
 * {@code vipsthumbnail}'s user+sys time on the same file. Usage:
 * {@code taskset -c 0 java -cp bench/target/benchmarks.jar dev.eventpipeline.bench.thumbnail.ThumbnailCpuTime}
 */
public final class ThumbnailCpuTime {
  private ThumbnailCpuTime() {}

  public static void main(String[] args) throws Exception {
    byte[] jpeg12 = SyntheticPhoto.jpeg(4000, 3000, 42, false);
    byte[] jpeg12p = SyntheticPhoto.jpeg(4000, 3000, 42, true);
    byte[] jpeg24 = SyntheticPhoto.jpeg(6000, 4000, 43, false);
    if (args.length > 0) {
      java.nio.file.Files.write(java.nio.file.Path.of(args[0]), jpeg12);
    }
    Thumbnailer to256 = new Thumbnailer(ThumbnailSettings.defaults().withSizes(List.of(256)));
    Thumbnailer all = new Thumbnailer(ThumbnailSettings.defaults());
    measure("12 MP baseline -> 256", () -> to256.create(jpeg12));
    measure("12 MP baseline -> 128,256,512", () -> all.create(jpeg12));
    measure("12 MP progressive -> 256", () -> to256.create(jpeg12p));
    measure("12 MP progressive -> 128,256,512", () -> all.create(jpeg12p));
    measure("24 MP baseline -> 128,256,512", () -> all.create(jpeg24));
    measure("12 MP ImageIO.read (full decode only)", () -> {
      try {
        return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg12));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  private static void measure(String name, Supplier<Object> work) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 30; i++) {
      work.get(); // warm up: JIT
    }
    int n = 40;
    long wall = System.nanoTime();
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      work.get();
    }
    double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / n;
    double wallMs = (System.nanoTime() - wall) / 1e6 / n;
    System.out.printf("%-40s cpu %6.1f ms/op   wall %6.1f ms/op%n", name, cpuMs, wallMs);
  }
}
