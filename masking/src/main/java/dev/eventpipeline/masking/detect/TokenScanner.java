package dev.eventpipeline.masking.detect;

import dev.eventpipeline.settings.DetectorType;
import java.util.EnumSet;
import java.util.Set;

/**
 * One pass over the string for everything that starts at a digit, '+', '(' or a letter at a word
 * boundary: CREDIT_CARD, US_SSN, PHONE, IPV4, IBAN, AWS_ACCESS_KEY_ID and API_TOKEN. Characters inside
 * words cost one comparison; candidates are confirmed by structure and checksums:
 *
 * <ul>
 *   <li>cards: 13-16 digits in one run (17-19 where a card is named just before), or 13-19 grouped
 *       as cards are printed (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3) with one kind of separator
 *       (space, tab, dash, dot, underscore or slash), an issuer prefix matching the length, and Luhn. A card followed by more digit
 *       groups (an expiry, a CVV) is still found at the last group boundary that validates.
 *   <li>SSN: AAA-GG-SSSS (or spaces, dots; one kind) in the issued ranges. Bare 9-digit runs are
 *       not reported: in logs they are ids and counters far more often than SSNs.
 *   <li>phones: international "+CC ..." (7-15 digits, separators and "(0)"/"(20)" groups), NANP
 *       "(415) 555-0132", "415-555-0132", "1-800-555-0199", and national numbers with a trunk 0
 *       in separated groups ("090-1234-5678", "0176 88683122"), 9-12 digits. Bare digit runs are not phones.
 *   <li>IPv4: four dot-separated octets 0-255, not part of a longer dotted run (1.2.3.4.5 is a
 *       version, not an address) and not glued to letters.
 *   <li>IBAN: a country with IBANs, its exact length, groups of four when separated, mod-97.
 *   <li>AWS access key ids: AKIA, ASIA, AGPA, AIDA, AROA, ANPA, ANVA, AIPA, ABIA, ACCA, APKA, ASCA
 *       or A3T plus 16 upper-case letters and digits, bounded.
 *   <li>vendor API tokens ({@link VendorTokens}: GitHub, GitLab, Slack, Stripe, Google, npm, ...) at
 *       word starts.
 * </ul>
 */
public final class TokenScanner implements Detector {
  private final boolean cards;
  private final boolean ssn;
  private final boolean phone;
  private final boolean ipv4;
  private final boolean iban;
  private final boolean awsKey;

  public TokenScanner(Set<DetectorType> enabled) {
    this.cards = enabled.contains(DetectorType.CREDIT_CARD);
    this.ssn = enabled.contains(DetectorType.US_SSN);
    this.phone = enabled.contains(DetectorType.PHONE);
    this.ipv4 = enabled.contains(DetectorType.IPV4);
    this.iban = enabled.contains(DetectorType.IBAN);
    this.awsKey = enabled.contains(DetectorType.AWS_ACCESS_KEY_ID);
  }

  public static TokenScanner all() {
    return new TokenScanner(EnumSet.allOf(DetectorType.class));
  }

  @Override
  public Set<DetectorType> types() {
    return Set.of(DetectorType.CREDIT_CARD, DetectorType.US_SSN, DetectorType.PHONE, DetectorType.IPV4,
        DetectorType.IBAN, DetectorType.AWS_ACCESS_KEY_ID, DetectorType.API_TOKEN);
  }

  /** What an ASCII character is to the scan: between words, inside a word, 'S' inside a word, '+' or '('. */
  private static final byte GAP = 0;
  private static final byte WORD = 1;
  private static final byte CAPITAL_S = 2;
  private static final byte SIGN = 3;
  private static final byte[] CLASS = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      CLASS[c] = Chars.isAlnum(c) ? WORD : GAP;
    }
    CLASS['S'] = CAPITAL_S;
    CLASS['+'] = SIGN;
    CLASS['('] = SIGN;
  }

  @Override
  public void scan(String s, Findings out) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (out.stopsAtNonAscii()) {
          out.markNonAscii();
          return;
        }
        // a word of another script: nothing here starts with one; skip it
        i = Character.isLetterOrDigit(c) ? wordEnd(s, i + 1, n, out) : i + 1;
        continue;
      }
      byte cls = CLASS[c];
      if (cls == GAP) {
        i++;
        continue;
      }
      if (cls == SIGN) {
        i = !phone ? i + 1 : c == '+' ? DigitTokens.plusStart(s, i, out) : DigitTokens.parenStart(s, i, out);
        continue;
      }
      // a word starts at i: what can start here is decided by its first character, then the rest
      // of the word is skipped in one tight loop (nothing starts inside a word)
      int next;
      int keyword;
      if (c <= '9') {
        next = digitStart(s, i, out);
      } else if ((c | 0x20) == 'b' && startsScheme(s, i, n) && (keyword = AuthorizationDetector.schemeAt(s, i, out)) > 0) {
        next = keyword; // "Bearer <credential>", "basic <credential>"
      } else if ((c | 0x20) == 's' && startsSec(s, i, n) && (keyword = AwsSecretKeyDetector.keywordAt(s, i, out)) > 0) {
        next = keyword; // "secret_access_key = <key>"
      } else if (c >= 'A' && c <= 'Z') {
        next = upperStart(s, i, out);
      } else if (VendorTokens.mayStartAt(s, i)) {
        int end = VendorTokens.match(s, i);
        if (end > 0) {
          out.add(DetectorType.API_TOKEN, i, end);
        }
        next = end > 0 ? end : i + 1;
      } else {
        next = i + 1;
      }
      i = wordEnd(s, next, n, out);
    }
  }

  /**
   * The end of the word whose rest starts at {@code i}: letters and digits of any script, in one
   * tight loop; a camelCase "...Secret..." inside it still names a secret key.
   */
  private static int wordEnd(String s, int i, int n, Findings out) {
    while (i < n) {
      char c = s.charAt(i);
      if (c < 0x80) {
        byte cls = CLASS[c];
        if (cls == WORD) {
          i++;
          continue;
        }
        if (cls != CAPITAL_S) {
          return i;
        }
        int keyword;
        if (Chars.isLower(s.charAt(i - 1)) && startsSec(s, i, n)
            && (keyword = AwsSecretKeyDetector.keywordAt(s, i, out)) > 0) {
          i = keyword;
          continue;
        }
        i++;
      } else if (Character.isLetterOrDigit(c)) {
        i++;
      } else {
        return i;
      }
    }
    return i;
  }

  /** Whether "sec" (any case) is at {@code i}: the cheap test before looking for the keyword "secret". */
  private static boolean startsSec(String s, int i, int n) {
    return i + 6 <= n && (s.charAt(i + 1) | 0x20) == 'e' && (s.charAt(i + 2) | 0x20) == 'c';
  }

  /** Whether "bea" or "bas" (any case) is at {@code i}: the cheap test before looking for "Bearer" or "Basic". */
  private static boolean startsScheme(String s, int i, int n) {
    if (i + 6 > n) {
      return false; // "basic" and a space at least
    }
    char c1 = (char) (s.charAt(i + 1) | 0x20);
    char c2 = (char) (s.charAt(i + 2) | 0x20);
    return c1 == 'e' && c2 == 'a' || c1 == 'a' && c2 == 's';
  }

  // ---------------------------------------------------------------- digits

  private int digitStart(String s, int i, Findings out) {
    int n = s.length();
    int e = i;
    while (e < n && Chars.isDigit(s.charAt(e))) {
      e++;
    }
    int run = e - i;
    char after = e < n ? s.charAt(e) : 0;
    if (Chars.isAlnum(after)) {
      return e; // glued to a word ("0828c0d2", "23T16"): every number here must end at a non-letter
    }
    if (after != '.' && after != '-' && after != ' ' && after != '\t' && after != '_' && after != '/'
        && (run < 13 || run > 19)) {
      return e; // no separator after the run: only an unseparated card (13-19 digits) could start here
    }
    int end;
    if (ipv4 && run <= 3 && e < n && s.charAt(e) == '.' && !DigitTokens.productVersion(s, i)
        && (end = DigitTokens.ipv4At(s, i)) > 0) {
      out.add(DetectorType.IPV4, i, end);
      return end;
    }
    char first = s.charAt(i);
    // each detector's own first test, made here before the call: a card starts with 1-6 and is one
    // run of 13-19 or a first group of 4; SSNs and NANP numbers have their separator after 3 digits
    // (or "1-"), national numbers after a trunk 0 and 2-5 digits
    if (cards && first >= '1' && first <= '6' && (run == 4 || run >= 13 && run <= 19)
        && (end = DigitTokens.cardAt(s, i, out.cardContext())) > 0) {
      out.add(DetectorType.CREDIT_CARD, i, end);
      return end;
    }
    boolean dashOrDot = after == '-' || after == '.';
    boolean ssnRun = ssn && run == 3 && (dashOrDot || after == ' ');
    boolean nanpRun = phone && dashOrDot && (run == 3 || run == 1 && first == '1');
    boolean nationalRun = phone && run >= 2 && run <= 5 && first == '0' && (after == '-' || after == ' ');
    if ((ssnRun || nanpRun || nationalRun) && !DigitTokens.continuesGroups(s, i)) {
      if (ssnRun && (end = DigitTokens.ssnAt(s, i)) > 0) {
        out.add(DetectorType.US_SSN, i, end);
        return end;
      }
      if (nanpRun && (end = DigitTokens.nanpAt(s, i)) > 0) {
        out.add(DetectorType.PHONE, i, end);
        return end;
      }
      if (nationalRun && (end = DigitTokens.nationalAt(s, i, run)) > 0) {
        out.add(DetectorType.PHONE, i, end);
        return end;
      }
    }
    // skip the whole dotted number so that "2.3.4.5" inside "1.2.3.4.5" is never a start
    int j = e;
    while (j + 1 < n && s.charAt(j) == '.' && Chars.isDigit(s.charAt(j + 1))) {
      j++;
      while (j < n && Chars.isDigit(s.charAt(j))) {
        j++;
      }
    }
    return j;
  }

  // ---------------------------------------------------------------- capitals

  private int upperStart(String s, int i, Findings out) {
    int n = s.length();
    if (VendorTokens.mayStartAt(s, i)) {
      int end = VendorTokens.match(s, i);
      if (end > 0) {
        out.add(DetectorType.API_TOKEN, i, end);
        return end;
      }
    }
    if (awsKey && s.charAt(i) == 'A' && i + 20 <= n && CapitalTokens.awsKeyAt(s, i)) {
      out.add(DetectorType.AWS_ACCESS_KEY_ID, i, i + 20);
      return i + 20;
    }
    if (iban && i + 4 < n && Chars.isUpper(s.charAt(i + 1)) && Chars.isDigit(s.charAt(i + 2))
        && Chars.isDigit(s.charAt(i + 3))) {
      int end = CapitalTokens.ibanAt(s, i);
      if (end > 0) {
        out.add(DetectorType.IBAN, i, end);
        return end;
      }
    }
    int j = i + 1;
    while (j < n && Chars.isAlnum(s.charAt(j))) {
      j++;
    }
    return j;
  }
}

