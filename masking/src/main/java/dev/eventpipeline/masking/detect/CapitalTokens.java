package dev.eventpipeline.masking.detect;

/**
 * What {@link TokenScanner} finds at an upper-case letter: AWS access key ids (prefix, 16 upper-case
 * letters and digits, bounded) and IBANs (country, exact length, groups of four, mod-97).
 */
final class CapitalTokens {
  private static final String[] AWS_KEY_PREFIXES = {
    "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA", "ABIA", "ACCA", "APKA", "ASCA"
  };

  private CapitalTokens() {}

  static boolean awsKeyAt(String s, int i) {
    boolean prefix = false;
    for (String p : AWS_KEY_PREFIXES) {
      if (s.startsWith(p, i)) {
        prefix = true;
        break;
      }
    }
    if (!prefix && !(s.startsWith("A3T", i) && isUpperOrDigit(s.charAt(i + 3)))) {
      return false;
    }
    for (int k = i + 4; k < i + 20; k++) {
      if (!isUpperOrDigit(s.charAt(k))) {
        return false;
      }
    }
    return !Chars.alnumAt(s, i + 20);
  }

  private static boolean isUpperOrDigit(char c) {
    return Chars.isUpper(c) || Chars.isDigit(c);
  }

  /** End of an IBAN starting at {@code i}, or -1. */
  static int ibanAt(String s, int i) {
    int length = Validators.ibanLength(s.charAt(i), s.charAt(i + 1));
    if (length == 0) {
      return -1;
    }
    int n = s.length();
    char[] buf = new char[length];
    int count = 0;
    int pos = i;
    char sep = 0;
    while (count < length) {
      if (pos >= n) {
        return -1;
      }
      char c = s.charAt(pos);
      if (isUpperOrDigit(c)) {
        buf[count++] = c;
        pos++;
      } else if ((c == ' ' || c == '-') && count % 4 == 0 && (sep == 0 || sep == c) && Chars.alnumAt(s, pos + 1)) {
        sep = c;
        pos++;
      } else {
        return -1;
      }
    }
    if (Chars.alnumAt(s, pos)) {
      return -1;
    }
    return Validators.ibanChecksum(java.nio.CharBuffer.wrap(buf)) ? pos : -1;
  }
}
