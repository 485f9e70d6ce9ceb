package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.Set;

/**
 * PEM and OpenSSH private keys: "-----BEGIN ... PRIVATE KEY-----" up to the matching END line,
 * whatever separates the lines (real newlines, or "\n" escapes of a JSON string inside a message).
 * A block without its END line (a truncated log line) is masked to the end of the string.
 * Certificates and public keys are not secrets and are left alone.
 */
public final class PrivateKeyDetector implements Detector {
  private static final String BEGIN = "-----BEGIN ";

  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.PRIVATE_KEY);
  }

  @Override
  public void scan(String s, Findings out) {
    int p = s.indexOf(BEGIN);
    while (p >= 0) {
      int labelStart = p + BEGIN.length();
      int labelEnd = s.indexOf("-----", labelStart);
      if (labelEnd < 0) {
        return;
      }
      String label = s.substring(labelStart, labelEnd);
      if (labelEnd - labelStart <= 40 && isPrivateKeyLabel(label)) {
        String endMarker = "-----END " + label + "-----";
        int e = s.indexOf(endMarker, labelEnd + 5);
        int end = e < 0 ? s.length() : e + endMarker.length();
        out.add(DetectorType.PRIVATE_KEY, p, end);
        p = end < s.length() ? s.indexOf(BEGIN, end) : -1;
      } else {
        p = s.indexOf(BEGIN, labelStart);
      }
    }
  }

  private static boolean isPrivateKeyLabel(String label) {
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (!(Chars.isUpper(c) || c == ' ' || Chars.isDigit(c))) {
        return false;
      }
    }
    return label.endsWith("PRIVATE KEY") || label.equals("PGP PRIVATE KEY BLOCK");
  }
}
