package dev.eventpipeline.notify.domain;

/** A webhook host that resolves to an address the {@link AddressPolicy} refuses. */
public final class BlockedTargetException extends InvalidTargetException {
  private static final long serialVersionUID = 1L;
  private final BlockReason reason;

  public BlockedTargetException(String message, BlockReason reason) {
    super(message);
    this.reason = reason;
  }

  public BlockReason reason() {
    return reason;
  }
}
