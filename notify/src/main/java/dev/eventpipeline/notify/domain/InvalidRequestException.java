package dev.eventpipeline.notify.domain;

import java.util.List;

/** A subscription request that cannot be accepted as it is; {@link #errors()} says every reason. */
public final class InvalidRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<String> errors;
  private final boolean blockedTarget;

  public InvalidRequestException(List<String> errors, boolean blockedTarget) {
    super(String.join("; ", errors));
    this.errors = List.copyOf(errors);
    this.blockedTarget = blockedTarget;
  }

  public InvalidRequestException(String error) {
    this(List.of(error), false);
  }

  public List<String> errors() {
    return errors;
  }

  /** Whether the URL was refused for the address its host resolves to (SSRF protection). */
  public boolean blockedTarget() {
    return blockedTarget;
  }
}
