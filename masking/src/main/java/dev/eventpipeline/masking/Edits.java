package dev.eventpipeline.masking;

import java.util.Arrays;

/**
 * Replacements of spans of a text, in increasing order of position and not overlapping: what
 * masking changes, so that a caller can splice them into the original string or bytes and leave
 * every other byte as it was.
 */
public final class Edits {
  private int size;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private String[] replacements = new String[8];

  void add(int start, int end, String replacement) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
      replacements = Arrays.copyOf(replacements, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    replacements[size] = replacement;
    size++;
  }

  /** Puts the edits in order of position (they never overlap; collected from more than one pass). */
  void sort() {
    for (int i = 1; i < size; i++) {
      if (starts[i] < starts[i - 1]) {
        Integer[] order = new Integer[size];
        for (int k = 0; k < size; k++) {
          order[k] = k;
        }
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(starts[a], starts[b]));
        int[] s2 = new int[size];
        int[] e2 = new int[size];
        String[] r2 = new String[size];
        for (int k = 0; k < size; k++) {
          s2[k] = starts[order[k]];
          e2[k] = ends[order[k]];
          r2[k] = replacements[order[k]];
        }
        starts = s2;
        ends = e2;
        replacements = r2;
        return;
      }
    }
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

  public String replacement(int i) {
    return replacements[i];
  }

  /** {@code text} with the edits applied ({@code text} itself when there are none). */
  public String apply(String text) {
    if (size == 0) {
      return text;
    }
    // bulk copies (String.getChars), not StringBuilder's per-character append
    int length = text.length();
    for (int i = 0; i < size; i++) {
      length += replacements[i].length() - (ends[i] - starts[i]);
    }
    char[] out = new char[length];
    int last = 0;
    int at = 0;
    for (int i = 0; i < size; i++) {
      text.getChars(last, starts[i], out, at);
      at += starts[i] - last;
      replacements[i].getChars(0, replacements[i].length(), out, at);
      at += replacements[i].length();
      last = ends[i];
    }
    text.getChars(last, text.length(), out, at);
    return new String(out);
  }
}
