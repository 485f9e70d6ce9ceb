package dev.eventpipeline.notify.domain;

/** Why a webhook target address is refused (server-side request forgery protection). */
public enum BlockReason {
  LOOPBACK("a loopback address", true),
  PRIVATE("a private address", true),
  LINK_LOCAL("a link-local address", false),
  CLOUD_METADATA("a cloud metadata service address", false),
  UNSPECIFIED("an unspecified address", false),
  MULTICAST("a multicast address", false),
  BROADCAST("a broadcast address", false),
  RESERVED("a reserved, documentation or transition address", false);

  private final String description;
  private final boolean allowedForLocalDevelopment;

  BlockReason(String description, boolean allowedForLocalDevelopment) {
    this.description = description;
    this.allowedForLocalDevelopment = allowedForLocalDevelopment;
  }

  public String description() {
    return description;
  }

  /** Whether NOTIFY_ALLOW_PRIVATE_TARGETS=true admits such addresses (loopback and private only). */
  public boolean allowedForLocalDevelopment() {
    return allowedForLocalDevelopment;
  }
}
