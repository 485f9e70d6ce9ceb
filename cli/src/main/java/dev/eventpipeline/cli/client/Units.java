package dev.eventpipeline.cli.client;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and durations for the CLI's output. */
public final class Units {
  private Units() {}

  public static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  }

  public static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    return String.format(Locale.ROOT, "%dm%02ds", millis / 60_000, (millis / 1000) % 60);
  }

  public static String perSecond(long count, Duration d) {
    double seconds = Math.max(d.toNanos() / 1e9, 1e-3);
    return String.format(Locale.ROOT, "%,.0f", count / seconds);
  }
}
