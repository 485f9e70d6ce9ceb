package dev.eventpipeline.enrich.domain.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

  @ParameterizedTest
  @CsvSource({
      "10.0.0.1, 10.0.0.1",
      "0.0.0.0, 0.0.0.0",
      "255.255.255.255, 255.255.255.255",
      "' 192.168.1.20 ', 192.168.1.20",
      "10.0.0.1:8080, 10.0.0.1",
      "::ffff:10.0.0.1, 10.0.0.1",
      "::ffff:a00:1, 10.0.0.1",
  })
  void parsesIpv4IncludingPortsAndIpv4MappedIpv6(String text, String expected) {
    IpAddress ip = IpAddress.parse(text);
    assertThat(ip).isNotNull();
    assertThat(ip.v6()).isFalse();
    assertThat(ip.toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
      "2001:db8::1, 2001:db8:0:0:0:0:0:1",
      "2001:0db8:0000:0000:0000:ff00:0042:8329, 2001:db8:0:0:0:ff00:42:8329",
      "::1, 0:0:0:0:0:0:0:1",
      "::, 0:0:0:0:0:0:0:0",
      "fe80::1%eth0, fe80:0:0:0:0:0:0:1",
      "[2001:db8::7]:443, 2001:db8:0:0:0:0:0:7",
      "2001:db8::, 2001:db8:0:0:0:0:0:0",
      "64:ff9b::192.0.2.33, 64:ff9b:0:0:0:0:c000:221",
      "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
  })
  void parsesIpv6Forms(String text, String expected) {
    IpAddress ip = IpAddress.parse(text);
    assertThat(ip).isNotNull();
    assertThat(ip.v6()).isTrue();
    assertThat(ip.toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", " ", "10.0.0", "10.0.0.1.5", "256.1.1.1", "10.0.0.01", "010.0.0.1", "1.2.3.-4", "10.0.0.1:http",
      "a.b.c.d", "10..0.1", "10.0.0.1.", "1:2:3:4:5:6:7:8:9", "1::2::3", "2001:db8:::1", "12345::1",
      "2001:db8::g", "2001:db8:", ":1:2", "1:2:3:4:5:6:7", "::ffff:10.0.0.256", "00:1a:2b:3c:4d:5e",
      "[2001:db8::1", "example.com", "ec2.amazonaws.com"})
  void rejectsNearMisses(String text) {
    assertThat(IpAddress.parse(text)).isNull();
  }
}
