package dev.eventpipeline.notify.domain;

/** Why a webhook target address is refused (server-side request forgery protection). */
public enum BlockReason {
  LOOPBACK("a loopback address"),
  PRIVATE("a private address"),
  LINK_LOCAL("a link-local address"),
  CLOUD_METADATA("a cloud metadata service address"),
  UNSPECIFIED("an unspecified address"),
  MULTICAST("a multicast address"),
  BROADCAST("a broadcast address"),
  RESERVED("a reserved, documentation or transition address");

  private final String description;

  BlockReason(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** Whether NOTIFY_ALLOW_PRIVATE_TARGETS=true admits such addresses (loopback and private only). */
  public boolean allowedForLocalDevelopment() {
    return this == LOOPBACK || this == PRIVATE;
  }
}
