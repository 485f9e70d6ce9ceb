package dev.eventpipeline.masking.detect;

import static dev.eventpipeline.settings.DetectorType.IPV4;
import static dev.eventpipeline.settings.DetectorType.IPV6;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressDetectionTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "microsoft.com 192.168.0.1|192.168.0.1",
    "(192.168.1.1)|192.168.1.1",
    "IP: 192.168.1.1.|192.168.1.1",
    "192.168.1.1,|192.168.1.1",
    "192.168.2.1@eth0|192.168.2.1",
    "peer=10.0.0.1:8080|10.0.0.1",
    "Broadcast 255.255.255.255|255.255.255.255",
    "Default 0.0.0.0|0.0.0.0",
  })
  void findsIpv4(String text, String expected) {
    assertThat(Detected.of(IPV4, text)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "256.256.256.256", "192.168.1.256", "192.168.1", "300.168.1.1", "IP192.168.1.1text", "text192.168.1.1",
    "version 1.2.3.4.5", "oid 1.3.6.1.4.1", "192.168.1.1.1", "Version 1.2.3", "1.2.3.4a",
  })
  void ignoresIpv4NearMisses(String text) {
    assertThat(Detected.of(IPV4, text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "684D:1111:222:3333:4444:5555:6:77|684D:1111:222:3333:4444:5555:6:77",
    "2345:0425:2CA1::0567:5673:23b5|2345:0425:2CA1::0567:5673:23b5",
    "2400:c401::5054:ff:fe1b:b031|2400:c401::5054:ff:fe1b:b031",
    "my ip: ::1|::1",
    "fe80::1%eth0 up|fe80::1%eth0",
    "Connect to [2001:db8::1]:8080|2001:db8::1",
    "Visit http://[2001:db8::1]/path|2001:db8::1",
    "::ffff:192.0.2.1|::ffff:192.0.2.1",
    "0:0:0:0:0:FFFF:129.144.52.38|0:0:0:0:0:FFFF:129.144.52.38",
    "NAT64: 64:ff9b::198.51.100.1|64:ff9b::198.51.100.1",
    "Server IP: 2400:c401::5054:ff:fe1b:b031.|2400:c401::5054:ff:fe1b:b031",
    "Multicast ff02::1|ff02::1",
  })
  void findsIpv6(String text, String expected) {
    assertThat(Detected.of(IPV6, text)).containsExactly(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "684D:1111:222:3333:4444:5555:77", // 7 groups without ::
    "MAC address aa:bb:cc:dd:ee:ff", "Time 12:34:56", "Ratio 1:2:3:4", "Port 80:443", "abc:def:ghi",
    "std::cout", "MyClass::toString", ":::", "2001::db8::1", "12345:db8::1", "gggg:hhhh::1234",
    "fe80::1text", "text2001:db8::1", "::ffff:256.0.0.1", "2024-01-15T12:34:56.789Z", "Use local ipv6 ::",
  })
  void ignoresIpv6NearMisses(String text) {
    assertThat(Detected.of(IPV6, text)).isEmpty();
  }
}
