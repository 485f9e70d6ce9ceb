package dev.eventpipeline.bench.thumbnail;

import dev.eventpipeline.thumbnail.domain.Thumbnail;
import dev.eventpipeline.thumbnail.domain.ThumbnailSet;
import dev.eventpipeline.settings.ThumbnailSettings;
import dev.eventpipeline.thumbnail.domain.Thumbnailer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our thumbnailer and libvips' {@code vipsthumbnail} side by side, in one run, on the same files and
 * the same core. The SyntheticPhoto corpus (12 MP baseline, 12 MP progressive, 24 MP baseline) is
 * written to N files per kind; then, in interleaved rounds, for each kind and each size set:
 *
 * <ul>
 *   <li>ours: read each file, {@link Thumbnailer#create}, write each thumbnail; the thread's CPU time
 *       per image in steady state (after a warm-up), and the whole JVM's CPU time (with GC and JIT
 *       threads) for reference;
 *   <li>vips: ONE {@code vipsthumbnail f1 .. fN -s SIZE -o DIR/%s.jpg[Q=82,strip]} process per size
 *       (VIPS_CONCURRENCY=1, the same quality as ours and no metadata, pinned to this process's CPUs
 *       with taskset), its user+sys CPU (getrusage of the child, through bash's {@code times});
 *       per image both amortized (total / N, with process start and library init) and marginal
 *       ((T(N) - T(1)) / (N - 1), the steady state comparable with ours). For three sizes vips runs
 *       once per size (it makes one size per run, decoding each time) and the three are summed.
 * </ul>
 *
 * Best of the rounds for every figure. vips is skipped when it is not installed. Usage (one core):
 * {@code taskset -c 0 java -Xmx350m -cp bench/target/benchmarks.jar dev.eventpipeline.bench.thumbnail.VipsSideBySide [N] [ROUNDS] [DIR]}
 */
public final class VipsSideBySide {
  private static final int QUALITY = ThumbnailSettings.DEFAULT_JPEG_QUALITY;
  private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");

  private VipsSideBySide() {}

  record Kind(String name, List<Path> files) {}

  record Figures(double oursThread, double oursProcess, double vipsMarginal, double vipsAmortized) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("vips-side-by-side");
    Files.createDirectories(dir);
    String cpus = affinity();
    boolean vips = onPath("vipsthumbnail");
    System.out.printf("N=%d files per kind, %d rounds, dir %s, CPUs %s, vipsthumbnail %s%n", n, rounds, dir,
        cpus == null ? "(taskset not found)" : cpus, vips ? version() : "NOT INSTALLED: ours only");

    List<Kind> kinds = List.of(
        corpus(dir, "12mp", SyntheticPhoto.jpeg(4000, 3000, 42, false), n),
        corpus(dir, "12mp-progressive", SyntheticPhoto.jpeg(4000, 3000, 42, true), n),
        corpus(dir, "24mp", SyntheticPhoto.jpeg(6000, 4000, 43, false), n));
    List<List<Integer>> sizeSets = List.of(List.of(256), List.of(128, 256, 512));
    Path out = Files.createDirectories(dir.resolve("out"));

    // Warm-up: our JIT reaches steady state on every kind and size set.
    for (int i = 0; i < 6; i++) {
      for (Kind kind : kinds) {
        for (List<Integer> sizes : sizeSets) {
          ours(kind, sizes, out, Math.min(n, 5));
        }
      }
    }

    Map<String, Figures> best = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (Kind kind : kinds) {
        for (List<Integer> sizes : sizeSets) {
          String key = kind.name() + " -> " + sizes.toString().replace(" ", "");
          double[] ours = ours(kind, sizes, out, n);
          double marginal = Double.NaN;
          double amortized = Double.NaN;
          if (vips) {
            marginal = 0;
            amortized = 0;
            for (int size : sizes) {
              double all = vips(kind.files(), size, out, cpus);
              double one = vips(kind.files().subList(0, 1), size, out, cpus);
              amortized += all / n;
              marginal += (all - one) / (n - 1);
            }
          }
          Figures f = new Figures(ours[0], ours[1], marginal, amortized);
          System.out.printf("round %d  %-34s ours %6.1f ms (jvm %6.1f)  vips %6.1f ms (amortized %6.1f)%n",
              round, key, f.oursThread(), f.oursProcess(), f.vipsMarginal(), f.vipsAmortized());
          best.merge(key, f, (a, b) -> new Figures(Math.min(a.oursThread(), b.oursThread()),
              Math.min(a.oursProcess(), b.oursProcess()), Math.min(a.vipsMarginal(), b.vipsMarginal()),
              Math.min(a.vipsAmortized(), b.vipsAmortized())));
        }
      }
    }

    System.out.printf("%nBest of %d rounds, CPU ms per image (N=%d):%n", rounds, n);
    System.out.printf("%-34s %12s %12s %14s %15s %10s%n", "task", "ours thread", "ours JVM", "vips marginal",
        "vips amortized", "ours/vips");
    for (Map.Entry<String, Figures> e : best.entrySet()) {
      Figures f = e.getValue();
      System.out.printf("%-34s %12.1f %12.1f %14.1f %15.1f %10.2f%n", e.getKey(), f.oursThread(), f.oursProcess(),
          f.vipsMarginal(), f.vipsAmortized(), f.oursThread() / f.vipsMarginal());
    }
  }

  private static Kind corpus(Path dir, String name, byte[] jpeg, int n) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path file = dir.resolve(String.format("%s-%02d.jpg", name, i));
      Files.write(file, jpeg);
      files.add(file);
    }
    System.out.printf("%-18s %d x %d bytes%n", name, n, jpeg.length);
    return new Kind(name, files);
  }

  /** Ours over the files: {thread CPU ms per image, JVM CPU ms per image}. */
  private static double[] ours(Kind kind, List<Integer> sizes, Path out, int count) throws IOException {
    Thumbnailer thumbnailer = new Thumbnailer(ThumbnailSettings.defaults().withSizes(sizes));
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long process = os.getProcessCpuTime();
    long cpu = threads.getCurrentThreadCpuTime();
    for (Path file : kind.files().subList(0, count)) {
      ThumbnailSet set = thumbnailer.create(Files.readAllBytes(file));
      String base = file.getFileName().toString().replace(".jpg", "");
      for (Thumbnail t : set.thumbnails()) {
        Files.write(out.resolve(base + "-" + t.size() + ".jpg"), t.data());
      }
    }
    double thread = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / count;
    double jvm = (os.getProcessCpuTime() - process) / 1e6 / count;
    return new double[] {thread, jvm};
  }

  /** One vipsthumbnail process over the files: its user+sys CPU in ms. */
  private static double vips(List<Path> files, int size, Path out, String cpus) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\" >/dev/null || exit 1; times", "vips"));
    if (cpus != null) {
      command.addAll(List.of("taskset", "-c", cpus));
    }
    command.add("vipsthumbnail");
    files.forEach(f -> command.add(f.toString()));
    command.addAll(List.of("-s", Integer.toString(size), "-o", out + "/%s-vips-" + size + ".jpg[Q=" + QUALITY + ",strip]"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("VIPS_CONCURRENCY", "1");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("vipsthumbnail failed: " + output);
    }
    // `times`: the shell's own user/sys, then its children's (the vipsthumbnail process).
    Matcher m = TIMES.matcher(output);
    double[] last = null;
    while (m.find()) {
      last = new double[] {Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2)),
          Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4))};
    }
    if (last == null) {
      throw new IllegalStateException("no CPU times from bash: " + output);
    }
    return (last[0] + last[1]) * 1000;
  }

  /** This process's CPU list (children inherit it; passed to taskset explicitly anyway), or null. */
  private static String affinity() throws IOException, InterruptedException {
    if (!onPath("taskset")) {
      return null;
    }
    String s = run("taskset", "-cp", Long.toString(ProcessHandle.current().pid()));
    int colon = s.lastIndexOf(':');
    return colon < 0 ? null : s.substring(colon + 1).trim();
  }

  private static String version() throws IOException, InterruptedException {
    return run("vipsthumbnail", "--vips-version").trim();
  }

  private static boolean onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)));
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return s;
  }
}
