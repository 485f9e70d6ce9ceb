package dev.eventpipeline.masking.eval;

import java.util.ArrayList;
import java.util.List;

/** Every case class, and the seeded generation of a class's cases. */
final class Corpus {
  /** The default seed (issue 14). Another seed gives another corpus of the same classes. */
  static final long SEED = 14L;

  private Corpus() {}

  static List<CaseClass> classes() {
    List<CaseClass> all = new ArrayList<>();
    all.addAll(StandardClasses.all());
    all.addAll(EvasionClasses.all());
    all.addAll(NegativeClasses.all());
    return all;
  }

  /** The seed from {@code -Dmasking.eval.seed}, or {@link #SEED}. */
  static long seed() {
    String s = System.getProperty("masking.eval.seed");
    return s == null || s.isBlank() ? SEED : Long.parseLong(s.strip());
  }

  /** The class's cases: each class has its own generator, so adding a class never changes another. */
  static List<Case> generate(CaseClass c, long seed) {
    Gen g = new Gen(seed * 1_000_003L + c.id().hashCode());
    List<Case> cases = new ArrayList<>(c.count());
    for (int i = 0; i < c.count(); i++) {
      cases.add(c.generator().generate(g, c.id(), i));
    }
    return cases;
  }
}
