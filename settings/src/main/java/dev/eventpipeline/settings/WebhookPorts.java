package dev.eventpipeline.settings;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ports webhooks may target (WEBHOOK_ALLOWED_PORTS), parsed by the same code in notify at its
 * cold start and in infra/cdk at synthesis, so a list the functions would refuse fails {@code cdk synth}
 * with their message.
 */
public final class WebhookPorts {
  /** The default allow list, as the environment variable and the context key spell it. */
  public static final String DEFAULT = "80,443,8080,8443";

  private WebhookPorts() {}

  /**
   * Comma-separated port numbers, each 1 to 65535, at least one; spaces around items are ignored.
   *
   * @return the ports, ascending, without duplicates
   * @throws IllegalArgumentException saying what is wrong, without naming the setting
   */
  public static Set<Integer> parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no ports listed (expected comma-separated port numbers between 1 and 65535)");
    }
    Set<Integer> ports = new TreeSet<>();
    for (String item : text.split(",", -1)) {
      int port;
      try {
        port = Integer.parseInt(item.strip());
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("'" + item.strip() + "' is not a port (expected comma-separated port numbers"
            + " between 1 and 65535)");
      }
      ports.add(port);
    }
    return Collections.unmodifiableSet(ports);
  }
}
