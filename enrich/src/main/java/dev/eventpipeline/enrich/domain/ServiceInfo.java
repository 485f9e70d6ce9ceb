package dev.eventpipeline.enrich.domain;

import dev.eventpipeline.common.json.Utf8JsonWriter;

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
    Utf8JsonWriter out = new Utf8JsonWriter(64);
    boolean first = true;
    first = member(out, first, "team", team);
    first = member(out, first, "tier", tier);
    member(out, first, "onCall", onCall);
    return out.toByteArray();
  }

  private static boolean member(Utf8JsonWriter out, boolean first, String name, String value) {
    if (value == null) {
      return first;
    }
    if (!first) {
      out.raw(',');
    }
    out.string(name);
    out.raw(':');
    out.string(value);
    return false;
  }

  /** True when the catalog has at least one attribute for the service. */
  public boolean hasAttributes() {
    return json.length > 0;
  }
}
