package dev.eventpipeline.notify.domain;

import dev.eventpipeline.notify.port.HostResolver;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rules a webhook URL must pass, at registration and again at every delivery: http or https, no
 * credentials or fragment, a port from the allow list, and a host whose every resolved address the
 * {@link AddressPolicy} accepts. {@link #resolve} returns the checked addresses, so the caller
 * connects to exactly what was checked.
 *
 * <p>When the address policy admits loopback (local development: NOTIFY_ALLOW_PRIVATE_TARGETS, which
 * the local cloud sets and the deployed stack never does), a target whose every address is loopback
 * may use any port: a receiver on this machine listens wherever it could bind. The allow list keeps
 * guarding every other address, private ones included, so the relaxation cannot reach a service on
 * another host.
 */
public final class TargetPolicy {
  /** Longest URL accepted. */
  public static final int MAX_URL_LENGTH = 2048;

  private final Set<Integer> allowedPorts;
  private final AddressPolicy addresses;
  private final HostResolver resolver;

  public TargetPolicy(Set<Integer> allowedPorts, AddressPolicy addresses, HostResolver resolver) {
    this.allowedPorts = Set.copyOf(allowedPorts);
    this.addresses = addresses;
    this.resolver = resolver;
  }

  public AddressPolicy addressPolicy() {
    return addresses;
  }

  /** Whether a loopback target may use a port outside the allow list (local development only). */
  public boolean loopbackAnyPort() {
    return addresses.allowPrivateTargets();
  }

  /**
   * Checks the URL's form (no DNS lookup). A port outside the allow list is refused here, except when
   * {@link #loopbackAnyPort()}: then only {@link #resolve} can tell, from the addresses, whether it is allowed.
   */
  public WebhookUrl parse(String url) throws InvalidTargetException {
    if (url == null || url.isBlank()) {
      throw new InvalidTargetException("url is required");
    }
    if (url.length() > MAX_URL_LENGTH) {
      throw new InvalidTargetException("url is longer than " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidTargetException("url is not a valid URI: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidTargetException("url must be an absolute http or https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidTargetException("url must not carry credentials (user:password@); put a token in the path instead");
    }
    if (uri.getRawFragment() != null) {
      throw new InvalidTargetException("url must not have a fragment (#...)");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new InvalidTargetException("url must name a host (international names in their xn-- form)");
    }
    if (!host.equals(IDN.toASCII(host, IDN.ALLOW_UNASSIGNED))) {
      throw new InvalidTargetException("url host must be ASCII (use the xn-- form of international names)");
    }
    boolean https = scheme.equals("https");
    int defaultPort = https ? 443 : 80;
    int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
    if (!allowedPorts.contains(port) && !loopbackAnyPort()) {
      throw portNotAllowed(port);
    }
    String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String requestTarget = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    String hostHeader = port == defaultPort ? host : host + ":" + port;
    return new WebhookUrl(url, https, bareHost, port, requestTarget, hostHeader);
  }

  /** Checks the URL's form, resolves its host and checks every address it resolves to. */
  public WebhookTarget resolve(String url) throws InvalidTargetException {
    WebhookUrl parsed = parse(url);
    List<InetAddress> resolved;
    try {
      resolved = resolver.resolve(parsed.host());
    } catch (UnknownHostException e) {
      throw new UnresolvableHostException("host " + parsed.host() + " does not resolve");
    }
    if (resolved.isEmpty()) {
      throw new UnresolvableHostException("host " + parsed.host() + " does not resolve");
    }
    // Every address must pass: a name that resolves to one public and one private address is
    // refused, rather than hoping the connection picks the public one.
    for (InetAddress address : resolved) {
      Optional<BlockReason> blocked = addresses.check(address);
      if (blocked.isPresent()) {
        String shown = address.getHostAddress();
        String where = parsed.host().equalsIgnoreCase(shown) ? shown : parsed.host() + " resolves to " + shown + ", which";
        throw new BlockedTargetException(where + " is " + blocked.get().description() + " and may not receive webhooks",
            blocked.get());
      }
    }
    if (!allowedPorts.contains(parsed.port()) && !resolved.stream().allMatch(InetAddress::isLoopbackAddress)) {
      throw portNotAllowed(parsed.port());
    }
    return new WebhookTarget(parsed, resolved);
  }

  private InvalidTargetException portNotAllowed(int port) {
    String loopback = loopbackAnyPort() ? "; any port on a loopback address" : "";
    return new InvalidTargetException("port " + port + " is not allowed (allowed: " + new TreeSet<>(allowedPorts)
        + loopback + ")");
  }
}
