package dev.eventpipeline.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SSRF table: which addresses a webhook may reach, in production and in local development. */
class AddressPolicyTest {
  private final AddressPolicy production = new AddressPolicy(false);
  private final AddressPolicy localDevelopment = new AddressPolicy(true);

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      // IPv4
      "127.0.0.1, LOOPBACK",
      "127.255.255.254, LOOPBACK",
      "10.0.0.1, PRIVATE",
      "172.16.0.1, PRIVATE",
      "172.31.255.255, PRIVATE",
      "192.168.1.1, PRIVATE",
      "100.64.0.1, PRIVATE",
      "100.127.255.255, PRIVATE",
      "169.254.169.254, CLOUD_METADATA",
      "169.254.170.2, CLOUD_METADATA",
      "169.254.170.23, CLOUD_METADATA",
      "100.100.100.200, CLOUD_METADATA",
      "169.254.1.1, LINK_LOCAL",
      "0.0.0.0, UNSPECIFIED",
      "0.1.2.3, UNSPECIFIED",
      "224.0.0.1, MULTICAST",
      "239.255.255.250, MULTICAST",
      "255.255.255.255, BROADCAST",
      "240.0.0.1, RESERVED",
      "192.0.2.1, RESERVED",
      "198.18.0.1, RESERVED",
      "198.51.100.7, RESERVED",
      "203.0.113.9, RESERVED",
      "192.0.0.8, RESERVED",
      // IPv6
      "::1, LOOPBACK",
      "::, UNSPECIFIED",
      "fe80::1, LINK_LOCAL",
      "febf:ffff::1, LINK_LOCAL",
      "fd00:ec2::254, CLOUD_METADATA",
      "fd00:ec2::253, CLOUD_METADATA",
      "fc00::1, PRIVATE",
      "fd12:3456:789a::1, PRIVATE",
      "fec0::1, PRIVATE",
      "ff02::1, MULTICAST",
      "2001:db8::1, RESERVED",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED",
      "100::1, RESERVED",
      "3fff::1, RESERVED",
      // IPv6 forms that embed an IPv4 address: classified by the embedded address
      "::ffff:127.0.0.1, LOOPBACK",
      "::ffff:169.254.169.254, CLOUD_METADATA",
      "::ffff:10.1.2.3, PRIVATE",
      "::127.0.0.1, LOOPBACK",
      "::169.254.169.254, CLOUD_METADATA",
      "::8.8.8.8, RESERVED",
      "::ffff:0:127.0.0.1, LOOPBACK",
      "::ffff:0:8.8.8.8, RESERVED",
      "64:ff9b::127.0.0.1, LOOPBACK",
      "64:ff9b::a9fe:a9fe, CLOUD_METADATA",
      "64:ff9b:1::10.0.0.1, PRIVATE",
      "2002:7f00:1::, LOOPBACK",
      "2002:a9fe:a9fe::1, CLOUD_METADATA",
      "2002:0808:0808::1, RESERVED",
  })
  void refusesSpecialPurposeAddresses(String literal, BlockReason expected) throws Exception {
    InetAddress address = v6Preserving(literal);

    assertThat(AddressPolicy.classify(address)).contains(expected);
    assertThat(production.check(address)).contains(expected);
  }

  @ParameterizedTest(name = "{0} is public")
  @CsvSource({"8.8.8.8", "1.1.1.1", "93.184.215.14", "172.32.0.1", "100.128.0.1", "169.253.255.255",
      "2606:4700:4700::1111", "2a00:1450:4001:81c::200e", "::ffff:8.8.8.8", "64:ff9b::808:808"})
  void acceptsPublicUnicastAddresses(String literal) throws Exception {
    assertThat(production.check(v6Preserving(literal))).isEmpty();
  }

  @ParameterizedTest(name = "local development admits {0}")
  @CsvSource({"127.0.0.1", "::1", "10.0.0.5", "192.168.0.10", "172.20.0.2", "100.64.1.1", "fd12::1",
      "::ffff:127.0.0.1"})
  void localDevelopmentAdmitsLoopbackAndPrivateAddresses(String literal) throws Exception {
    assertThat(localDevelopment.check(v6Preserving(literal))).isEmpty();
  }

  @ParameterizedTest(name = "local development still refuses {0}")
  @CsvSource({"169.254.169.254", "169.254.170.2", "fd00:ec2::254", "fe80::1", "169.254.10.10", "0.0.0.0", "::",
      "224.0.0.251", "255.255.255.255", "::ffff:169.254.169.254", "100.100.100.200", "64:ff9b::a9fe:a9fe"})
  void localDevelopmentStillRefusesLinkLocalMetadataAndTheRest(String literal) throws Exception {
    Optional<BlockReason> reason = localDevelopment.check(v6Preserving(literal));

    assertThat(reason).isPresent();
    assertThat(reason.get().allowedForLocalDevelopment()).isFalse();
  }

  /**
   * The address as a resolver could return it: an IPv6 literal stays IPv6 even when it is a mapped
   * form (InetAddress.getByName would silently turn ::ffff:a.b.c.d into an IPv4 address).
   */
  private static InetAddress v6Preserving(String literal) throws Exception {
    InetAddress parsed = InetAddress.getByName(literal);
    if (literal.contains(":")) {
      byte[] bytes = new byte[16];
      byte[] raw = parsed.getAddress();
      if (raw.length == 4) { // the JDK turned ::ffff:a.b.c.d into IPv4: rebuild the 16-byte form
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(raw, 0, bytes, 12, 4);
      } else {
        bytes = raw;
      }
      return Inet6Address.getByAddress(null, bytes, -1);
    }
    return parsed;
  }
}
