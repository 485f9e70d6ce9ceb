package dev.eventpipeline.masking;

import dev.eventpipeline.settings.DetectorType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Number of values masked per {@link DetectorType}; mutable, not thread-safe. */
public final class MaskCounts {
  private static final DetectorType[] TYPES = DetectorType.values();
  private final int[] counts = new int[TYPES.length];

  public void add(DetectorType type) {
    counts[type.ordinal()]++;
  }

  public void add(DetectorType type, int n) {
    counts[type.ordinal()] += n;
  }

  public void addAll(MaskCounts other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
  }

  public int get(DetectorType type) {
    return counts[type.ordinal()];
  }

  public int total() {
    int total = 0;
    for (int c : counts) {
      total += c;
    }
    return total;
  }

  public boolean isEmpty() {
    return total() == 0;
  }

  /** Whether a credential type was masked. */
  public boolean hasCredential() {
    for (DetectorType t : TYPES) {
      if (t.credential() && counts[t.ordinal()] > 0) {
        return true;
      }
    }
    return false;
  }

  /** Non-zero counts in type order. */
  public Map<String, Integer> asMap() {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (DetectorType t : TYPES) {
      if (counts[t.ordinal()] > 0) {
        map.put(t.name(), counts[t.ordinal()]);
      }
    }
    return map;
  }

  /** Non-zero counts of credential types only. */
  public Map<String, Integer> credentialsAsMap() {
    Map<String, Integer> map = new LinkedHashMap<>();
    for (DetectorType t : TYPES) {
      if (t.credential() && counts[t.ordinal()] > 0) {
        map.put(t.name(), counts[t.ordinal()]);
      }
    }
    return map;
  }

  /** {@link #asMap()} as a JSON object ({@code {"EMAIL":2}}), written without building the map. */
  public String toJson() {
    StringBuilder b = null;
    for (DetectorType t : TYPES) {
      int n = counts[t.ordinal()];
      if (n > 0) {
        b = b == null ? new StringBuilder("{") : b.append(',');
        b.append('"').append(t.name()).append("\":").append(n);
      }
    }
    return b == null ? "{}" : b.append('}').toString();
  }

  public void clear() {
    java.util.Arrays.fill(counts, 0);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
