package dev.eventpipeline.masking.detect;

import dev.eventpipeline.masking.DetectorType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Keys whose values are secrets whatever they look like: a key matches when, lower-cased and with
 * everything but letters and digits removed, it ends with a keyword ("DB_PASSWORD", "x-api-key",
 * "clientSecret", "Set-Cookie"). "token_count" or "secretName" do not match.
 */
public final class SensitiveKeys {
  private static final String[] PASSWORD_WORDS = {"password", "passwd", "pwd", "passphrase"};
  private static final String[] AUTHORIZATION_WORDS = {"authorization"};
  private static final String[] SECRET_WORDS = {
    "secret", "secretkey", "secretaccesskey", "token", "apikey", "accesskey", "privatekey", "cookie",
    "credential", "credentials", "sessionid", "signature"
  };

  private final String[] words;
  private final DetectorType[] categories;
  /** Keyword indexes by their last two characters (a-z0-9 folded into 0..127): most keys have none. */
  private final int[][] byTail = new int[128 * 128][];

  private SensitiveKeys(List<String> words, List<DetectorType> categories) {
    this.words = words.toArray(String[]::new);
    this.categories = categories.toArray(DetectorType[]::new);
    for (int w = 0; w < this.words.length; w++) {
      String word = this.words[w];
      if (word.length() < 2) {
        continue;
      }
      int slot = tail(word.charAt(word.length() - 2), word.charAt(word.length() - 1));
      int[] old = byTail[slot];
      int[] grown = old == null ? new int[1] : java.util.Arrays.copyOf(old, old.length + 1);
      grown[grown.length - 1] = w;
      byTail[slot] = grown;
    }
  }

  private static int tail(char beforeLast, char last) {
    return ((beforeLast & 0x7f) << 7) | (last & 0x7f);
  }

  /** The built-in keywords plus {@code extra} keys (normalized; reported as SECRET). */
  public static SensitiveKeys withExtra(Collection<String> extra) {
    List<String> words = new ArrayList<>();
    List<DetectorType> categories = new ArrayList<>();
    add(words, categories, PASSWORD_WORDS, DetectorType.PASSWORD);
    add(words, categories, AUTHORIZATION_WORDS, DetectorType.AUTHORIZATION);
    add(words, categories, SECRET_WORDS, DetectorType.SECRET);
    for (String key : extra) {
      String normalized = normalize(key);
      if (!normalized.isEmpty() && !words.contains(normalized)) {
        words.add(normalized);
        categories.add(DetectorType.SECRET);
      }
    }
    return new SensitiveKeys(words, categories);
  }

  public static SensitiveKeys builtIn() {
    return withExtra(List.of());
  }

  private static void add(List<String> words, List<DetectorType> categories, String[] list, DetectorType type) {
    for (String w : list) {
      words.add(w);
      categories.add(type);
    }
  }

  /** Lower case, letters and digits only. */
  public static String normalize(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        b.append(Character.toLowerCase(c));
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /** The category of a key (PASSWORD, AUTHORIZATION, SECRET), or null when it is not sensitive. */
  public DetectorType match(String key) {
    return match(key, 0, key.length());
  }

  /** As {@link #match(String)} for the key {@code s[start, end)}. */
  public DetectorType match(String s, int start, int end) {
    // the key's last two letters or digits, lower-cased, pick the few keywords worth comparing
    int i = end - 1;
    while (i >= start && !isKeyAlnum(s.charAt(i))) {
      i--;
    }
    int j = i - 1;
    while (j >= start && !isKeyAlnum(s.charAt(j))) {
      j--;
    }
    if (j < start || s.charAt(i) >= 128 || s.charAt(j) >= 128) {
      return null;
    }
    int[] candidates = byTail[tail(lower(s.charAt(j)), lower(s.charAt(i)))];
    if (candidates == null) {
      return null;
    }
    for (int w : candidates) {
      if (endsWith(s, start, end, words[w])) {
        return categories[w];
      }
    }
    return null;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static boolean endsWith(String s, int start, int end, String word) {
    int j = word.length() - 1;
    int i = end - 1;
    while (j >= 0) {
      while (i >= start && !isKeyAlnum(s.charAt(i))) {
        i--;
      }
      if (i < start) {
        return false;
      }
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + 32);
      }
      if (c != word.charAt(j)) {
        return false;
      }
      i--;
      j--;
    }
    return true;
  }

  private static boolean isKeyAlnum(char c) {
    return c < 128 ? Chars.isAlnum(c) : Character.isLetterOrDigit(c);
  }
}
