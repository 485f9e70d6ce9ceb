package dev.eventpipeline.enrich.domain;

import dev.eventpipeline.enrich.domain.scan.IpAddress;
import java.util.Locale;
import java.util.Map;

/**
 * One immutable version of the reference data: service catalog (name or alias, matched ignoring
 * case → team, tier, on-call) and CIDR → network zone table.
 */
public final class Catalog {
  /** No reference data: enrichment proceeds without lookups. */
  public static final Catalog EMPTY = new Catalog(Map.of(), ZoneTable.EMPTY, 0);

  private final Map<String, ServiceInfo> services; // keys lower-cased
  private final ZoneTable zones;
  private final int serviceCount;

  Catalog(Map<String, ServiceInfo> servicesByLowerName, ZoneTable zones, int serviceCount) {
    this.services = Map.copyOf(servicesByLowerName);
    this.zones = zones;
    this.serviceCount = serviceCount;
  }

  /** The catalog entry for a service name or alias, ignoring case; null when unknown. */
  public ServiceInfo service(String name) {
    if (name == null || services.isEmpty()) {
      return null;
    }
    ServiceInfo info = services.get(name);
    if (info == null && hasUpperCase(name)) {
      info = services.get(name.toLowerCase(Locale.ROOT));
    }
    return info;
  }

  /** The zone of the most specific network containing {@code ip}; null when none does. */
  public String zoneOf(IpAddress ip) {
    return zones.zoneOf(ip);
  }

  /** Number of services (not counting aliases). */
  public int serviceCount() {
    return serviceCount;
  }

  public int zoneCount() {
    return zones.size();
  }

  public boolean isEmpty() {
    return services.isEmpty() && zones.size() == 0;
  }

  private static boolean hasUpperCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z' || c > 127) {
        return true;
      }
    }
    return false;
  }
}
