package dev.eventpipeline.infra.constructs;

import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.constructs.IConstruct;

/**
 * Readable, stable logical ids for the resources the local cloud and operators look up
 * (e.g. RawLogsStream instead of LogPipelineRawLogs1A2B3C4D).
 */
public final class LogicalIds {
  private LogicalIds() {}

  /** Sets the logical id of a construct's CloudFormation resource (its default child). */
  public static void set(IConstruct construct, String logicalId) {
    IConstruct resource = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
    if (!(resource instanceof CfnElement element)) {
      throw new IllegalStateException(construct.getNode().getPath() + " has no CloudFormation resource");
    }
    element.overrideLogicalId(logicalId);
  }

  /** Sets the logical id of the single resource of a type found under a construct. */
  public static <T extends CfnElement> void setOnly(IConstruct scope, Class<T> type, String logicalId) {
    setOnly(scope, type, logicalId, r -> true);
  }

  /** Sets the logical id of the single resource of a type, among those matching, under a construct. */
  public static <T extends CfnElement> void setOnly(IConstruct scope, Class<T> type, String logicalId,
      java.util.function.Predicate<T> matching) {
    List<IConstruct> found = scope.getNode().findAll().stream()
        .filter(type::isInstance)
        .filter(c -> matching.test(type.cast(c)))
        .toList();
    if (found.size() != 1) {
      throw new IllegalStateException("expected one " + type.getSimpleName() + " under "
          + scope.getNode().getPath() + ", found " + found.size());
    }
    type.cast(found.get(0)).overrideLogicalId(logicalId);
  }
}
