package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.Set;

/**
 * {@link VendorTokens} as a standalone detector: visits each word start once (the character before
 * it is not a letter or digit), tries {@link VendorTokens#match} where {@link VendorTokens#canStart}
 * allows, and continues after a match. {@code TokenScanner} runs the same two calls in its own
 * single pass; this class is for tests and for callers that want only vendor tokens.
 */
public final class VendorTokenDetector implements Detector {
  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.API_TOKEN);
  }

  @Override
  public void scan(String s, Findings out) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (VendorTokens.canStart(c) && (i == 0 || !Chars.isAlnum(s.charAt(i - 1)))) {
        int end = VendorTokens.match(s, i);
        if (end > 0) {
          out.add(DetectorType.API_TOKEN, i, end);
          i = end;
          continue;
        }
      }
      i++;
    }
  }
}
