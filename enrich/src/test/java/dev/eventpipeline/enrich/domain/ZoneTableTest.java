package dev.eventpipeline.enrich.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.enrich.domain.scan.IpAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneTableTest {
  private static ZoneTable table(String... cidrZone) {
    List<ZoneTable.Cidr> cidrs = new java.util.ArrayList<>();
    for (int i = 0; i < cidrZone.length; i += 2) {
      cidrs.add(ZoneTable.parseCidr(cidrZone[i], cidrZone[i + 1]));
    }
    return ZoneTable.of(cidrs);
  }

  private static String zone(ZoneTable t, String ip) {
    return t.zoneOf(IpAddress.parse(ip));
  }

  @Test
  void longestIpv4PrefixWinsAmongOverlappingNetworks() {
    ZoneTable t = table("10.0.0.0/8", "internal", "10.1.0.0/16", "prod-vpc", "10.1.2.0/24", "dmz",
        "10.1.2.3/32", "bastion", "0.0.0.0/0", "internet");
    assertThat(zone(t, "10.1.2.3")).isEqualTo("bastion");
    assertThat(zone(t, "10.1.2.4")).isEqualTo("dmz");
    assertThat(zone(t, "10.1.3.4")).isEqualTo("prod-vpc");
    assertThat(zone(t, "10.200.0.1")).isEqualTo("internal");
    assertThat(zone(t, "8.8.8.8")).isEqualTo("internet");
  }

  @Test
  void boundariesOfANetworkAreInsideAndTheirNeighboursOutside() {
    ZoneTable t = table("172.16.0.0/12", "corp", "192.168.10.0/23", "lab");
    assertThat(zone(t, "172.16.0.0")).isEqualTo("corp");
    assertThat(zone(t, "172.31.255.255")).isEqualTo("corp");
    assertThat(zone(t, "172.32.0.0")).isNull();
    assertThat(zone(t, "172.15.255.255")).isNull();
    assertThat(zone(t, "192.168.11.255")).isEqualTo("lab");
    assertThat(zone(t, "192.168.12.0")).isNull();
    assertThat(zone(t, "255.255.255.255")).isNull(); // unsigned comparison at the top of the range
  }

  @Test
  void longestIpv6PrefixWinsAndFamiliesDoNotMix() {
    ZoneTable t = table("2001:db8::/32", "corp6", "2001:db8:1::/48", "users6", "2001:db8:1:2::/64", "lab6",
        "2001:db8:1:2::8000/113", "hosts6", "::/0", "internet6", "10.0.0.0/8", "internal");
    assertThat(zone(t, "2001:db8:1:2::8001")).isEqualTo("hosts6");
    assertThat(zone(t, "2001:db8:1:2::7fff")).isEqualTo("lab6");
    assertThat(zone(t, "2001:db8:1:3::1")).isEqualTo("users6");
    assertThat(zone(t, "2001:db8:ffff::1")).isEqualTo("corp6");
    assertThat(zone(t, "fd00::1")).isEqualTo("internet6");
    assertThat(zone(t, "10.2.3.4")).isEqualTo("internal");
    assertThat(zone(t, "11.2.3.4")).isNull(); // ::/0 does not cover IPv4
    assertThat(zone(t, "::ffff:10.2.3.4")).isEqualTo("internal"); // IPv4-mapped is IPv4
  }

  @Test
  void ipv4MappedNetworksAreIpv4Networks() {
    ZoneTable t = table("::ffff:192.0.2.0/120", "partner");
    assertThat(zone(t, "192.0.2.77")).isEqualTo("partner");
    assertThat(zone(t, "192.0.3.1")).isNull();
  }

  @Test
  void anAddressWithoutALengthIsASingleHost() {
    ZoneTable t = table("203.0.113.9", "nat-gw", "2001:db8::9", "nat-gw6");
    assertThat(zone(t, "203.0.113.9")).isEqualTo("nat-gw");
    assertThat(zone(t, "203.0.113.8")).isNull();
    assertThat(zone(t, "2001:db8::9")).isEqualTo("nat-gw6");
  }

  @Test
  void refusesInvalidNetworks() {
    assertThatThrownBy(() -> ZoneTable.parseCidr("10.0.0.1/8", "z")).hasMessageContaining("host bits");
    assertThatThrownBy(() -> ZoneTable.parseCidr("10.0.0.0/33", "z")).hasMessageContaining("above 32");
    assertThatThrownBy(() -> ZoneTable.parseCidr("2001:db8::/129", "z")).hasMessageContaining("above 128");
    assertThatThrownBy(() -> ZoneTable.parseCidr("10.0.0.0/", "z")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> ZoneTable.parseCidr("10.0.0.0/x", "z")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> ZoneTable.parseCidr("10.0.0/8", "z")).hasMessageContaining("not an IPv4 or IPv6");
    assertThatThrownBy(() -> ZoneTable.parseCidr("2001:db8::1/32", "z")).hasMessageContaining("host bits");
  }

  @Test
  void refusesTheSameNetworkWithTwoZonesButAcceptsARepeat() {
    assertThatThrownBy(() -> table("10.0.0.0/8", "a", "10.0.0.0/8", "b")).hasMessageContaining("two zones");
    assertThat(zone(table("10.0.0.0/8", "a", "10.0.0.0/8", "a"), "10.1.1.1")).isEqualTo("a");
  }

  @Test
  void anEmptyTableFindsNothing() {
    assertThat(ZoneTable.EMPTY.zoneOf(IpAddress.parse("10.0.0.1"))).isNull();
    assertThat(ZoneTable.EMPTY.zoneOf(null)).isNull();
  }
}
