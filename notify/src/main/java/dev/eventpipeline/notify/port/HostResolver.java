package dev.eventpipeline.notify.port;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Port: resolves a host name (or IP literal) to every address it stands for. */
@FunctionalInterface
public interface HostResolver {
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JVM's resolver (DNS, /etc/hosts; literals are parsed without a lookup). */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
