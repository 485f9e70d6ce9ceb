package dev.eventpipeline.masking.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventpipeline.masking.LineMasker;
import dev.eventpipeline.masking.MaskCounts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs cases through {@link LineMasker#mask} and scores them against the contract of issue 14.
 *
 * <ul>
 *   <li><b>caught</b> (recall): no piece of the secret survives — neither the secret nor any 8
 *       consecutive characters of it (all of it when shorter) that the rest of the line does not
 *       also hold. A half-masked token is a miss.
 *   <li><b>exact</b> (span precision): the output is the input with exactly each secret's span
 *       replaced by one placeholder {@code [TYPE]} or {@code [TYPE:detail]} (in quotes for a JSON
 *       number), every other character unchanged; a JSON line must still parse.
 *   <li><b>label</b>: the placeholder's type is one the case accepts; measured over caught cases.
 *   <li><b>changed</b> (false positive, negatives): the output differs from the input.
 *   <li><b>reformatted</b>: nothing was masked (empty counts) yet the output differs from the input.
 * </ul>
 */
final class Evaluation {
  static final Pattern PLACEHOLDER = Pattern.compile("\\[([A-Z0-9_]+)(:[^\\]\\s]*)?\\]");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final int EXAMPLES = 3;
  static final String LAYOUT = "only the JSON layout differs";
  private static final int CANDIDATES = 60;

  enum Failure { MISSED, INEXACT, MISLABELLED, FALSE_POSITIVE, REFORMATTED }

  /** One failing case: what went in, what came out, and what was expected. */
  record Example(Failure failure, Case c, String output, String expected, String detail) {}

  /** Per-class counts and a few failing examples of each kind. */
  static final class ClassResult {
    final CaseClass cls;
    int cases;
    int caught;
    int exact;
    /** Exact, or a JSON line whose tree equals the expected one (only spacing, escapes or number spelling differ). */
    int exactIgnoringLayout;
    int labelled;
    int changed;
    int masked;
    int reformatted;
    int threw;
    final Map<String, Integer> wrongLabels = new TreeMap<>();
    final Map<Failure, List<Example>> candidates = new LinkedHashMap<>();
    final Map<Failure, List<Example>> plainCandidates = new LinkedHashMap<>();

    ClassResult(CaseClass cls) {
      this.cls = cls;
    }

    boolean positive() {
      return cls.family() != CaseClass.Family.NEGATIVE;
    }

    double recall() {
      return ratio(caught, cases);
    }

    double exactRate() {
      return ratio(exact, cases);
    }

    double exactIgnoringLayoutRate() {
      return ratio(exactIgnoringLayout, cases);
    }

    /** Correct labels among caught cases (1 when nothing was caught: no label to judge). */
    double labelAccuracy() {
      return caught == 0 ? Double.NaN : ratio(labelled, caught);
    }

    double falsePositiveRate() {
      return ratio(changed, cases);
    }

    double reformattedRate() {
      return ratio(reformatted, cases);
    }

    /**
     * Up to {@link #EXAMPLES} examples of a failure, of different line shapes where possible: the
     * telling ones first (a wrong span rather than a JSON line only re-serialized, a masked value
     * rather than a negative line only re-serialized), then at most one of the others.
     */
    List<Example> examples(Failure f) {
      List<Example> telling = candidates.getOrDefault(f, List.of());
      List<Example> plain = plainCandidates.getOrDefault(f, List.of());
      List<Example> picked = new ArrayList<>();
      Set<String> shapes = new HashSet<>();
      int room = plain.isEmpty() ? EXAMPLES : EXAMPLES - 1;
      for (Example e : telling) {
        if (picked.size() < room && shapes.add(shape(e.c().input()))) {
          picked.add(e);
        }
      }
      for (Example e : telling) {
        if (picked.size() < room && !picked.contains(e)) {
          picked.add(e);
        }
      }
      for (Example e : plain) {
        if (picked.size() < EXAMPLES) {
          picked.add(e);
        }
      }
      return picked;
    }

    void add(Example e) {
      boolean isPlain = e.failure() == Failure.INEXACT && e.detail().startsWith(LAYOUT)
          || e.failure() == Failure.FALSE_POSITIVE && e.detail().equals("{}");
      List<Example> list = (isPlain ? plainCandidates : candidates).computeIfAbsent(e.failure(), k -> new ArrayList<>());
      if (list.size() < CANDIDATES) {
        list.add(e);
      }
    }
  }

  private static double ratio(int a, int b) {
    return b == 0 ? Double.NaN : (double) a / b;
  }

  /** A rough shape of a line, to pick examples that differ: letter/digit runs collapsed. */
  static String shape(String line) {
    String s = line.replaceAll("[\\p{L}\\p{N}]+", "a");
    return s.substring(0, Math.min(12, s.length()));
  }

  private Evaluation() {}

  /** Generates and scores every class with {@code seed}. */
  static List<ClassResult> run(LineMasker masker, long seed) {
    List<ClassResult> results = new ArrayList<>();
    for (CaseClass c : Corpus.classes()) {
      results.add(evaluate(c, Corpus.generate(c, seed), masker));
    }
    return results;
  }

  static ClassResult evaluate(CaseClass cls, List<Case> cases, LineMasker masker) {
    ClassResult r = new ClassResult(cls);
    for (Case c : cases) {
      r.cases++;
      MaskCounts counts = new MaskCounts();
      String out;
      try {
        out = masker.mask(c.input(), counts);
      } catch (RuntimeException e) {
        r.threw++;
        out = "<threw " + e.getClass().getName() + ">";
      }
      boolean changed = !out.equals(c.input());
      if (changed && counts.isEmpty()) {
        r.reformatted++;
        r.add(new Example(Failure.REFORMATTED, c, out, c.input(), "nothing masked, output differs"));
      }
      if (!c.positive()) {
        if (changed) {
          r.changed++;
          r.add(new Example(Failure.FALSE_POSITIVE, c, out, c.input(), counts.toString()));
        }
        if (!counts.isEmpty()) {
          r.masked++;
        }
        continue;
      }
      List<String> types = exactTypes(c, out);
      boolean exact = types != null;
      String leak = exact ? null : leak(c, out);
      boolean caught = exact || leak == null;
      boolean layoutOnly = !exact && caught && c.json() && sameTree(out, expected(c));
      if (exact) {
        r.exact++;
      }
      if (exact || layoutOnly) {
        r.exactIgnoringLayout++;
      }
      if (caught) {
        r.caught++;
        String wrong = wrongLabel(c, out, types);
        if (wrong == null) {
          r.labelled++;
        } else {
          r.wrongLabels.merge(wrong, 1, Integer::sum);
          r.add(new Example(Failure.MISLABELLED, c, out, expected(c), "got " + wrong + ", expected " + c.spans().get(0).labels()));
        }
      } else {
        r.add(new Example(Failure.MISSED, c, out, expected(c), "survives: \"" + leak + "\""));
      }
      if (!exact && caught) {
        r.add(new Example(Failure.INEXACT, c, out, expected(c),
            (layoutOnly ? LAYOUT + " (spacing, escapes, number spelling); masked " : "masked ") + counts));
      }
    }
    return r;
  }

  /** The output the contract asks for, with each span's expected placeholder (its first label). */
  static String expected(Case c) {
    StringBuilder b = new StringBuilder();
    int prev = 0;
    for (Case.Span s : c.spans()) {
      b.append(c.input(), prev, s.start());
      String ph = "[" + s.labels().get(0) + "]";
      b.append(s.quoted() ? "\"" + ph + "\"" : ph);
      prev = s.end();
    }
    b.append(c.input(), prev, c.input().length());
    return b.toString();
  }

  /**
   * The placeholder types when {@code out} is exactly the input with each span replaced by one
   * placeholder (quoted for a JSON number) and a JSON line still parses; otherwise null.
   */
  static List<String> exactTypes(Case c, String out) {
    String in = c.input();
    List<String> types = new ArrayList<>();
    int pos = 0;
    int prev = 0;
    Matcher m = PLACEHOLDER.matcher(out);
    for (Case.Span s : c.spans()) {
      int litLen = s.start() - prev;
      if (!out.regionMatches(pos, in, prev, litLen)) {
        return null;
      }
      pos += litLen;
      if (s.quoted()) {
        if (pos >= out.length() || out.charAt(pos) != '"') {
          return null;
        }
        pos++;
      }
      m.region(pos, out.length());
      if (!m.lookingAt()) {
        return null;
      }
      types.add(m.group(1));
      pos = m.end();
      if (s.quoted()) {
        if (pos >= out.length() || out.charAt(pos) != '"') {
          return null;
        }
        pos++;
      }
      prev = s.end();
    }
    int tail = in.length() - prev;
    if (out.length() - pos != tail || !out.regionMatches(pos, in, prev, tail)) {
      return null;
    }
    if (c.json() && !parses(out)) {
      return null;
    }
    return types;
  }

  /** Whether two JSON texts hold the same tree, placeholders compared without their type and detail. */
  static boolean sameTree(String a, String b) {
    try {
      return normalized(JSON.readTree(a)).equals(normalized(JSON.readTree(b)));
    } catch (Exception e) {
      return false;
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode normalized(com.fasterxml.jackson.databind.JsonNode n) {
    if (n.isTextual()) {
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(PLACEHOLDER.matcher(n.textValue()).replaceAll("[]"));
    }
    if (n.isObject()) {
      com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
      n.fields().forEachRemaining(e -> o.set(PLACEHOLDER.matcher(e.getKey()).replaceAll("[]"), normalized(e.getValue())));
      return o;
    }
    if (n.isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode arr = JSON.createArrayNode();
      n.forEach(x -> arr.add(normalized(x)));
      return arr;
    }
    return n;
  }

  static boolean parses(String json) {
    try {
      JSON.readTree(json);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * A piece of a secret that survives in {@code out} (placeholders blanked) and is not also in the
   * rest of the input; null when none does.
   */
  static String leak(Case c, String out) {
    String blanked = PLACEHOLDER.matcher(out).replaceAll("\u0000");
    StringBuilder ctx = new StringBuilder();
    int prev = 0;
    for (Case.Span s : c.spans()) {
      ctx.append(c.input(), prev, s.start()).append('\u0000');
      prev = s.end();
    }
    ctx.append(c.input(), prev, c.input().length());
    String context = PLACEHOLDER.matcher(ctx).replaceAll("\u0000");
    Map<Integer, Set<String>> outGrams = new HashMap<>();
    Map<Integer, Set<String>> ctxGrams = new HashMap<>();
    for (Case.Span s : c.spans()) {
      for (String secret : s.secrets()) {
        int w = Math.min(secret.length(), 8);
        Set<String> og = outGrams.computeIfAbsent(w, k -> grams(blanked, k));
        Set<String> cg = ctxGrams.computeIfAbsent(w, k -> grams(context, k));
        for (int k = 0; k + w <= secret.length(); k++) {
          String frag = secret.substring(k, k + w);
          if (og.contains(frag) && !cg.contains(frag)) {
            return frag;
          }
        }
      }
    }
    return null;
  }

  private static Set<String> grams(String s, int w) {
    Set<String> set = new HashSet<>();
    for (int k = 0; k + w <= s.length(); k++) {
      set.add(s.substring(k, k + w));
    }
    return set;
  }

  /**
   * Null when every span got an accepted type; otherwise the types that were produced instead
   * (or "none"). With an exact output the types are those at the spans; otherwise those of the
   * placeholders the output gained.
   */
  static String wrongLabel(Case c, String out, List<String> exactTypes) {
    List<String> produced = exactTypes;
    if (produced == null) {
      Map<String, Integer> before = placeholderTypes(c.input());
      produced = new ArrayList<>();
      Matcher m = PLACEHOLDER.matcher(out);
      while (m.find()) {
        String t = m.group(1);
        if (before.getOrDefault(t, 0) > 0) {
          before.merge(t, -1, Integer::sum);
        } else {
          produced.add(t);
        }
      }
      for (Case.Span s : c.spans()) {
        boolean ok = false;
        for (String t : produced) {
          ok |= s.accepts(t);
        }
        if (!ok) {
          return produced.isEmpty() ? "none" : String.join("+", new java.util.TreeSet<>(produced));
        }
      }
      return null;
    }
    for (int k = 0; k < c.spans().size(); k++) {
      if (!c.spans().get(k).accepts(produced.get(k))) {
        return produced.get(k);
      }
    }
    return null;
  }

  private static Map<String, Integer> placeholderTypes(String s) {
    Map<String, Integer> m = new HashMap<>();
    Matcher x = PLACEHOLDER.matcher(s);
    while (x.find()) {
      m.merge(x.group(1), 1, Integer::sum);
    }
    return m;
  }
}
