package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.Set;

/**
 * Passwords in URLs ({@code scheme://user:password@host}): triggered by "://", the authority read
 * up to the first '/', '?', '#', whitespace or quote; the password is what follows the first ':'
 * of the user info (before the last '@'). Only the password is reported, not the user name.
 */
public final class UrlPasswordDetector implements Detector {
  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.PASSWORD);
  }

  @Override
  public void scan(String s, Findings out) {
    int p = s.indexOf("://");
    while (p >= 0) {
      int authorityStart = p + 3;
      int next = authorityStart;
      if (p > 0 && Chars.isLetter(s.charAt(p - 1))) {
        next = authorityEnd(s, authorityStart);
        int at = s.lastIndexOf('@', next - 1);
        int colon = at > authorityStart ? s.indexOf(':', authorityStart) : -1;
        if (colon >= 0 && colon + 1 < at) {
          out.add(DetectorType.PASSWORD, colon + 1, at);
        }
      }
      p = s.indexOf("://", next);
    }
  }

  /** The end of the authority that starts at {@code from}: its first '/', '?', '#', space, quote, bracket or '\'. */
  private static int authorityEnd(String s, int from) {
    int i = from;
    while (i < s.length() && !endsAuthority(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean endsAuthority(char c) {
    return c == '/' || c == '?' || c == '#' || c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\';
  }
}
