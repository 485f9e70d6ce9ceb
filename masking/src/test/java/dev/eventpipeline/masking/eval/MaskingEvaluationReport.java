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
 * examples of every class below target). {@code --summary}: the table and at most three short
 * examples per class, the most telling first. {@code --baseline}: known-gaps.properties for
 * today's engine. {@code --out=FILE} writes to FILE instead of standard output.
 */
public final class MaskingEvaluationReport {
  private MaskingEvaluationReport() {}

  public static void main(String[] args) throws IOException {
    long start = System.nanoTime();
    long seed = Corpus.seed();
    List<Evaluation.ClassResult> results = Evaluation.run(new LineMasker(MaskEngine.withDefaults()), seed);
    long millis = (System.nanoTime() - start) / 1_000_000;
    String text;
    if (List.of(args).contains("--baseline")) {
      text = baseline(results);
    } else if (List.of(args).contains("--summary")) {
      text = summary(results, seed, millis);
    } else {
      text = markdown(results, seed, millis);
    }
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

  /** The table, then per class below target at most three short examples, the most telling first. */
  static String summary(List<Evaluation.ClassResult> results, long seed, long millis) {
    String full = markdown(results, seed, millis);
    StringBuilder b = new StringBuilder(full.substring(0, full.indexOf("\n### Failing examples")));
    b.append("\n### Failing examples, most telling first (in / out)\n");
    for (Evaluation.ClassResult r : results) {
      List<Targets.Check> failed = Targets.checks(r).stream().filter(c -> !c.met()).toList();
      if (failed.isEmpty()) {
        continue;
      }
      b.append("\n`").append(r.cls.id()).append("` — ");
      for (int k = 0; k < failed.size(); k++) {
        Targets.Check c = failed.get(k);
        b.append(k > 0 ? ", " : "").append(c.metric()).append(' ').append(pct(c.value()));
      }
      if (!r.wrongLabels.isEmpty()) {
        b.append(", wrong labels ").append(r.wrongLabels);
      }
      b.append("\n```text\n");
      for (Evaluation.Example e : telling(r)) {
        b.append("in:  ").append(shorten(spelledOut(e.c().input()), 300)).append('\n');
        b.append("out: ").append(shorten(spelledOut(e.output()), 300)).append('\n');
        String note = switch (e.failure()) {
          case MISSED -> "missed, " + e.detail();
          case INEXACT -> (e.detail().startsWith(Evaluation.LAYOUT) ? "right value masked, JSON layout changed; want "
              : "span: want ") + shorten(spelledOut(e.expected()), 300);
          case MISLABELLED -> "label: " + e.detail();
          case FALSE_POSITIVE -> "false positive " + e.detail();
          case REFORMATTED -> "nothing masked, line re-serialized";
        };
        b.append("     ").append(note).append("\n\n");
      }
      b.setLength(b.length() - 1);
      b.append("```\n");
    }
    return b.toString();
  }

  private static List<Evaluation.Example> telling(Evaluation.ClassResult r) {
    List<Evaluation.Example> out = new java.util.ArrayList<>();
    List<Evaluation.Example> inexact = r.examples(Evaluation.Failure.INEXACT).stream()
        .filter(e -> !e.detail().startsWith(Evaluation.LAYOUT)).toList();
    List<Evaluation.Example> fp = r.examples(Evaluation.Failure.FALSE_POSITIVE).stream()
        .filter(e -> !e.detail().equals("{}")).toList();
    List<Evaluation.Example> missed = r.examples(Evaluation.Failure.MISSED);
    take(out, missed, inexact.isEmpty() ? 3 : 2);
    take(out, inexact, 3 - out.size());
    take(out, r.examples(Evaluation.Failure.MISLABELLED), 1);
    take(out, fp, 3 - out.size());
    if (out.isEmpty()) {
      take(out, r.examples(Evaluation.Failure.INEXACT), 1);
      take(out, r.examples(Evaluation.Failure.REFORMATTED), 1);
    }
    return out.subList(0, Math.min(3, out.size()));
  }

  private static void take(List<Evaluation.Example> out, List<Evaluation.Example> from, int n) {
    for (int k = 0; k < from.size() && k < n && out.size() < 3; k++) {
      out.add(from.get(k));
    }
  }

  static String shorten(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int tail = max / 3;
    return s.substring(0, max - tail) + " …⟨" + (s.length() - max) + " chars⟩… " + s.substring(s.length() - tail);
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
    String v = spelledOut(s);
    if (v.length() > 420) {
      int cut = v.length() - 330;
      return v.substring(0, 240) + " …⟨" + cut + " chars⟩… " + v.substring(v.length() - 90);
    }
    return v;
  }

  /** Tabs, newlines, format characters (zero-width) and non-ASCII spaces as ⟨U+XXXX⟩. */
  static String spelledOut(String s) {
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
