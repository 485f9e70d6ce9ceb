package dev.eventpipeline.notify.domain;

import java.net.InetAddress;
import java.util.List;

/**
 * A webhook URL whose host was resolved and whose every address passed the {@link AddressPolicy}: the
 * sender connects to these addresses, never resolving the host again (DNS rebinding).
 */
public record WebhookTarget(WebhookUrl url, List<InetAddress> addresses) {
  public WebhookTarget {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("a target has at least one checked address");
    }
  }
}
