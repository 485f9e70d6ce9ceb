package dev.eventpipeline.bench.mask;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves a masking change output-identical: two builds of the masking module (each in its own class
 * loader, with the built-in policy) mask the same inputs, and every answer is compared — the text
 * engine's {@code mask} and {@code detect} (types and positions), {@code LineMasker} (what
 * {@code ./pipeline mask} writes for a line: JSON lines in place) and, for JSON objects,
 * {@code JsonMasker.maskRecord} (the function's record path: bytes, id, counts, or the rejection).
 * Inputs: the benchmark's mixed corpus and record corpus with several seeds, each line also shifted by
 * one character and prefixed by one (so that every detector meets its matches at other offsets and
 * glued to other characters), and the lines of any files given. Speed work on the engine needs this:
 * a faster scan that finds one thing less is not faster.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.eventpipeline.bench.mask.MaskEquivalence
 * OLD.jar NEW.jar [SEEDS] [FILE...]} — each side a class path with the masking module and its
 * dependencies, e.g. the bench jar of the commit before and this one. Exits 1 on any difference.
 */
public final class MaskEquivalence {
  private static final int CORPUS_BYTES = 4 << 20;

  /** One build's entry points, called reflectively (its classes are not this class loader's). */
  private record Build(Object engine, Method mask, Method detect, Object lines, Method maskLine, Object json,
      Method maskRecord, Class<?> counts) {
    static Build load(String classPath) throws ReflectiveOperationException, java.io.IOException {
      List<URL> urls = new ArrayList<>();
      for (String entry : classPath.split(":")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
      ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
      Class<?> engineClass = loader.loadClass("dev.eventpipeline.masking.MaskEngine");
      Class<?> counts = loader.loadClass("dev.eventpipeline.masking.MaskCounts");
      Class<?> lineClass = loader.loadClass("dev.eventpipeline.masking.LineMasker");
      Class<?> jsonClass = loader.loadClass("dev.eventpipeline.masking.JsonMasker");
      Object engine = engineClass.getMethod("withDefaults").invoke(null);
      return new Build(engine, engineClass.getMethod("mask", String.class, counts),
          engineClass.getMethod("detect", String.class), lineClass.getConstructor(engineClass).newInstance(engine),
          lineClass.getMethod("mask", String.class, counts), jsonClass.getConstructor(engineClass).newInstance(engine),
          jsonClass.getMethod("maskRecord", byte[].class), counts);
    }

    /** Everything this build answers for one input, as one comparable string. */
    String answers(String input) throws ReflectiveOperationException {
      StringBuilder b = new StringBuilder();
      b.append("mask: ").append(mask.invoke(engine, input, counts.getConstructor().newInstance()));
      b.append("\n  detect: ").append(findings(detect.invoke(engine, input)));
      b.append("\n  line: ").append(maskLine.invoke(lines, input, counts.getConstructor().newInstance()));
      if (input.startsWith("{")) {
        b.append("\n  record: ").append(record(input));
      }
      return b.toString();
    }

    private String record(String input) throws ReflectiveOperationException {
      try {
        Object r = maskRecord.invoke(json, (Object) input.getBytes(StandardCharsets.UTF_8));
        Class<?> c = r.getClass();
        return new String((byte[]) c.getMethod("json").invoke(r), StandardCharsets.UTF_8) + " id=" + c.getMethod("id").invoke(r)
            + " " + c.getMethod("counts").invoke(r);
      } catch (InvocationTargetException e) {
        return "rejected: " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
      }
    }

    private static String findings(Object f) throws ReflectiveOperationException {
      Class<?> c = f.getClass();
      int size = (int) c.getMethod("size").invoke(f);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < size; i++) {
        b.append(c.getMethod("type", int.class).invoke(f, i)).append('@').append(c.getMethod("start", int.class).invoke(f, i))
            .append('-').append(c.getMethod("end", int.class).invoke(f, i)).append(' ');
      }
      return b.toString();
    }
  }

  private MaskEquivalence() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: MaskEquivalence OLD-classpath NEW-classpath [SEEDS] [FILE...]");
      System.exit(2);
    }
    Build old = Build.load(args[0]);
    Build now = Build.load(args[1]);
    int seeds = args.length > 2 && args[2].matches("\\d+") ? Integer.parseInt(args[2]) : 3;
    List<String> lines = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      lines.addAll(MaskCorpus.lines(CORPUS_BYTES, seed));
      lines.addAll(MaskCorpus.records(CORPUS_BYTES, seed));
    }
    for (int i = args.length > 2 && args[2].matches("\\d+") ? 3 : 2; i < args.length; i++) {
      lines.addAll(Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8));
    }
    int inputs = 0;
    int differences = 0;
    for (String line : lines) {
      for (String input : List.of(line, line.length() > 1 ? line.substring(1) : line, "x" + line)) {
        inputs++;
        String a = old.answers(input);
        String b = now.answers(input);
        if (!a.equals(b) && ++differences <= 20) {
          System.out.println("DIFFERENT for: " + input + "\n  old " + a + "\n  new " + b);
        }
      }
    }
    System.out.printf("%,d inputs (%d seeds), %d differences%n", inputs, seeds, differences);
    System.exit(differences == 0 ? 0 : 1);
  }
}
