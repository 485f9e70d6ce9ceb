package dev.eventpipeline.enrich.domain;

/**
 * What the catalog says about one service; absent attributes are null. {@code json} is the
 * pre-encoded {@code "team":..,"tier":..,"onCall":..} members, built once per catalog version so the
 * per-record path only copies bytes.
 */
public record ServiceInfo(String team, String tier, String onCall, byte[] json) {
  public ServiceInfo(String team, String tier, String onCall) {
    this(team, tier, onCall, encode(team, tier, onCall));
  }

  private static byte[] encode(String team, String tier, String onCall) {
    JsonBytes out = new JsonBytes(64);
    boolean first = true;
    first = member(out, first, "team", team);
    first = member(out, first, "tier", tier);
    member(out, first, "onCall", onCall);
    return out.toByteArray();
  }

  private static boolean member(JsonBytes out, boolean first, String name, String value) {
    if (value == null) {
      return first;
    }
    if (!first) {
      out.ascii(',');
    }
    out.string(name);
    out.ascii(':');
    out.string(value);
    return false;
  }

  /** True when the catalog has at least one attribute for the service. */
  public boolean hasAttributes() {
    return json.length > 0;
  }
}
