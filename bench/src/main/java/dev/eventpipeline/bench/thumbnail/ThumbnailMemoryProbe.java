package dev.eventpipeline.bench.thumbnail;

import dev.eventpipeline.thumbnail.domain.ThumbnailSet;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak heap while thumbnailing a JPEG (budget for 24 MP: 200 MB). Run it in a heap of that size so
 * the budget is also enforced by the JVM:
 * {@code java -Xmx200m -cp bench/target/benchmarks.jar dev.eventpipeline.bench.thumbnail.ThumbnailMemoryProbe [FILE]}
 * Without FILE it generates a 24 MP synthetic photo first (in a separate step, so generating it is
 * not counted). Reports the sum of the heap pools' peaks (an upper bound of the true peak).
 */
public final class ThumbnailMemoryProbe {
  private ThumbnailMemoryProbe() {}

  public static void main(String[] args) throws Exception {
    byte[] jpeg;
    if (args.length > 0) {
      jpeg = Files.readAllBytes(Path.of(args[0]));
    } else {
      Path file = Files.createTempFile("photo24-", ".jpg");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), SyntheticPhoto.class.getName(), "6000", "4000", file.toString())
          .inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("generating the test photo failed");
      }
      jpeg = Files.readAllBytes(file);
      Files.delete(file);
    }
    Thumbnailer thumbnailer = new Thumbnailer(ThumbnailSettings.defaults());
    thumbnailer.create(jpeg); // warm up class loading outside the measurement
    System.gc();
    long baseline = used();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    ThumbnailSet set = null;
    for (int i = 0; i < 5; i++) {
      set = thumbnailer.create(jpeg);
    }
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("source %dx%d, %,d bytes; max heap %d MB; heap in use before %.1f MB; peak heap (sum of pool peaks) %.1f MB%n",
        set.source().width(), set.source().height(), jpeg.length, Runtime.getRuntime().maxMemory() >> 20,
        baseline / 1048576.0, peak / 1048576.0);
  }

  private static long used() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }
}
