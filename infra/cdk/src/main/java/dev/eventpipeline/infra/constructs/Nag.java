package dev.eventpipeline.infra.constructs;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import software.constructs.IConstruct;

/** Writes cdk-nag suppressions; each one carries the reason it is acceptable here. */
public final class Nag {
  private Nag() {}

  /** Suppresses a rule on a construct and its children. */
  public static void suppress(IConstruct construct, String ruleId, String reason) {
    suppress(construct, ruleId, reason, List.of());
  }

  /** Suppresses a rule for the listed findings only (e.g. "Resource::*"), on a construct and its children. */
  public static void suppress(IConstruct construct, String ruleId, String reason, List<String> appliesTo) {
    NagPackSuppression.Builder s = NagPackSuppression.builder().id(ruleId).reason(reason);
    if (!appliesTo.isEmpty()) {
      s.appliesTo(new ArrayList<Object>(appliesTo));
    }
    NagSuppressions.addResourceSuppressions(construct, List.of(s.build()), true);
  }
}
