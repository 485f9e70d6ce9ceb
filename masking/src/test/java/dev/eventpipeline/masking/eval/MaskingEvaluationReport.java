package dev.eventpipeline.masking.eval;

import dev.eventpipeline.masking.LineMasker;
import dev.eventpipeline.masking.MaskEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Prints the evaluation of issue 14 as Markdown (the table for docs/masking.md, then failing
 * examples of every class below target). {@code --baseline} prints known-gaps.properties for
 * today's engine instead.
 */
public final class MaskingEvaluationReport {
  private MaskingEvaluationReport() {}

  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    long seed = Corpus.seed();
    List<Evaluation.ClassResult> results = Evaluation.run(new LineMasker(MaskEngine.withDefaults()), seed);
    long millis = (System.nanoTime() - start) / 1_000_000;
    boolean baseline = List.of(args).contains("--baseline");
    String text = baseline ? baseline(results) : markdown(results, seed, millis);
    for (String a : args) {
      if (a.startsWith("--out=")) {
        Files.writeString(Path.of(a.substring(6)), text, StandardCharsets.UTF_8);
        return;
      }
    }
    System.out.print(text);
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f %%", v * 100);
  }

  static String cell(double v, Targets.Check check) {
    String s = pct(v);
    return check == null || check.met() ? s : "**" + s + "** ✗";
  }

  private static Targets.Check find(List<Targets.Check> checks, String metric) {
    for (Targets.Check c : checks) {
      if (c.metric().equals(metric)) {
        return c;
      }
    }
    return null;
  }

  static String markdown(List<Evaluation.ClassResult> results, long seed, long millis) {
    StringBuilder b = new StringBuilder();
    int total = 0;
    int below = 0;
    for (Evaluation.ClassResult r : results) {
      total += r.cases;
      for (Targets.Check c : Targets.checks(r)) {
        if (!c.met()) {
          below++;
          break;
        }
      }
    }
    b.append("### Masking evaluation (issue 14)\n\n");
    b.append(String.format(Locale.ROOT, "`LineMasker(MaskEngine.withDefaults())` over %d generated lines in %d classes "
        + "(seed %d, %.1f s); %d of %d classes below target.\n\n", total, results.size(), seed, millis / 1000.0, below, results.size()));
    b.append("Targets: recall ≥ 99.9 % (standard) / ≥ 99 % (evasion); exact span ≥ 99 %; FP ≤ 0.5 % (negatives); "
        + "no line changed when nothing was masked; Basic/Bearer credentials labelled AUTHORIZATION (or JWT). "
        + "*Recall*: no 8-character piece of the secret survives. *Exact span*: the output is the input with exactly the "
        + "secret replaced by one `[TYPE]`/`[TYPE:…]` placeholder (quoted for a JSON number), all other bytes identical, "
        + "JSON still parses. *Exact, JSON layout ignored* (diagnostic, no target): also counts JSON lines whose tree is the expected one but whose spacing, escapes or number spelling changed. *Label acc.*: expected type, among caught cases. *FP*: negative lines changed. "
        + "*Changed, nothing masked*: lines returned different although the masker reported no finding.\n\n");
    b.append("| class | family | cases | recall | exact span | exact, JSON layout ignored | label acc. | FP | changed, nothing masked |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Evaluation.ClassResult r : results) {
      List<Targets.Check> checks = Targets.checks(r);
      b.append("| `").append(r.cls.id()).append("` | ").append(r.cls.family().name().toLowerCase(Locale.ROOT)).append(" | ")
          .append(r.cases).append(" | ");
      if (r.positive()) {
        b.append(cell(r.recall(), find(checks, "recall"))).append(" | ").append(cell(r.exactRate(), find(checks, "exact")))
            .append(" | ").append(pct(r.exactIgnoringLayoutRate()))
            .append(" | ").append(cell(r.labelAccuracy(), find(checks, "label"))).append(" | — | ");
      } else {
        b.append("— | — | — | — | ").append(cell(r.falsePositiveRate(), find(checks, "fp"))).append(" | ");
      }
      b.append(cell(r.reformattedRate(), find(checks, "reformatted"))).append(" |\n");
    }
    b.append("\nClasses:\n\n");
    for (Evaluation.ClassResult r : results) {
      b.append("- `").append(r.cls.id()).append("`: ").append(r.cls.description()).append('\n');
    }
    b.append("\n### Failing examples (classes below target)\n");
    for (Evaluation.ClassResult r : results) {
      List<Targets.Check> failed = Targets.checks(r).stream().filter(c -> !c.met()).toList();
      if (failed.isEmpty()) {
        continue;
      }
      b.append("\n#### `").append(r.cls.id()).append("`\n\n");
      b.append("Below target: ");
      for (int k = 0; k < failed.size(); k++) {
        Targets.Check c = failed.get(k);
        b.append(k > 0 ? "; " : "").append(c.metric()).append(' ').append(pct(c.value()))
            .append(c.atLeast() ? " < " : " > ").append(pct(c.target()));
      }
      if (r.threw > 0) {
        b.append("; the masker threw on ").append(r.threw).append(" lines");
      }
      if (!r.wrongLabels.isEmpty()) {
        b.append(". Wrong labels: ").append(r.wrongLabels);
      }
      b.append(".\n");
      for (Evaluation.Failure f : Evaluation.Failure.values()) {
        List<Evaluation.Example> ex = r.examples(f);
        if (ex.isEmpty() || !relevant(f, failed)) {
          continue;
        }
        b.append("\n").append(title(f)).append(":\n\n```text\n");
        for (Evaluation.Example e : ex) {
          b.append("in:   ").append(visible(e.c().input())).append('\n');
          b.append("out:  ").append(visible(e.output())).append('\n');
          if (f != Evaluation.Failure.FALSE_POSITIVE && f != Evaluation.Failure.REFORMATTED) {
            b.append("want: ").append(visible(e.expected())).append('\n');
          }
          b.append("      (").append(e.detail()).append(")\n\n");
        }
        b.setLength(b.length() - 1);
        b.append("```\n");
      }
    }
    return b.toString();
  }

  private static boolean relevant(Evaluation.Failure f, List<Targets.Check> failed) {
    for (Targets.Check c : failed) {
      boolean rel = switch (c.metric()) {
        case "recall" -> f == Evaluation.Failure.MISSED;
        case "exact" -> f == Evaluation.Failure.INEXACT || f == Evaluation.Failure.MISSED;
        case "label" -> f == Evaluation.Failure.MISLABELLED;
        case "fp" -> f == Evaluation.Failure.FALSE_POSITIVE;
        default -> f == Evaluation.Failure.REFORMATTED;
      };
      if (rel) {
        return true;
      }
    }
    return false;
  }

  private static String title(Evaluation.Failure f) {
    return switch (f) {
      case MISSED -> "Missed (a piece of the secret survives)";
      case INEXACT -> "Caught but not span-exact";
      case MISLABELLED -> "Wrong label";
      case FALSE_POSITIVE -> "False positives";
      case REFORMATTED -> "Changed although nothing was masked";
    };
  }

  /** Invisible and confusable characters spelled out, long lines shortened in the middle. */
  static String visible(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(cp -> {
      int type = Character.getType(cp);
      boolean invisible = cp == '\t' || cp == '\n' || cp == '\r' || type == Character.FORMAT || type == Character.CONTROL
          || (type == Character.SPACE_SEPARATOR && cp != ' ');
      if (invisible) {
        b.append(String.format(Locale.ROOT, "⟨U+%04X⟩", cp));
      } else {
        b.appendCodePoint(cp);
      }
    });
    if (b.length() > 420) {
      int cut = b.length() - 330;
      return b.substring(0, 240) + " …⟨" + cut + " chars⟩… " + b.substring(b.length() - 90);
    }
    return b.toString();
  }

  static String baseline(List<Evaluation.ClassResult> results) {
    StringBuilder b = new StringBuilder();
    b.append("# Known gaps of the engine at the time this file was written: <class>.<metric> = the value then.\n");
    b.append("# MaskingEvaluationTest holds these metrics to 'no worse than this' instead of the issue-14 target;\n");
    b.append("# -Dmasking.eval.strict=true ignores this file. Remove a line once its class meets the target;\n");
    b.append("# regenerate with MaskingEvaluationReport --baseline (or copy target/masking-eval/known-gaps.properties).\n");
    for (Evaluation.ClassResult r : results) {
      for (Targets.Check c : Targets.checks(r)) {
        if (!c.met()) {
          // rounded towards the target's side so the recorded value is always achievable
          double v = c.atLeast() ? Math.floor(c.value() * 10000) / 10000 : Math.ceil(c.value() * 10000) / 10000;
          b.append(c.key()).append(" = ").append(String.format(Locale.ROOT, "%.4f", v)).append('\n');
        }
      }
    }
    return b.toString();
  }
}
