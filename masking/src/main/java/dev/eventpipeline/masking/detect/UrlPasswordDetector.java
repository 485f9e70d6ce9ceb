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
    int n = s.length();
    int p = s.indexOf("://");
    while (p >= 0) {
      int authorityStart = p + 3;
      if (p > 0 && Chars.isLetter(s.charAt(p - 1))) {
        int i = authorityStart;
        int lastAt = -1;
        while (i < n) {
          char c = s.charAt(i);
          if (c == '/' || c == '?' || c == '#' || c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>'
              || c == '\\') {
            break;
          }
          if (c == '@') {
            lastAt = i;
          }
          i++;
        }
        if (lastAt > authorityStart) {
          int colon = s.indexOf(':', authorityStart);
          if (colon >= 0 && colon + 1 < lastAt) {
            out.add(DetectorType.PASSWORD, colon + 1, lastAt);
          }
        }
        p = s.indexOf("://", Math.max(i, authorityStart));
      } else {
        p = s.indexOf("://", authorityStart);
      }
    }
  }
}
