package dev.eventpipeline.enrich.domain;

import dev.eventpipeline.enrich.domain.scan.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CIDR → network zone, longest prefix wins, for IPv4 and IPv6. Built once per catalog version:
 * one sorted array of networks per distinct prefix length, searched from the longest length down
 * with a binary search, so a lookup allocates nothing and costs (distinct lengths × log n).
 */
public final class ZoneTable {
  /** One CIDR entry; {@code zone} is the zone name. */
  public record Cidr(IpAddress network, int prefix, String zone) {}

  /** One prefix length: networks sorted unsigned (hi, lo), zones parallel. */
  private record Level(int prefix, long maskHi, long maskLo, long[] hi, long[] lo, String[] zones) {}

  public static final ZoneTable EMPTY = new ZoneTable(new Level[0], new Level[0], 0);

  private final Level[] v4;
  private final Level[] v6;
  private final int size;

  private ZoneTable(Level[] v4, Level[] v6, int size) {
    this.v4 = v4;
    this.v6 = v6;
    this.size = size;
  }

  /**
   * Parses "10.0.0.0/8" or "2001:db8::/32"; an address without a length is a single host.
   * Host bits must be zero: "10.0.0.1/8" is almost always a typo, so it is refused rather than guessed.
   */
  public static Cidr parseCidr(String cidr, String zone) {
    int slash = cidr.indexOf('/');
    String address = slash < 0 ? cidr : cidr.substring(0, slash);
    IpAddress ip = address.indexOf(':') >= 0
        ? IpAddress.parseV6Address(address, 0, address.length())
        : IpAddress.parseV4Address(address, 0, address.length());
    if (ip == null) {
      throw new IllegalArgumentException("not an IPv4 or IPv6 network");
    }
    boolean written6 = address.indexOf(':') >= 0;
    int max = written6 ? 128 : 32;
    int prefix;
    if (slash < 0) {
      prefix = max;
    } else {
      String len = cidr.substring(slash + 1);
      if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("prefix length is not a number");
      }
      prefix = Integer.parseInt(len);
      if (prefix > max) {
        throw new IllegalArgumentException("prefix length above " + max);
      }
    }
    if (written6 && !ip.v6()) {
      // ::ffff:a.b.c.d/N: an IPv4-mapped network, stored as the IPv4 network it denotes
      if (prefix < 96) {
        throw new IllegalArgumentException("IPv4-mapped network shorter than /96");
      }
      prefix -= 96;
    }
    long[] mask = mask(ip.v6(), prefix);
    if ((ip.hi() & ~mask[0]) != 0 || (ip.lo() & ~mask[1]) != 0) {
      throw new IllegalArgumentException("host bits set after the prefix length");
    }
    return new Cidr(ip, prefix, zone);
  }

  /** Builds the table; the same network listed twice with different zones is ambiguous and refused. */
  public static ZoneTable of(List<Cidr> cidrs) {
    Map<Integer, List<Cidr>> v4 = new TreeMap<>(Comparator.reverseOrder());
    Map<Integer, List<Cidr>> v6 = new TreeMap<>(Comparator.reverseOrder());
    for (Cidr c : cidrs) {
      (c.network().v6() ? v6 : v4).computeIfAbsent(c.prefix(), k -> new ArrayList<>()).add(c);
    }
    return new ZoneTable(levels(v4, false), levels(v6, true), cidrs.size());
  }

  private static Level[] levels(Map<Integer, List<Cidr>> byPrefix, boolean v6) {
    List<Level> levels = new ArrayList<>();
    for (var e : byPrefix.entrySet()) {
      List<Cidr> list = new ArrayList<>(e.getValue());
      list.sort((a, b) -> compare(a.network().hi(), a.network().lo(), b.network().hi(), b.network().lo()));
      int n = list.size();
      long[] hi = new long[n];
      long[] lo = new long[n];
      String[] zones = new String[n];
      int k = 0;
      for (Cidr c : list) {
        if (k > 0 && hi[k - 1] == c.network().hi() && lo[k - 1] == c.network().lo()) {
          if (!zones[k - 1].equals(c.zone())) {
            throw new IllegalArgumentException("network " + c.network() + "/" + c.prefix()
                + " is listed with two zones");
          }
          continue;
        }
        hi[k] = c.network().hi();
        lo[k] = c.network().lo();
        zones[k] = c.zone();
        k++;
      }
      long[] mask = mask(v6, e.getKey());
      levels.add(new Level(e.getKey(), mask[0], mask[1], Arrays.copyOf(hi, k), Arrays.copyOf(lo, k),
          Arrays.copyOf(zones, k)));
    }
    return levels.toArray(new Level[0]);
  }

  /** The zone of the most specific network containing {@code ip}, or null. */
  public String zoneOf(IpAddress ip) {
    if (ip == null) {
      return null;
    }
    for (Level level : ip.v6() ? v6 : v4) {
      long hi = ip.hi() & level.maskHi;
      long lo = ip.lo() & level.maskLo;
      int low = 0;
      int high = level.hi.length - 1;
      while (low <= high) {
        int mid = (low + high) >>> 1;
        int cmp = compare(level.hi[mid], level.lo[mid], hi, lo);
        if (cmp < 0) {
          low = mid + 1;
        } else if (cmp > 0) {
          high = mid - 1;
        } else {
          return level.zones[mid];
        }
      }
    }
    return null;
  }

  public int size() {
    return size;
  }

  private static int compare(long hiA, long loA, long hiB, long loB) {
    int c = Long.compareUnsigned(hiA, hiB);
    return c != 0 ? c : Long.compareUnsigned(loA, loB);
  }

  /** {maskHi, maskLo} for a prefix length; IPv4 lives in the low 32 bits of lo. */
  private static long[] mask(boolean v6, int prefix) {
    if (!v6) {
      long m = prefix == 0 ? 0 : (0xFFFF_FFFFL << (32 - prefix)) & 0xFFFF_FFFFL;
      return new long[] {0, m};
    }
    long hi = prefix >= 64 ? -1L : prefix == 0 ? 0 : -1L << (64 - prefix);
    long lo = prefix <= 64 ? 0 : prefix == 128 ? -1L : -1L << (128 - prefix);
    return new long[] {hi, lo};
  }
}
