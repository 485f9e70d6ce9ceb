package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.Arrays;

/**
 * The spans detectors found in one string: parallel arrays, no object per finding (the hot path
 * finds nothing in most strings and must not allocate for it).
 */
public final class Findings {
  private int size;
  private int[] starts;
  private int[] ends;
  private DetectorType[] types;
  private boolean cardContext;
  private boolean stopAtNonAscii;
  private boolean jsonDocument;

  /** The text scanned is a whole JSON document: its structural {@code "key":} separators are not key-value pairs. */
  public void jsonDocument(boolean json) {
    this.jsonDocument = json;
  }

  boolean jsonDocument() {
    return jsonDocument;
  }
  private boolean sawNonAscii;

  /** Asks a scanner to stop at the first non-ASCII character and say so ({@link #sawNonAscii()}). */
  public void stopAtNonAscii(boolean stop) {
    this.stopAtNonAscii = stop;
  }

  boolean stopsAtNonAscii() {
    return stopAtNonAscii;
  }

  void markNonAscii() {
    sawNonAscii = true;
  }

  /** Whether a scanner asked to stop at non-ASCII text met some. */
  public boolean sawNonAscii() {
    return sawNonAscii;
  }

  /** Findings for a value known to be a card's (its key names a card): long digit runs are cards then. */
  public static Findings forCardValue() {
    Findings f = new Findings();
    f.cardContext = true;
    return f;
  }

  /** Whether the value scanned is known to be a card's (see {@link #forCardValue()}). */
  public boolean cardContext() {
    return cardContext;
  }

  public void add(DetectorType type, int start, int end) {
    if (start >= end) {
      return;
    }
    if (starts == null) {
      starts = new int[8];
      ends = new int[8];
      types = new DetectorType[8];
    } else if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
      types = Arrays.copyOf(types, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    types[size] = type;
    size++;
  }

  public int size() {
    return size;
  }

  public int start(int i) {
    return starts[i];
  }

  public int end(int i) {
    return ends[i];
  }

  public DetectorType type(int i) {
    return types[i];
  }

  public void clear() {
    size = 0;
    sawNonAscii = false;
  }

  /** Whether some finding of {@code type} covers exactly [start, end). */
  public boolean covers(DetectorType type, int start, int end) {
    for (int i = 0; i < size; i++) {
      if (types[i] == type && starts[i] <= start && ends[i] >= end) {
        return true;
      }
    }
    return false;
  }

  /**
   * Merges overlapping findings into their union, typed by the highest-priority member (earliest in
   * {@link DetectorType}), and sorts them by start. Masking the union never leaves part of a
   * sensitive span in the clear: a cookie value holding a JWT becomes one [JWT], an access key id
   * quoted as the value of "aws_token" is reported as AWS_ACCESS_KEY_ID rather than SECRET.
   */
  public void resolveOverlaps() {
    if (size < 2) {
      return;
    }
    // by start, ties in the order added (a stable sort): start and index packed in one long, so
    // the sort is over primitives (no boxing, no comparator)
    long[] order = new long[size];
    boolean sorted = true;
    for (int i = 0; i < size; i++) {
      order[i] = (long) starts[i] << 32 | i;
      sorted &= i == 0 || starts[i] >= starts[i - 1];
    }
    if (!sorted) {
      Arrays.sort(order);
    }
    int[] mergedStarts = new int[size];
    int[] mergedEnds = new int[size];
    DetectorType[] mergedTypes = new DetectorType[size];
    int merged = 0;
    for (long packed : order) {
      int idx = (int) packed;
      int s = starts[idx];
      int e = ends[idx];
      DetectorType t = types[idx];
      if (merged > 0 && s < mergedEnds[merged - 1]) {
        int last = merged - 1;
        mergedEnds[last] = Math.max(mergedEnds[last], e);
        if (t.ordinal() < mergedTypes[last].ordinal()) {
          mergedTypes[last] = t;
        }
      } else {
        mergedStarts[merged] = s;
        mergedEnds[merged] = e;
        mergedTypes[merged] = t;
        merged++;
      }
    }
    starts = mergedStarts;
    ends = mergedEnds;
    types = mergedTypes;
    size = merged;
  }
}
