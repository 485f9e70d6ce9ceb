package dev.eventpipeline.masking.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The targets of issue 14, per class. */
final class Targets {
  static final double RECALL_STANDARD = 0.999;
  static final double RECALL_EVASION = 0.99;
  static final double EXACT = 0.99;
  static final double FALSE_POSITIVES = 0.005;
  /** Lines where nothing was masked must come back byte for byte: no exception. */
  static final double REFORMATTED = 0.0;
  /** A Basic/Bearer credential is always labelled AUTHORIZATION (or JWT for a JWT bearer). */
  static final double AUTHORIZATION_LABEL = 1.0;

  private Targets() {}

  /**
   * One metric of one class against its target.
   *
   * @param metric recall, exact, label, fp or reformatted (the key used in known-gaps.properties)
   * @param atLeast whether the value must be at least the target (else at most)
   */
  record Check(String classId, String metric, double value, double target, boolean atLeast) {
    boolean met() {
      if (Double.isNaN(value)) {
        return metric.equals("label"); // nothing caught: no label to judge (recall fails instead)
      }
      return atLeast ? value >= target - 1e-12 : value <= target + 1e-12;
    }

    String key() {
      return classId + "." + metric;
    }

    String describe() {
      return String.format(Locale.ROOT, "%s %s = %.4f, target %s %.4f", classId, metric, value, atLeast ? ">=" : "<=", target);
    }
  }

  static List<Check> checks(Evaluation.ClassResult r) {
    List<Check> checks = new ArrayList<>();
    String id = r.cls.id();
    switch (r.cls.family()) {
      case STANDARD, EVASION -> {
        double recall = r.cls.family() == CaseClass.Family.STANDARD ? RECALL_STANDARD : RECALL_EVASION;
        checks.add(new Check(id, "recall", r.recall(), recall, true));
        checks.add(new Check(id, "exact", r.exactRate(), EXACT, true));
        if (r.cls.authorizationLabel()) {
          checks.add(new Check(id, "label", r.labelAccuracy(), AUTHORIZATION_LABEL, true));
        }
      }
      case NEGATIVE -> checks.add(new Check(id, "fp", r.falsePositiveRate(), FALSE_POSITIVES, false));
      default -> throw new IllegalStateException();
    }
    checks.add(new Check(id, "reformatted", r.reformattedRate(), REFORMATTED, false));
    return checks;
  }
}
