package dev.eventpipeline.notify.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventpipeline.notify.port.HostResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetPolicyTest {
  private static final Set<Integer> PORTS = Set.of(80, 443, 8080, 8443);

  /** A DNS that answers from a table, counting lookups. */
  private static final class FakeDns implements HostResolver {
    final Map<String, List<String>> answers;
    final List<String> lookups = new ArrayList<>();

    FakeDns(Map<String, List<String>> answers) {
      this.answers = answers;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
      lookups.add(host);
      List<String> addresses = answers.get(host);
      if (addresses == null) {
        return List.of(InetAddress.getAllByName(host)); // literals
      }
      List<InetAddress> result = new ArrayList<>();
      for (String a : addresses) {
        result.add(InetAddress.getByAddress(host, InetAddress.getByName(a).getAddress()));
      }
      return result;
    }
  }

  private final FakeDns dns = new FakeDns(Map.of(
      "hooks.example.com", List.of("93.184.215.14"),
      "internal.example.com", List.of("10.0.0.7"),
      "metadata.example.com", List.of("169.254.169.254"),
      "loopback.example.com", List.of("127.0.0.1"),
      "v6-metadata.example.com", List.of("fd00:ec2::254"),
      "mixed.example.com", List.of("93.184.215.14", "192.168.1.20"),
      "dualstack.example.com", List.of("93.184.215.14", "2606:4700:4700::1111")));
  private final TargetPolicy policy = new TargetPolicy(PORTS, new AddressPolicy(false), dns);

  @Test
  void resolvesAPublicHostAndKeepsTheCheckedAddresses() throws Exception {
    WebhookTarget target = policy.resolve("https://hooks.example.com/in?x=1");

    assertThat(target.addresses()).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
    assertThat(target.url().https()).isTrue();
    assertThat(target.url().port()).isEqualTo(443);
    assertThat(target.url().requestTarget()).isEqualTo("/in?x=1");
    assertThat(target.url().hostHeader()).isEqualTo("hooks.example.com");
    assertThat(dns.lookups).containsExactly("hooks.example.com");
  }

  @Test
  void keepsEveryCheckedAddressOfADualStackHost() throws Exception {
    assertThat(policy.resolve("http://dualstack.example.com:8080/").addresses()).hasSize(2);
    assertThat(policy.resolve("http://dualstack.example.com:8080/").url().hostHeader())
        .isEqualTo("dualstack.example.com:8080");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "http://internal.example.com/, PRIVATE",
      "http://metadata.example.com/latest/meta-data/, CLOUD_METADATA",
      "http://loopback.example.com/, LOOPBACK",
      "http://v6-metadata.example.com/, CLOUD_METADATA",
      "http://mixed.example.com/, PRIVATE",
      "http://127.0.0.1/, LOOPBACK",
      "http://2130706433/, LOOPBACK",
      "http://[::1]/, LOOPBACK",
      "http://[::ffff:127.0.0.1]/, LOOPBACK",
      "http://[::ffff:a9fe:a9fe]/, CLOUD_METADATA",
      "http://[fd00:ec2::254]/, CLOUD_METADATA",
      "http://169.254.169.254/latest/api/token, CLOUD_METADATA",
      "http://0.0.0.0:8080/, UNSPECIFIED",
      "http://localhost/, LOOPBACK",
  })
  void refusesHostsThatResolveToBlockedAddresses(String url, BlockReason reason) {
    assertThatThrownBy(() -> policy.resolve(url))
        .isInstanceOfSatisfying(BlockedTargetException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(reason.description());
  }

  @Test
  void namesTheAddressAHostResolvedTo() {
    assertThatThrownBy(() -> policy.resolve("http://internal.example.com/"))
        .hasMessage("internal.example.com resolves to 10.0.0.7, which is a private address and may not receive webhooks");
  }

  @Test
  void localDevelopmentAdmitsLoopbackButNotMetadata() throws Exception {
    TargetPolicy local = new TargetPolicy(PORTS, new AddressPolicy(true), dns);

    assertThat(local.resolve("http://loopback.example.com:8080/hook").addresses())
        .extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
    assertThatThrownBy(() -> local.resolve("http://metadata.example.com/"))
        .isInstanceOf(BlockedTargetException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://127.0.0.1:9000/hook", "http://localhost:9000/hook", "http://[::1]:65000/",
      "http://loopback.example.com:22/"})
  void localDevelopmentAdmitsAnyPortOnLoopback(String url) throws Exception {
    TargetPolicy local = new TargetPolicy(PORTS, new AddressPolicy(true), dns);

    assertThat(local.resolve(url).addresses()).allMatch(InetAddress::isLoopbackAddress);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://internal.example.com:9000/", "http://hooks.example.com:9000/",
      "http://10.1.2.3:6379/"})
  void localDevelopmentKeepsThePortAllowListForEveryOtherAddress(String url) {
    TargetPolicy local = new TargetPolicy(PORTS, new AddressPolicy(true), dns);

    assertThatThrownBy(() -> local.resolve(url)).isInstanceOf(InvalidTargetException.class)
        .isNotInstanceOf(BlockedTargetException.class)
        .hasMessageEndingWith("is not allowed (allowed: [80, 443, 8080, 8443]; any port on a loopback address)");
  }

  @Test
  void aHostResolvingToLoopbackAndAnotherAddressKeepsTheAllowList() {
    FakeDns split = new FakeDns(Map.of("split.example.com", List.of("127.0.0.1", "10.0.0.7")));
    TargetPolicy local = new TargetPolicy(PORTS, new AddressPolicy(true), split);

    assertThatThrownBy(() -> local.resolve("http://split.example.com:9000/")).hasMessageStartingWith("port 9000");
  }

  @Test
  void asDeployedLoopbackGetsNoPortException() {
    assertThatThrownBy(() -> policy.resolve("http://127.0.0.1:9000/hook"))
        .hasMessage("port 9000 is not allowed (allowed: [80, 443, 8080, 8443])");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ftp://hooks.example.com/", "file:///etc/passwd", "gopher://hooks.example.com/",
      "hooks.example.com/in", "/relative", "javascript:alert(1)"})
  void acceptsOnlyAbsoluteHttpAndHttpsUrls(String url) {
    assertThatThrownBy(() -> policy.parse(url)).isInstanceOf(InvalidTargetException.class)
        .hasMessageContaining("http or https");
  }

  @Test
  void refusesPortsOutsideTheAllowList() {
    assertThatThrownBy(() -> policy.parse("http://hooks.example.com:22/"))
        .hasMessage("port 22 is not allowed (allowed: [80, 443, 8080, 8443])");
    assertThatThrownBy(() -> policy.parse("https://hooks.example.com:6379/")).hasMessageContaining("port 6379");
  }

  @Test
  void refusesCredentialsFragmentsAndMalformedUrls() {
    assertThatThrownBy(() -> policy.parse("https://user:pw@hooks.example.com/")).hasMessageContaining("credentials");
    assertThatThrownBy(() -> policy.parse("https://hooks.example.com/#frag")).hasMessageContaining("fragment");
    assertThatThrownBy(() -> policy.parse("https://hooks.example.com/a b")).hasMessageContaining("not a valid URI");
    assertThatThrownBy(() -> policy.parse("https://bücher.example/")).hasMessageContaining("host");
    assertThatThrownBy(() -> policy.parse("")).hasMessage("url is required");
    // java.net.URI does not take the shorthand IPv4 form as a host: refused before any lookup
    assertThatThrownBy(() -> policy.resolve("http://127.1/")).isInstanceOf(InvalidTargetException.class);
    assertThatThrownBy(() -> policy.parse("https://hooks.example.com/" + "a".repeat(2100)))
        .hasMessageContaining("longer than 2048");
  }

  @Test
  void aHostThatDoesNotResolveIsReportedAsSuch() {
    assertThatThrownBy(() -> policy.resolve("https://does-not-exist.invalid/"))
        .isInstanceOf(UnresolvableHostException.class).hasMessageContaining("does not resolve");
  }

  @Test
  void bracketsAnIpv6HostInTheHostHeaderOnly() throws Exception {
    WebhookUrl url = policy.parse("https://[2606:4700:4700::1111]:8443/x");

    assertThat(url.host()).isEqualTo("2606:4700:4700::1111");
    assertThat(url.hostHeader()).isEqualTo("[2606:4700:4700::1111]:8443");
  }
}
