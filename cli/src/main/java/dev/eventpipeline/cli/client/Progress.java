package dev.eventpipeline.cli.client;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr, redrawn at most every 100 ms: share of input read (when the
 * total is known), records sent, bytes, and records/s. Disabled, it does nothing.
 */
public final class Progress {
  private static final int WIDTH = 24;
  private final PrintWriter out;
  private final boolean enabled;
  private final long totalInputBytes;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;
  private long inputBytes;
  private long records;
  private long bytes;
  private int lastWidth;

  /** @param totalInputBytes the input size, or -1 when unknown (stdin) */
  public Progress(PrintWriter out, boolean enabled, long totalInputBytes) {
    this.out = out;
    this.enabled = enabled;
    this.totalInputBytes = totalInputBytes;
  }

  public static Progress disabled() {
    return new Progress(new PrintWriter(java.io.OutputStream.nullOutputStream()), false, -1);
  }

  public synchronized void input(long bytesRead) {
    inputBytes = bytesRead;
    draw(false);
  }

  public synchronized void sent(long totalRecords, long totalBytes) {
    records = totalRecords;
    bytes = totalBytes;
    draw(false);
  }

  /** Clears the bar (the caller prints its summary next). */
  public synchronized void finish() {
    if (enabled && lastWidth > 0) {
      draw(true);
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      out.flush();
    }
  }

  private void draw(boolean force) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDrawNanos < 100_000_000L) {
      return;
    }
    lastDrawNanos = now;
    double seconds = Math.max((now - startNanos) / 1e9, 1e-3);
    StringBuilder line = new StringBuilder("\r");
    if (totalInputBytes > 0) {
      double share = Math.min(1.0, (double) inputBytes / totalInputBytes);
      int filled = (int) Math.round(share * WIDTH);
      line.append('[').append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", Math.round(share * 100)));
    }
    line.append(String.format(Locale.ROOT, "%,d records  %s  %,.0f rec/s", records, Units.bytes(bytes),
        records / seconds));
    int width = line.length() - 1;
    if (width < lastWidth) {
      line.append(" ".repeat(lastWidth - width));
    }
    lastWidth = width;
    out.print(line);
    out.flush();
  }
}
