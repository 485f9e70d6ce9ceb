package dev.eventpipeline.masking.eval;

/**
 * One row of the report: a class of generated lines with its targets.
 *
 * @param id short name, unique
 * @param family standard positives, evasions, or negatives
 * @param description what the class holds (one line, for the report)
 * @param count cases per run
 * @param authorizationLabel whether the placeholder type is part of pass/fail (Basic/Bearer credentials)
 * @param generator makes case number {@code index} from the class's seeded generator
 */
record CaseClass(String id, Family family, String description, int count, boolean authorizationLabel, Generator generator) {
  enum Family { STANDARD, EVASION, NEGATIVE }

  interface Generator {
    Case generate(Gen g, String classId, int index);
  }

  static CaseClass standard(String id, String description, Generator generator) {
    return new CaseClass(id, Family.STANDARD, description, 1000, false, generator);
  }

  static CaseClass evasion(String id, String description, Generator generator) {
    return new CaseClass(id, Family.EVASION, description, 500, false, generator);
  }

  static CaseClass negative(String id, String description, Generator generator) {
    return new CaseClass(id, Family.NEGATIVE, description, 1000, false, generator);
  }

  CaseClass withAuthorizationLabel() {
    return new CaseClass(id, family, description, count, true, generator);
  }
}
