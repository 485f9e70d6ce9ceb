package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.Set;

/**
 * AWS secret access keys, as CloudWatch Logs data protection finds them: 40 base64 characters
 * starting within 30 characters after a keyword ("secret", as in aws_secret_access_key,
 * SecretAccessKey, AWS_SECRET_KEY). The token must be exactly 40 characters, bounded, and mix upper
 * case, lower case and digits or '/' '+' as random keys do.
 */
public final class AwsSecretKeyDetector implements Detector {
  static final int WINDOW = 30;
  private static final CaseTrigger SECRET = new CaseTrigger("secret");

  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.AWS_SECRET_KEY);
  }

  @Override
  public void scan(String s, Findings out) {
    int k = SECRET.next(s, 0);
    while (k >= 0) {
      int from = k + SECRET.length();
      int end = findAfter(s, from);
      if (end > 0) {
        out.add(DetectorType.AWS_SECRET_KEY, end - 40, end);
        k = SECRET.next(s, end);
      } else {
        k = SECRET.next(s, from);
      }
    }
  }

  /**
   * At {@code k} (a word start, or an upper-case letter inside a camelCase word): a secret key after
   * the keyword "secret" (any case) there, reported; returns its end or -1. TokenScanner calls this in
   * its one pass instead of two keyword searches.
   */
  static int keywordAt(String s, int k, Findings out) {
    if (!Chars.matchesIgnoreCase(s, k, "secret")) {
      return -1;
    }
    int end = findAfter(s, k + 6);
    if (end > 0) {
      out.add(DetectorType.AWS_SECRET_KEY, end - 40, end);
    }
    return end;
  }

  /**
   * End of a secret key whose first character lies within the window after {@code from}, or -1.
   * A token right after an HTTP scheme word ("Basic ...", "Bearer ...") is that scheme's credential,
   * not a secret key, even near the word "secret".
   */
  static int findAfter(String s, int from) {
    int n = s.length();
    int limit = Math.min(n - 40, from + WINDOW);
    for (int i = from; i <= limit; i++) {
      if (Chars.is(s.charAt(i), Chars.B64) && (i == 0 || !Chars.is(s.charAt(i - 1), Chars.B64))) {
        if (isSecretKey(s, i) && !afterScheme(s, i)) {
          return i + 40;
        }
      }
    }
    return -1;
  }

  private static boolean afterScheme(String s, int i) {
    int k = i - 1;
    while (k >= 0 && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) {
      k--;
    }
    if (k == i - 1) {
      return false;
    }
    return endsWithWord(s, k + 1, "basic") || endsWithWord(s, k + 1, "bearer");
  }

  private static boolean endsWithWord(String s, int end, String word) {
    int start = end - word.length();
    return start >= 0 && s.regionMatches(true, start, word, 0, word.length()) && !Chars.alnumAt(s, start - 1);
  }

  /** Exactly 40 base64 characters at {@code i}, mixing classes like a random key. */
  static boolean isSecretKey(String s, int i) {
    int n = s.length();
    if (i + 40 > n) {
      return false;
    }
    boolean upper = false;
    boolean lower = false;
    boolean other = false;
    for (int j = i; j < i + 40; j++) {
      char c = s.charAt(j);
      if (!Chars.is(c, Chars.B64)) {
        return false;
      }
      if (Chars.isUpper(c)) {
        upper = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
      } else {
        other = true;
      }
    }
    if (i + 40 < n && (Chars.is(s.charAt(i + 40), Chars.B64))) {
      return false;
    }
    return upper && lower && other;
  }
}
