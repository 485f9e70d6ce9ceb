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

  @Override
  public void scan(String s, Findings out) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c >= 0x80 && out.stopsAtNonAscii()) {
        out.markNonAscii();
        return;
      }
      if (!Chars.isAlnum(c)) {
        if (c == '+' && phone) {
          i = DigitTokens.plusStart(s, i, out);
        } else if (c == '(' && phone) {
          i = DigitTokens.parenStart(s, i, out);
        } else {
          i++;
        }
        continue;
      }
      // a word starts at i: what can start here is decided by its first character, then the rest
      // of the word is skipped in one tight loop (nothing starts inside a word)
      int next;
      int keyword;
      if (c <= '9') {
        next = digitStart(s, i, out);
      } else if ((c | 0x20) == 'b' && (keyword = AuthorizationDetector.schemeAt(s, i, out)) > 0) {
        next = keyword; // "Bearer <credential>", "basic <credential>"
      } else if ((c | 0x20) == 's' && (keyword = AwsSecretKeyDetector.keywordAt(s, i, out)) > 0) {
        next = keyword; // "secret_access_key = <key>"
      } else if (c >= 'A' && c <= 'Z') {
        next = upperStart(s, i, out);
      } else if (VendorTokens.canStart(c)) {
        int end = VendorTokens.match(s, i);
        if (end > 0) {
          out.add(DetectorType.API_TOKEN, i, end);
        }
        next = end > 0 ? end : i + 1;
      } else {
        next = i + 1;
      }
      // the rest of the word; a camelCase "...Secret..." inside it still names a secret key
      while (next < n && Chars.isAlnum(c = s.charAt(next))) {
        if (c == 'S' && Chars.isLower(s.charAt(next - 1)) && (keyword = AwsSecretKeyDetector.keywordAt(s, next, out)) > 0) {
          next = keyword;
          continue;
        }
        next++;
      }
      i = next;
    }
  }

  // ---------------------------------------------------------------- digits

  private int digitStart(String s, int i, Findings out) {
    int n = s.length();
    int e = i;
    while (e < n && Chars.isDigit(s.charAt(e))) {
      e++;
    }
    int run = e - i;
    int end;
    if (ipv4 && run <= 3 && e < n && s.charAt(e) == '.' && !DigitTokens.productVersion(s, i)
        && (end = DigitTokens.ipv4At(s, i)) > 0) {
      out.add(DetectorType.IPV4, i, end);
      return end;
    }
    if (cards && (end = DigitTokens.cardAt(s, i, out.cardContext())) > 0) {
      out.add(DetectorType.CREDIT_CARD, i, end);
      return end;
    }
    boolean continuation = DigitTokens.continuesGroups(s, i);
    if (ssn && run == 3 && !continuation && (end = DigitTokens.ssnAt(s, i)) > 0) {
      out.add(DetectorType.US_SSN, i, end);
      return end;
    }
    if (phone && (run == 3 || run == 1) && !continuation && (end = DigitTokens.nanpAt(s, i)) > 0) {
      out.add(DetectorType.PHONE, i, end);
      return end;
    }
    if (phone && run >= 2 && run <= 5 && s.charAt(i) == '0' && !continuation
        && (end = DigitTokens.nationalAt(s, i, run)) > 0) {
      out.add(DetectorType.PHONE, i, end);
      return end;
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
    if (VendorTokens.canStart(s.charAt(i))) {
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

