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
    StringBuilder out = new StringBuilder(text.length() + 32);
    int last = 0;
    for (int i = 0; i < size; i++) {
      out.append(text, last, starts[i]).append(replacements[i]);
      last = ends[i];
    }
    return out.append(text, last, text.length()).toString();
  }
}
