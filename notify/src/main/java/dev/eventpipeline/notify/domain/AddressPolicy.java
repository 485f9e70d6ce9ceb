package dev.eventpipeline.notify.domain;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Which IP addresses a webhook may be delivered to. Refuses loopback, private (RFC 1918,
 * 100.64.0.0/10, fc00::/7), link-local (169.254.0.0/16, fe80::/10), cloud metadata (169.254.169.254,
 * the ECS/EKS credential endpoints, fd00:ec2::/32, 100.100.100.200), unspecified, multicast, broadcast
 * and reserved ranges, and every IPv6 form that embeds an IPv4 address (mapped, compatible,
 * translated, NAT64, 6to4) by classifying the embedded address. Only global unicast IPv6 (2000::/3)
 * is accepted at all. With {@code allowPrivateTargets} (local development only) loopback and private
 * addresses are admitted; everything else stays refused.
 */
public final class AddressPolicy {
  private final boolean allowPrivateTargets;

  public AddressPolicy(boolean allowPrivateTargets) {
    this.allowPrivateTargets = allowPrivateTargets;
  }

  public boolean allowPrivateTargets() {
    return allowPrivateTargets;
  }

  /** The reason this policy refuses the address, or empty when it may be connected to. */
  public Optional<BlockReason> check(InetAddress address) {
    return classify(address).filter(reason -> !(allowPrivateTargets && reason.allowedForLocalDevelopment()));
  }

  /** The special-purpose range an address falls in, or empty for a public unicast address. */
  public static Optional<BlockReason> classify(InetAddress address) {
    byte[] b = address.getAddress();
    return Optional.ofNullable(b.length == 4 ? classifyV4(b, 0) : classifyV6(b));
  }

  private static BlockReason classifyV4(byte[] bytes, int offset) {
    int a = bytes[offset] & 0xff;
    int b = bytes[offset + 1] & 0xff;
    int c = bytes[offset + 2] & 0xff;
    int d = bytes[offset + 3] & 0xff;
    if (a == 0) {
      return BlockReason.UNSPECIFIED; // 0.0.0.0/8 "this network": 0.0.0.0 reaches the local host on Linux
    }
    if (a == 127) {
      return BlockReason.LOOPBACK;
    }
    if (a == 169 && b == 254) {
      boolean metadata = c == 169 && d == 254 // EC2 instance metadata (and most other clouds)
          || c == 170 && (d == 2 || d == 23); // ECS task credentials, EKS pod identity
      return metadata ? BlockReason.CLOUD_METADATA : BlockReason.LINK_LOCAL;
    }
    if (a == 100 && b == 100 && c == 100 && d == 200) {
      return BlockReason.CLOUD_METADATA; // Alibaba Cloud metadata, inside 100.64.0.0/10
    }
    if (a == 10 || a == 172 && (b & 0xf0) == 16 || a == 192 && b == 168 || a == 100 && (b & 0xc0) == 64) {
      return BlockReason.PRIVATE; // RFC 1918 and RFC 6598 shared address space (carrier-grade NAT)
    }
    if (a == 255 && b == 255 && c == 255 && d == 255) {
      return BlockReason.BROADCAST;
    }
    if ((a & 0xf0) == 224) {
      return BlockReason.MULTICAST;
    }
    if ((a & 0xf0) == 240 // reserved for future use
        || a == 192 && b == 0 && (c == 0 || c == 2) // IETF protocol assignments, TEST-NET-1
        || a == 192 && b == 88 && c == 99 // deprecated 6to4 relay anycast
        || a == 198 && (b & 0xfe) == 18 // benchmarking
        || a == 198 && b == 51 && c == 100 // TEST-NET-2
        || a == 203 && b == 0 && c == 113) { // TEST-NET-3
      return BlockReason.RESERVED;
    }
    return null;
  }

  private static BlockReason classifyV6(byte[] b) {
    if (zero(b, 0, 16)) {
      return BlockReason.UNSPECIFIED;
    }
    if (zero(b, 0, 15) && b[15] == 1) {
      return BlockReason.LOOPBACK;
    }
    if (zero(b, 0, 10) && ff(b, 10) && ff(b, 11)) {
      return classifyV4(b, 12); // IPv4-mapped ::ffff:a.b.c.d
    }
    if (zero(b, 0, 12)) {
      return embedded(b, 12); // IPv4-compatible ::a.b.c.d (deprecated)
    }
    if (zero(b, 0, 8) && ff(b, 8) && ff(b, 9) && zero(b, 10, 12)) {
      return embedded(b, 12); // IPv4-translated ::ffff:0:a.b.c.d
    }
    int first = (b[0] & 0xff) << 8 | b[1] & 0xff;
    int second = (b[2] & 0xff) << 8 | b[3] & 0xff;
    if (first == 0x0064 && second == 0xff9b) {
      // NAT64: 64:ff9b::/96 reaches the embedded IPv4 address; 64:ff9b:1::/48 is local-use NAT64.
      BlockReason inner = classifyV4(b, 12);
      if (inner != null) {
        return inner;
      }
      return zero(b, 4, 12) ? null : BlockReason.PRIVATE;
    }
    if (first == 0x2002) {
      BlockReason inner = classifyV4(b, 2); // 6to4 embeds the IPv4 address in bits 16-47
      return inner != null ? inner : BlockReason.RESERVED; // 6to4 is deprecated; nothing legitimate needs it
    }
    if (first == 0x2001 && second == 0x0000) {
      return BlockReason.RESERVED; // Teredo: carries an obfuscated IPv4 address
    }
    if (first == 0x2001 && second == 0x0db8 || (first & 0xfff0) == 0x3ff0) {
      return BlockReason.RESERVED; // documentation (2001:db8::/32, 3fff::/20)
    }
    if (first == 0xfd00 && second == 0x0ec2) {
      return BlockReason.CLOUD_METADATA; // AWS fd00:ec2::254 (metadata), ::253 (DNS), ::123 (NTP)
    }
    if ((first & 0xffc0) == 0xfe80) {
      return BlockReason.LINK_LOCAL;
    }
    if ((first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfec0) {
      return BlockReason.PRIVATE; // unique local fc00::/7, deprecated site-local fec0::/10
    }
    if ((first & 0xff00) == 0xff00) {
      return BlockReason.MULTICAST;
    }
    if ((first & 0xe000) != 0x2000) {
      return BlockReason.RESERVED; // outside global unicast 2000::/3 (e.g. discard-only 100::/64)
    }
    return null;
  }

  private static BlockReason embedded(byte[] b, int offset) {
    BlockReason inner = classifyV4(b, offset);
    return inner != null ? inner : BlockReason.RESERVED; // these forms are never routed as such
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean ff(byte[] b, int i) {
    return b[i] == (byte) 0xff;
  }
}
